// The client's effective settings: machine policy beats the user's choice, which beats the
// defaults, field by field; a field the policy sets is locked (the UI shows it so and refuses
// to change it). User choices live behind the KeyValueStore port (electron-store in the app,
// memory in tests and the browser bridge), so this stays plain Node. Nothing secret is here.
import { z } from 'zod';
import { normalizeVerificationId } from '../../shared/domain/verification-id.ts';
import { ClientError, defineClientErrors } from './client-error.ts';
import { controlPlaneUrlSchema } from './control-plane-http-url.ts';
import type { ManagedConfig } from './managed-config.ts';

/** A synchronous key-value store of non-secret state (electron-store's shape). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export class MemoryKeyValueStore implements KeyValueStore {
  readonly #values = new Map<string, unknown>();
  get(key: string): unknown {
    return structuredClone(this.#values.get(key));
  }
  set(key: string, value: unknown): void {
    this.#values.set(key, structuredClone(value));
  }
  delete(key: string): void {
    this.#values.delete(key);
  }
}

export type Language = 'system' | 'en' | 'zh-CN';

export interface EffectiveSettings {
  controlPlaneUrl: string | undefined;
  enterpriseId: string | undefined;
  language: Language;
  autoStart: boolean;
  allowSignOut: boolean;
  updateUrl: string | undefined;
  updatesDisabled: boolean;
  extraCaCertificatesFile: string | undefined;
  /** Policy only: leave the OS proxy settings alone. */
  systemProxyDisabled: boolean;
  /** The identity source the person used last, preselected next time. */
  lastSourceId: string | undefined;
}

export type SettingName = keyof EffectiveSettings;
export type SettingOrigin = 'managed' | 'user' | 'default';

export interface ResolvedSettings {
  values: EffectiveSettings;
  /** Fields the machine policy sets; the person cannot change them. */
  locked: SettingName[];
  origin: Record<SettingName, SettingOrigin>;
}

export const DEFAULT_SETTINGS: EffectiveSettings = {
  controlPlaneUrl: undefined,
  enterpriseId: undefined,
  language: 'system',
  // An access client that is not running grants no access; IT can turn this off by policy.
  autoStart: true,
  allowSignOut: true,
  updateUrl: undefined,
  updatesDisabled: false,
  extraCaCertificatesFile: undefined,
  systemProxyDisabled: false,
  lastSourceId: undefined,
};

const enterpriseIdSchema = z.string().transform((value, ctx) => {
  const id = normalizeVerificationId(value);
  if (!id) {
    ctx.addIssue({ code: 'custom', message: 'not an enterprise verification ID' });
    return z.NEVER;
  }
  return id;
});

/** What a person may choose, with the schema each stored value must pass. */
export const USER_SETTINGS = {
  controlPlaneUrl: controlPlaneUrlSchema,
  enterpriseId: enterpriseIdSchema,
  language: z.enum(['system', 'en', 'zh-CN']),
  autoStart: z.boolean(),
  extraCaCertificatesFile: z
    .string()
    .min(1)
    .max(1024)
    .refine((p) => /^(\/|[A-Za-z]:\\|\\\\)/.test(p), 'must be an absolute path'),
  lastSourceId: z.string().min(1).max(128),
} as const satisfies Partial<Record<SettingName, z.ZodType>>;

export type UserSettingName = keyof typeof USER_SETTINGS;
export type UserSettingsPatch = {
  [K in UserSettingName]?: z.input<(typeof USER_SETTINGS)[K]> | null;
};

const STORE_PREFIX = 'settings.';

export const settingsErrors = defineClientErrors({
  SETTING_LOCKED: {
    message: {
      en: 'This setting ({setting}) is managed by your organization and cannot be changed.',
      'zh-CN': '此设置（{setting}）由贵组织统一管理，无法修改。',
    },
    fix: { en: 'Ask IT if it needs to change.', 'zh-CN': '如需修改，请联系 IT。' },
  },
  SETTING_INVALID: {
    message: {
      en: 'The value for {setting} is not valid: {reason}.',
      'zh-CN': '{setting} 的值无效：{reason}。',
    },
  },
});

export class SettingsError extends ClientError<keyof typeof settingsErrors> {
  constructor(code: keyof typeof settingsErrors, params: Record<string, string>) {
    super(code, settingsErrors[code], { params });
    this.name = 'SettingsError';
  }
}

/** Merges managed > user > defaults and names the locked fields. Pure. */
export function resolveSettings(
  managed: ManagedConfig,
  user: Partial<EffectiveSettings>,
  defaults: EffectiveSettings = DEFAULT_SETTINGS,
): ResolvedSettings {
  const values = { ...defaults };
  const origin = {} as Record<SettingName, SettingOrigin>;
  const locked: SettingName[] = [];
  for (const name of Object.keys(defaults) as SettingName[]) {
    const fromPolicy = (managed as Partial<EffectiveSettings>)[name];
    const fromUser = name in USER_SETTINGS ? user[name] : undefined;
    if (fromPolicy !== undefined) {
      (values as Record<string, unknown>)[name] = fromPolicy;
      origin[name] = 'managed';
      locked.push(name);
    } else if (fromUser !== undefined) {
      (values as Record<string, unknown>)[name] = fromUser;
      origin[name] = 'user';
    } else {
      origin[name] = 'default';
    }
  }
  return { values, locked, origin };
}

export class Settings {
  readonly #store: KeyValueStore;
  readonly #managed: ManagedConfig;
  readonly #defaults: EffectiveSettings;

  constructor(store: KeyValueStore, managed: ManagedConfig, defaults = DEFAULT_SETTINGS) {
    this.#store = store;
    this.#managed = managed;
    this.#defaults = defaults;
  }

  /** The user's stored choices; a value that no longer passes its schema is ignored. */
  userValues(): Partial<EffectiveSettings> {
    const user: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(USER_SETTINGS)) {
      const raw = this.#store.get(STORE_PREFIX + name);
      if (raw === undefined) continue;
      const parsed = (schema as z.ZodType).safeParse(raw);
      if (parsed.success) user[name] = parsed.data;
    }
    return user as Partial<EffectiveSettings>;
  }

  current(): ResolvedSettings {
    return resolveSettings(this.#managed, this.userValues(), this.#defaults);
  }

  /**
   * Applies a person's change: all fields are checked first (locked, valid), then written, so
   * a refused change leaves nothing half-done. null clears the user's choice.
   */
  update(patch: UserSettingsPatch): ResolvedSettings {
    const locked = new Set(this.current().locked);
    const writes: Array<[string, unknown]> = [];
    for (const [name, value] of Object.entries(patch)) {
      if (!(name in USER_SETTINGS)) {
        throw new SettingsError('SETTING_INVALID', { setting: name, reason: 'unknown setting' });
      }
      if (locked.has(name as SettingName))
        throw new SettingsError('SETTING_LOCKED', { setting: name });
      if (value === null || value === undefined) {
        writes.push([name, undefined]);
        continue;
      }
      const parsed = (USER_SETTINGS[name as UserSettingName] as z.ZodType).safeParse(value);
      if (!parsed.success) {
        throw new SettingsError('SETTING_INVALID', {
          setting: name,
          reason: parsed.error.issues[0]?.message ?? 'invalid value',
        });
      }
      writes.push([name, parsed.data]);
    }
    for (const [name, value] of writes) {
      if (value === undefined) this.#store.delete(STORE_PREFIX + name);
      else this.#store.set(STORE_PREFIX + name, value);
    }
    return this.current();
  }
}
