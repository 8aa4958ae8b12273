// Effective settings: managed > user > defaults field by field, locked fields refused, bad
// stored values ignored, and the device identity kept once made.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_SETTINGS,
  MemoryKeyValueStore,
  Settings,
  SettingsError,
  resolveSettings,
  type EffectiveSettings,
} from '../../../main/core/settings.ts';
import { deviceId, deviceIdentity } from '../../../main/core/device.ts';

describe('settings precedence', () => {
  it('machine policy beats the user, which beats the defaults, and policy fields are locked', () => {
    const resolved = resolveSettings(
      { controlPlaneUrl: 'https://managed.example.com', allowSignOut: false },
      { controlPlaneUrl: 'https://mine.example.com', language: 'zh-CN', autoStart: false },
    );
    expect(resolved.values).toEqual({
      ...DEFAULT_SETTINGS,
      controlPlaneUrl: 'https://managed.example.com',
      allowSignOut: false,
      language: 'zh-CN',
      autoStart: false,
    });
    expect(resolved.locked.sort()).toEqual(['allowSignOut', 'controlPlaneUrl']);
    expect(resolved.origin).toMatchObject({
      controlPlaneUrl: 'managed',
      language: 'user',
      autoStart: 'user',
      enterpriseId: 'default',
    });
  });

  it('policy-only settings cannot come from the user store', () => {
    const user = { allowSignOut: false, updatesDisabled: true } as Partial<EffectiveSettings>;
    const resolved = resolveSettings({}, user);
    expect(resolved.values.allowSignOut).toBe(true);
    expect(resolved.values.updatesDisabled).toBe(false);
  });

  it('holds for any combination: a managed value always wins and is always locked', () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    fc.assert(
      fc.property(maybe(fc.boolean()), maybe(fc.boolean()), (managed, user) => {
        const r = resolveSettings(
          managed === undefined ? {} : { autoStart: managed },
          user === undefined ? {} : { autoStart: user },
        );
        expect(r.values.autoStart).toBe(managed ?? user ?? DEFAULT_SETTINGS.autoStart);
        expect(r.locked.includes('autoStart')).toBe(managed !== undefined);
      }),
    );
  });
});

describe('Settings over a key-value store', () => {
  it('stores the person’s choices normalized, and clears them with null', () => {
    const settings = new Settings(new MemoryKeyValueStore(), {});
    const after = settings.update({
      controlPlaneUrl: 'gate.example.com/',
      enterpriseId: 'K7M2 P9Q4 X8ZA',
      language: 'en',
    });
    expect(after.values).toMatchObject({
      controlPlaneUrl: 'https://gate.example.com',
      enterpriseId: 'k7m2p9q4x8za',
      language: 'en',
    });
    expect(settings.update({ language: null }).values.language).toBe('system');
  });

  it('refuses to change a locked field, and changes nothing else of the same request', () => {
    const settings = new Settings(new MemoryKeyValueStore(), { enterpriseId: 'k7m2p9q4x8za' });
    let error: unknown;
    try {
      settings.update({ language: 'en', enterpriseId: 'abcd2345efgh' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).code).toBe('SETTING_LOCKED');
    expect((error as SettingsError).describe('zh-CN').message).toContain('enterpriseId');
    expect(settings.current().values.language).toBe('system');
    expect(settings.current().values.enterpriseId).toBe('k7m2p9q4x8za');
  });

  it('refuses invalid values and unknown or policy-only settings', () => {
    const settings = new Settings(new MemoryKeyValueStore(), {});
    expect(() => settings.update({ controlPlaneUrl: 'http://gate.example.com' })).toThrow(
      SettingsError,
    );
    expect(() => settings.update({ enterpriseId: 'nope' })).toThrow(/not valid/);
    expect(() => settings.update({ allowSignOut: false } as never)).toThrow(/unknown setting/);
  });

  it('ignores stored values that no longer pass their schema', () => {
    const store = new MemoryKeyValueStore();
    store.set('settings.language', 'fr');
    store.set('settings.autoStart', false);
    const settings = new Settings(store, {});
    expect(settings.current().values).toMatchObject({ language: 'system', autoStart: false });
  });
});

describe('device identity', () => {
  it('makes a random id once and keeps it', () => {
    const store = new MemoryKeyValueStore();
    const first = deviceId(store);
    expect(first).toMatch(/^dev_[A-Za-z0-9_-]{22}$/);
    expect(deviceId(store)).toBe(first);
    expect(deviceId(new MemoryKeyValueStore())).not.toBe(first);
  });

  it('replaces an unusable stored id', () => {
    const store = new MemoryKeyValueStore();
    store.set('device.id', '../../etc');
    expect(deviceId(store)).toMatch(/^dev_/);
  });

  it('names the machine with printable, bounded text', () => {
    const identity = deviceIdentity(new MemoryKeyValueStore(), '0.1.0', {
      hostname: `laptop\u0000-${'x'.repeat(300)}`,
      platform: 'win32',
      release: '10.0.22631',
    });
    expect(identity.name.startsWith('laptop-')).toBe(true);
    expect(identity.name).toHaveLength(128);
    expect(identity.os).toBe('Windows 10.0.22631');
    expect(identity.app_version).toBe('0.1.0');
    expect(
      deviceIdentity(new MemoryKeyValueStore(), '1', {
        hostname: '\u0007',
        platform: 'linux',
        release: '6',
      }).name,
    ).toBe('Unknown device');
  });
});
