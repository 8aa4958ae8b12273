// Self-update through electron-updater from a generic feed (latest.yml and the installers on
// any static https server), only when main/core/update-policy.ts says so. Downloads in the
// background, installs on quit; the check repeats with jitter so a fleet does not stampede.
import electronUpdater from 'electron-updater';
import type { UpdateDecision } from '../core/update-policy.ts';

export type UpdateStatus = 'checking' | 'available' | 'none' | 'downloaded' | 'error';

const CHECK_EVERY_MS = 6 * 60 * 60_000;

export function startAutoUpdates(
  decision: UpdateDecision,
  onStatus: (status: UpdateStatus, detail?: string) => void = () => undefined,
): () => void {
  if (!decision.enabled) return () => undefined;
  const { autoUpdater } = electronUpdater;
  autoUpdater.setFeedURL({ provider: 'generic', url: decision.feedUrl });
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.allowDowngrade = false;
  autoUpdater.on('checking-for-update', () => onStatus('checking'));
  autoUpdater.on('update-available', (info) => onStatus('available', info.version));
  autoUpdater.on('update-not-available', () => onStatus('none'));
  autoUpdater.on('update-downloaded', (info) => onStatus('downloaded', info.version));
  autoUpdater.on('error', (error) => onStatus('error', error.message));
  const check = () => void autoUpdater.checkForUpdates().catch(() => undefined);
  let timer: NodeJS.Timeout;
  const schedule = () => {
    timer = setTimeout(
      () => {
        check();
        schedule();
      },
      CHECK_EVERY_MS * (0.75 + Math.random() * 0.5),
    );
  };
  check();
  schedule();
  return () => clearTimeout(timer);
}
