// This installation's identity towards the control plane: a random id made once and kept in
// the non-secret store (it names the device, it proves nothing), a readable name and the OS.
import { randomBytes } from 'node:crypto';
import { hostname, release } from 'node:os';
import type { KeyValueStore } from './settings.ts';

export interface DeviceIdentity {
  id: string;
  name: string;
  os: string;
  app_version: string;
}

const DEVICE_ID_KEY = 'device.id';
const DEVICE_ID = /^dev_[A-Za-z0-9_-]{22}$/;
const OS_NAMES: Record<string, string> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' };

/** The stored device id, or a new one stored now (an unusable stored value is replaced). */
export function deviceId(
  store: KeyValueStore,
  random: (n: number) => Buffer = randomBytes,
): string {
  const stored = store.get(DEVICE_ID_KEY);
  if (typeof stored === 'string' && DEVICE_ID.test(stored)) return stored;
  const id = `dev_${random(16).toString('base64url')}`;
  store.set(DEVICE_ID_KEY, id);
  return id;
}

/** Printable, bounded text: host names and OS strings come from outside the app. */
const label = (text: string, max: number, fallback: string): string => {
  const clean = text
    .replace(/[\p{Cc}\p{Cs}]/gu, '')
    .trim()
    .slice(0, max)
    .trim();
  return clean.length > 0 ? clean : fallback;
};

export function deviceIdentity(
  store: KeyValueStore,
  appVersion: string,
  machine: { hostname: string; platform: string; release: string } = {
    hostname: hostname(),
    platform: process.platform,
    release: release(),
  },
): DeviceIdentity {
  return {
    id: deviceId(store),
    name: label(machine.hostname, 128, 'Unknown device'),
    os: label(
      `${OS_NAMES[machine.platform] ?? machine.platform} ${machine.release}`,
      64,
      'Unknown OS',
    ),
    app_version: appVersion,
  };
}
