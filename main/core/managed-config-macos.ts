// macOS machine policy: the managed preferences a configuration profile (MDM) installs for the
// domain com.gatehouse.client. Those files are binary plists, so `plutil` (on every Mac)
// converts them to JSON; a per-user profile lands under the user's name and the machine one wins.
import { access } from 'node:fs/promises';
import { noManagedConfig, parseManagedValues, type ManagedConfigResult } from './managed-config.ts';
import type { CommandRunner } from './managed-config-windows.ts';

export const MACOS_PREFERENCE_DOMAIN = 'com.gatehouse.client';
export const MACOS_MANAGED_DIR = '/Library/Managed Preferences';

export interface MacosPolicyOptions {
  run: CommandRunner;
  user?: string | undefined;
  dir?: string;
  exists?: (path: string) => Promise<boolean>;
}

const fileExists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

export async function readMacosPolicy(options: MacosPolicyOptions): Promise<ManagedConfigResult> {
  const dir = options.dir ?? MACOS_MANAGED_DIR;
  const exists = options.exists ?? fileExists;
  const candidates = [
    ...(options.user ? [`${dir}/${options.user}/${MACOS_PREFERENCE_DOMAIN}.plist`] : []),
    `${dir}/${MACOS_PREFERENCE_DOMAIN}.plist`,
  ];
  const merged: Record<string, unknown> = {};
  const found: string[] = [];
  for (const file of candidates) {
    if (!(await exists(file))) continue;
    let answer;
    try {
      answer = await options.run('plutil', ['-convert', 'json', '-o', '-', file]);
    } catch (error) {
      return noManagedConfig([
        { setting: '*', reason: `plutil failed: ${(error as Error).message}` },
      ]);
    }
    if (answer.exitCode !== 0) {
      return noManagedConfig([{ setting: '*', reason: `${file} is not a readable plist` }]);
    }
    let values: unknown;
    try {
      values = JSON.parse(answer.stdout);
    } catch {
      return noManagedConfig([{ setting: '*', reason: `${file} did not convert to JSON` }]);
    }
    if (typeof values === 'object' && values !== null) Object.assign(merged, values);
    found.push(file);
  }
  if (found.length === 0) return noManagedConfig();
  const { config, problems } = parseManagedValues(merged);
  return { config, problems, source: 'macos-profile', location: found.reverse().join(' + ') };
}
