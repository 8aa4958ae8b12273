// Windows machine policy: HKLM\Software\Policies\Gatehouse (and the per-user HKCU key, which
// machine policy overrides field by field), read with `reg query`, the tool every Windows has,
// rather than a native registry module in the package.
import { parseManagedValues, type ManagedConfigResult, noManagedConfig } from './managed-config.ts';

export const WINDOWS_POLICY_KEYS = [
  'HKLM\\Software\\Policies\\Gatehouse',
  'HKCU\\Software\\Policies\\Gatehouse',
] as const;

export type CommandRunner = (
  file: string,
  args: string[],
) => Promise<{ stdout: string; exitCode: number }>;

type Env = Record<string, string | undefined>;

const expand = (value: string, env: Env): string =>
  value.replace(/%([^%]+)%/g, (whole, name: string) => {
    const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
    return key !== undefined ? (env[key] ?? whole) : whole;
  });

/**
 * Parses `reg query <key>` output: lines of "    Name    REG_TYPE    Data" under the key
 * line. Subkeys and the header are skipped; DWORDs become numbers, REG_EXPAND_SZ is expanded.
 */
export function parseRegQueryOutput(stdout: string, env: Env = {}): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^ {4}(.+?) {4}(REG_[A-Z_0-9]+)(?: {4}(.*))?$/.exec(line);
    if (!match) continue;
    const [, name, type, data = ''] = match;
    switch (type) {
      case 'REG_DWORD':
      case 'REG_QWORD':
        values[name!] = Number.parseInt(data, 16);
        break;
      case 'REG_SZ':
        values[name!] = data;
        break;
      case 'REG_EXPAND_SZ':
        values[name!] = expand(data, env);
        break;
      default:
        // REG_MULTI_SZ, REG_BINARY...: not a type any Gatehouse policy uses.
        values[name!] = { unsupportedType: type };
    }
  }
  return values;
}

export async function readWindowsPolicy(
  run: CommandRunner,
  env: Env = process.env,
): Promise<ManagedConfigResult> {
  const merged: Record<string, unknown> = {};
  const found: string[] = [];
  // The per-user key first, so the machine key overwrites it.
  for (const key of [...WINDOWS_POLICY_KEYS].reverse()) {
    let answer;
    try {
      answer = await run('reg', ['query', key]);
    } catch (error) {
      return noManagedConfig([
        { setting: '*', reason: `reg query failed: ${(error as Error).message}` },
      ]);
    }
    // Exit code 1 with "unable to find the specified registry key": no policy there.
    if (answer.exitCode !== 0) continue;
    found.push(key);
    Object.assign(merged, parseRegQueryOutput(answer.stdout, env));
  }
  if (found.length === 0) return noManagedConfig();
  const { config, problems } = parseManagedValues(merged);
  return { config, problems, source: 'windows-registry', location: found.reverse().join(' + ') };
}
