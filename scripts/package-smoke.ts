// Packaging smoke test, offline: validates electron-builder.yml, packages a Linux directory
// build against a stub Electron dist (the real binary cannot be downloaded here), then checks
// the result: the asar holds exactly the built app (out/, package.json, production
// dependencies; no sources, tests, .ts files, dev dependencies, .env or keys), the keyring's
// native binary is unpacked, the fuses are flipped and the update feed is configured.
// The stub binary carries an Electron fuse wire (sentinel + version + fuses at Electron's
// defaults), so @electron/fuses flips real bytes that are read back here.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string): string[];
  statFile(archive: string, path: string): { unpacked?: boolean };
  extractFile(archive: string, path: string): Buffer;
};
const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses') as {
  getCurrentFuseWire(path: string): Promise<Record<string, number>>;
  FuseV1Options: Record<string, number>;
};
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util');

const started = Date.now();
const root = process.cwd();
const failures: string[] = [];
const check = (ok: boolean, message: string) => {
  if (!ok) failures.push(message);
};

// --- 1. config --------------------------------------------------------------------------
await validateConfiguration(
  await getConfig(root, 'electron-builder.yml', null),
  new DebugLogger(false),
);
console.log('config: valid');

// --- 2. the built app ---------------------------------------------------------------------
if (!existsSync(join(root, 'out/main/index.js'))) {
  console.log('out/ missing: building');
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}

// --- 3. package against a stub Electron -----------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'gatehouse-package-'));
const dist = join(work, 'electron-dist');
const output = join(work, 'release');
mkdirSync(join(dist, 'resources'), { recursive: true });
const electronVersion = (require('electron/package.json') as { version: string }).version;
// Fuse wire v1 at Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on,
// --inspect on, asar integrity off, only-asar off, browser V8 snapshot off, file:// privileges on.
const DEFAULT_WIRE = '10110001';
writeFileSync(
  join(dist, 'electron'),
  Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stub electron"\nexit 0\n# '),
    Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
    Buffer.from([1, DEFAULT_WIRE.length]),
    Buffer.from(DEFAULT_WIRE),
    Buffer.from('\n'),
  ]),
);
chmodSync(join(dist, 'electron'), 0o755);
writeFileSync(join(dist, 'version'), electronVersion);

const UPDATE_URL = 'https://updates.invalid/gatehouse';
try {
  const build = spawnSync(
    'npx',
    [
      'electron-builder',
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${dist}`,
      `-c.directories.output=${output}`,
    ],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        GATEHOUSE_UPDATE_URL: UPDATE_URL,
        CSC_IDENTITY_AUTO_DISCOVERY: 'false',
      },
      timeout: 120_000,
    },
  );
  if (build.status !== 0) {
    console.error(build.stdout, build.stderr);
    throw new Error(`electron-builder failed (exit ${build.status})`);
  }
  console.log(`packaged in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const appDir = join(output, 'linux-unpacked');
  const resources = join(appDir, 'resources');
  const archive = join(resources, 'app.asar');
  const files = asar.listPackage(archive).map((p) => p.replace(/\\/g, '/'));

  // --- 4. the asar holds exactly the built app ----------------------------------------------
  // Packages are matched by name and version against the lockfile's production entries (not by
  // path: electron-builder lays node_modules out its own way).
  type LockEntry = { version?: string; dev?: boolean; devOptional?: boolean };
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const production = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = path.replace(/^.*node_modules\//, '');
    if (path && !entry.dev && !entry.devOptional) production.add(`${name}@${entry.version}`);
  }
  /** "/node_modules/a/node_modules/@s/b/lib/x.js" -> "node_modules/a/node_modules/@s/b". */
  const packageOf = (path: string): string | undefined => {
    const parts = path.replace(/^\//, '').split('/');
    let end = -1;
    for (let i = 0; i + 1 < parts.length; i++) {
      if (parts[i] !== 'node_modules') continue;
      end = parts[i + 1]!.startsWith('@') ? i + 2 : i + 1;
      i = end;
    }
    return end < 0 || end >= parts.length ? undefined : parts.slice(0, end + 1).join('/');
  };
  const packages = new Set(files.map(packageOf).filter((p): p is string => p !== undefined));
  for (const file of files) {
    if (file === '/package.json' || file === '/out' || file.startsWith('/out/')) continue;
    const pkg = packageOf(file);
    // Directories on the way to a package (/node_modules, /node_modules/@scope) are fine.
    const onTheWay = [...packages].some((p) => `/${p}`.startsWith(`${file}/`));
    if (!pkg && !onTheWay) failures.push(`not part of the built app: ${file}`);
  }
  for (const pkg of packages) {
    const manifest = JSON.parse(
      asar.extractFile(archive, `${pkg}/package.json`).toString('utf8'),
    ) as {
      name: string;
      version: string;
    };
    const id = `${manifest.name}@${manifest.version}`;
    check(production.has(id), `not a production dependency: ${id} (at ${pkg})`);
  }
  for (const file of files) {
    check(!/\.(ts|tsx|mts|cts)$/.test(file), `TypeScript source in the asar: ${file}`);
    check(!/\.map$/.test(file), `source map in the asar: ${file}`);
    check(!/(^|\/)\.env(\.|$)/.test(file), `.env file in the asar: ${file}`);
    check(!/\.(pem|key|p12|pfx)$/.test(file), `key material in the asar: ${file}`);
  }
  for (const needed of [
    '/package.json',
    '/out/main/index.js',
    '/out/preload/index.cjs',
    '/out/renderer/index.html',
  ]) {
    check(files.includes(needed), `missing from the asar: ${needed}`);
  }
  const pkgJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const dep of Object.keys(pkgJson.dependencies)) {
    check(
      files.includes(`/node_modules/${dep}/package.json`),
      `production dependency missing: ${dep}`,
    );
  }

  // --- 5. the native keyring is unpacked ------------------------------------------------------
  const nodeBinary = 'node_modules/@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node';
  check(files.includes(`/${nodeBinary}`), `keyring binary not listed in the asar: ${nodeBinary}`);
  check(
    asar.statFile(archive, nodeBinary).unpacked === true,
    'keyring binary is not marked unpacked',
  );
  check(
    existsSync(join(resources, 'app.asar.unpacked', nodeBinary)),
    'keyring binary missing from app.asar.unpacked',
  );

  // --- 6. fuses and update feed -------------------------------------------------------------
  const wire = await getCurrentFuseWire(join(appDir, 'gatehouse'));
  const expected: Record<string, boolean> = {
    RunAsNode: false,
    EnableCookieEncryption: true,
    EnableNodeOptionsEnvironmentVariable: false,
    EnableNodeCliInspectArguments: false,
    EnableEmbeddedAsarIntegrityValidation: true,
    OnlyLoadAppFromAsar: true,
  };
  for (const [name, on] of Object.entries(expected)) {
    check(
      wire[FuseV1Options[name]!] === (on ? 49 : 48),
      `fuse ${name} should be ${on ? 'on' : 'off'}`,
    );
  }
  const updateYml = readFileSync(join(resources, 'app-update.yml'), 'utf8');
  check(
    updateYml.includes('provider: generic') && updateYml.includes(`url: ${UPDATE_URL}`),
    'app-update.yml lacks the generic feed',
  );

  console.log(`asar: ${files.length} entries, ${packages.size} packages, all production`);
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(join(root, 'release'), { recursive: true, force: true });
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failures.length > 0) {
  console.error(`package smoke FAILED in ${seconds} s:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`package smoke passed in ${seconds} s`);
