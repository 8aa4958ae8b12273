// Where the master key comes from: GATEHOUSE_MASTER_KEY (base64 of 32 bytes; what several
// replicas must share) or, for a single embedded install, a key file in the data directory that
// is created on first start with mode 0600 and refused later if others can read it.
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

export interface MasterKey {
  key: Buffer;
  source: 'env' | 'file-created' | 'file';
  path?: string;
}

export class MasterKeyError extends Error {}

export function parseMasterKey(base64: string): Buffer {
  const text = base64.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) {
    throw new MasterKeyError(
      `GATEHOUSE_MASTER_KEY must be base64 of exactly 32 bytes (got ${key.length}); create one with: openssl rand -base64 32`,
    );
  }
  return key;
}

export function loadMasterKey(options: { base64?: string; keyFile: string }): MasterKey {
  if (options.base64) return { key: parseMasterKey(options.base64), source: 'env' };
  const path = options.keyFile;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    // "wx": create only if absent, so two processes starting at once cannot both write a key.
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(32).toString('base64')}\n`);
    } finally {
      closeSync(fd);
    }
    chmodSync(path, 0o600); // the umask cannot widen it, but be explicit
    return { key: readKeyFile(path), source: 'file-created', path };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new MasterKeyError(
      `the master key file ${path} is readable by others (mode ${mode.toString(8)}); run: chmod 600 ${path}`,
    );
  }
  return { key: readKeyFile(path), source: 'file', path };
}

function readKeyFile(path: string): Buffer {
  const text = readFileSync(path, 'utf8').trim();
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new MasterKeyError(`the master key file ${path} does not hold 32 base64 bytes`);
  return key;
}
