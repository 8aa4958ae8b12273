// Whether this installation updates itself, and from where: machine policy can turn updates
// off or point them at its own feed; the installer carries a default feed from the build.
// deb/rpm installs belong to the system's package manager (IT's repository), not the app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type UpdateDecision =
  | { enabled: true; feedUrl: string }
  | {
      enabled: false;
      reason:
        'disabled-by-policy' | 'no-feed' | 'not-packaged' | 'package-manager' | 'invalid-feed';
    };

export interface UpdateContext {
  updatesDisabled: boolean;
  /** From machine policy (UpdateUrl), already validated as https. */
  policyFeedUrl: string | undefined;
  /** Baked in at build time (GATEHOUSE_UPDATE_URL), may be absent. */
  builtInFeedUrl: string | undefined;
  isPackaged: boolean;
  platform: string;
  /** AppImage sets APPIMAGE to the image's path; only that Linux format updates itself. */
  env: Record<string, string | undefined>;
}

const isHttpsUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password;
  } catch {
    return false;
  }
};

export function decideUpdates(context: UpdateContext): UpdateDecision {
  if (context.updatesDisabled) return { enabled: false, reason: 'disabled-by-policy' };
  if (!context.isPackaged) return { enabled: false, reason: 'not-packaged' };
  if (context.platform === 'linux' && !context.env.APPIMAGE) {
    return { enabled: false, reason: 'package-manager' };
  }
  const feedUrl = context.policyFeedUrl ?? context.builtInFeedUrl;
  if (!feedUrl) return { enabled: false, reason: 'no-feed' };
  if (!isHttpsUrl(feedUrl)) return { enabled: false, reason: 'invalid-feed' };
  return { enabled: true, feedUrl };
}

/** The feed electron-builder baked into the installer (resources/app-update.yml), if any. */
export function readBuiltInFeedUrl(resourcesPath: string): string | undefined {
  try {
    const yml = readFileSync(join(resourcesPath, 'app-update.yml'), 'utf8');
    return /^url:\s*['"]?([^'"\s]+)/m.exec(yml)?.[1];
  } catch {
    return undefined;
  }
}
