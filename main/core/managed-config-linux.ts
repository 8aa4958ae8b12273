// Linux machine policy: /etc/gatehouse/managed.json, deployed by the fleet tool (Ansible,
// Puppet, a package). A file that non-admins could write is not machine policy and is ignored.
import { readFile, stat } from 'node:fs/promises';
import { noManagedConfig, parseManagedValues, type ManagedConfigResult } from './managed-config.ts';

export const LINUX_MANAGED_FILE = '/etc/gatehouse/managed.json';
const MAX_BYTES = 64 * 1024;

export async function readLinuxPolicy(
  path: string = LINUX_MANAGED_FILE,
): Promise<ManagedConfigResult> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return noManagedConfig();
    return noManagedConfig([
      { setting: '*', reason: `${path}: ${(error as { code?: string }).code ?? 'unreadable'}` },
    ]);
  }
  if (!info.isFile()) return noManagedConfig([{ setting: '*', reason: `${path} is not a file` }]);
  if ((info.mode & 0o022) !== 0) {
    return noManagedConfig([
      {
        setting: '*',
        reason: `${path} is writable by group or others; ignored (use mode 0644, owner root)`,
      },
    ]);
  }
  if (info.size > MAX_BYTES)
    return noManagedConfig([{ setting: '*', reason: `${path} is too large` }]);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return noManagedConfig([
      { setting: '*', reason: `${path} is not valid JSON (${(error as Error).message})` },
    ]);
  }
  const { config, problems } = parseManagedValues(json);
  return { config, problems, source: 'linux-file', location: path };
}
