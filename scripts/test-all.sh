#!/usr/bin/env bash
# The whole test suite: typecheck, lint, format, build, packaging config, unit + integration
# (vitest) and browser (Playwright) tests. Starts the real components it can find: a throwaway
# PostgreSQL on a loopback port and a Secret Service (gnome-keyring in a dbus session).
# Ends with one plain line "N passed, N failed, N skipped" that sums every check and test.
set -uo pipefail
cd "$(dirname "$0")/.."
[ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = 24 ] || . scripts/node-env.sh
RESULTS=.ci/results
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
CHECKS="$RESULTS/checks.tsv"; : > "$CHECKS"

check() { # name, command...: one line per check in $CHECKS, output in $RESULTS/name.log
  local name="$1"; shift
  local start=$SECONDS
  if "$@" >"$RESULTS/$name.log" 2>&1; then
    printf '%s\tpassed\n' "$name" >>"$CHECKS"; echo "ok   $name ($((SECONDS - start)) s)"
  else
    printf '%s\tfailed\n' "$name" >>"$CHECKS"; echo "FAIL $name ($((SECONDS - start)) s), last lines:"; tail -n 40 "$RESULTS/$name.log"
  fi
}

# --- PostgreSQL: a throwaway cluster on a loopback port unless DATABASE_URL is given --------
PG_DIR=""
stop_pg() { [ -n "$PG_DIR" ] && runas_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1; [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"; }
runas_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ -z "${DATABASE_URL:-}" ]; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ]; then
    PG_DIR="$(mktemp -d /tmp/gatehouse-pg.XXXXXX)"; [ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
    PG_PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    if runas_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U gatehouse --auth=trust -E UTF8 --no-sync >"$RESULTS/pg-init.log" 2>&1 &&
       runas_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >>"$RESULTS/pg-init.log" 2>&1; then
      export DATABASE_URL="postgres://gatehouse@127.0.0.1:$PG_PORT/postgres"
      trap stop_pg EXIT
      echo "PostgreSQL on 127.0.0.1:$PG_PORT"
    else
      echo "PostgreSQL could not start (see $RESULTS/pg-init.log); PostgreSQL tests will be skipped"; PG_DIR=""
    fi
  else
    echo "No PostgreSQL server binaries; PostgreSQL tests will be skipped"
  fi
fi
export GATEHOUSE_TEST_PG_URL="${DATABASE_URL:-}"

# --- Static checks --------------------------------------------------------------------------
check typecheck npm run --silent typecheck
check lint npm run --silent lint
check format npm run --silent format:check
check build npm run --silent build
check electron-builder-config node scripts/validate-electron-builder.ts
check package node scripts/package-smoke.ts

# --- Unit + integration (vitest), inside a Secret Service session when one can be started --
run_vitest() { npx vitest run --reporter=default --reporter=json --outputFile="$RESULTS/vitest.json"; }
export -f run_vitest; export RESULTS
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  XDG_DATA_HOME="$(mktemp -d)" dbus-run-session -- bash -c \
    'echo -n gatehouse | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; export GATEHOUSE_SECRET_SERVICE=1; run_vitest' \
    2>&1 | grep -v 'Failed to set fd limit' | tee "$RESULTS/vitest.log" | grep -E '✓|×|FAIL|Test Files|Tests ' | tail -n 80
else
  echo "No gnome-keyring/dbus: keychain tests will be skipped"
  run_vitest 2>&1 | tee "$RESULTS/vitest.log" | grep -E '×|FAIL|Test Files|Tests ' | tail -n 80
fi

# --- Browser tests (Playwright, Debian's Chromium) -------------------------------------------
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  npx playwright test 2>&1 | tee "$RESULTS/playwright.log" | tail -n 40
else
  echo "No Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}: browser tests not run"
fi

node scripts/count-results.ts "$RESULTS"
