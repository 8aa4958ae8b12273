// The KeyValueStore port on electron-store: a JSON file in the app's user-data folder for
// non-secret state (settings, device id). A damaged file is reset rather than stopping the app:
// everything in it can be chosen again, and secrets are never in it.
import Store from 'electron-store';
import type { KeyValueStore } from '../core/settings.ts';

export function createElectronKeyValueStore(name = 'gatehouse'): KeyValueStore {
  const store = new Store<Record<string, unknown>>({ name, clearInvalidConfig: true });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}
