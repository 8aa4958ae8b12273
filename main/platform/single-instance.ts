// One Gatehouse per user session: a second launch (a double click, the login item) hands over
// to the running one, which shows its window, and quits.
import type { App } from 'electron';

/** False when another instance runs (this one should quit at once). */
export function acquireSingleInstance(app: App, onSecondLaunch: (argv: string[]) => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', (_event, argv) => onSecondLaunch(argv));
  return true;
}
