// Picks the machine-policy reader for this OS. Whatever goes wrong comes back as problems on an
// empty policy: a broken policy must never keep the app from starting.
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { readMacosPolicy } from './managed-config-macos.ts';
import { readLinuxPolicy } from './managed-config-linux.ts';
import { noManagedConfig, type ManagedConfigResult } from './managed-config.ts';
import { readWindowsPolicy, type CommandRunner } from './managed-config-windows.ts';

/** Runs a system tool without a shell; a non-zero exit is an answer, not an exception. */
export const runCommand: CommandRunner = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: 10_000, windowsHide: true, encoding: 'utf8' },
      (error, stdout) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ stdout, exitCode: error ? Number(error.code) : 0 });
      },
    );
  });

export interface LoadManagedConfigOptions {
  platform?: NodeJS.Platform;
  run?: CommandRunner;
  env?: Record<string, string | undefined>;
  linuxPath?: string;
  macosDir?: string;
}

export async function loadManagedConfig(
  options: LoadManagedConfigOptions = {},
): Promise<ManagedConfigResult> {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? runCommand;
  try {
    switch (platform) {
      case 'win32':
        return await readWindowsPolicy(run, options.env ?? process.env);
      case 'darwin':
        return await readMacosPolicy({
          run,
          user: safeUser(),
          ...(options.macosDir ? { dir: options.macosDir } : {}),
        });
      case 'linux':
        return await readLinuxPolicy(options.linuxPath);
      default:
        return noManagedConfig();
    }
  } catch (error) {
    return noManagedConfig([
      { setting: '*', reason: `policy could not be read: ${(error as Error).message}` },
    ]);
  }
}

const safeUser = (): string | undefined => {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
};
