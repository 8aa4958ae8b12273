// Machine policy set by IT (Windows registry, macOS configuration profile, Linux JSON file):
// one vocabulary of setting names on every platform, read field by field so one bad value is
// reported and ignored without losing the others, and never crashes the app.
import { z } from 'zod';
import { normalizeVerificationId } from '../../shared/domain/verification-id.ts';
import { controlPlaneUrlSchema } from './control-plane-http-url.ts';

export interface ManagedConfig {
  controlPlaneUrl?: string;
  enterpriseId?: string;
  autoStart?: boolean;
  allowSignOut?: boolean;
  updateUrl?: string;
  updatesDisabled?: boolean;
  extraCaCertificatesFile?: string;
  /** On: the client leaves the OS proxy settings alone (IT points browsers at the PAC). */
  systemProxyDisabled?: boolean;
}

export type ManagedConfigSource = 'windows-registry' | 'macos-profile' | 'linux-file' | 'none';

export interface ManagedConfigProblem {
  /** The policy name as IT wrote it ("ControlPlaneUrl"), or "*" for the whole source. */
  setting: string;
  reason: string;
}

export interface ManagedConfigResult {
  config: ManagedConfig;
  source: ManagedConfigSource;
  /** Where it was read from (registry key, file path), for the about screen and logs. */
  location?: string;
  problems: ManagedConfigProblem[];
}

/** Registry DWORD 0/1, plist/JSON booleans, and the strings admins also type. */
const flag = z.union([
  z.boolean(),
  z.literal(0).transform(() => false),
  z.literal(1).transform(() => true),
  z
    .enum(['true', 'false', '1', '0', 'TRUE', 'FALSE', 'True', 'False'])
    .transform((s) => s === '1' || s.toLowerCase() === 'true'),
]);

const httpsUrl = z
  .string()
  .trim()
  .refine((s) => {
    try {
      const url = new URL(s);
      return url.protocol === 'https:' && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an https URL');

const enterpriseId = z.string().transform((value, ctx) => {
  const id = normalizeVerificationId(value);
  if (!id) {
    ctx.addIssue({ code: 'custom', message: 'not an enterprise verification ID (12 characters)' });
    return z.NEVER;
  }
  return id;
});

const filePath = z
  .string()
  .trim()
  .min(1)
  .max(1024)
  .refine((p) => /^(\/|[A-Za-z]:\\|\\\\)/.test(p), 'must be an absolute path');

/** Policy name (as IT writes it) -> config field and its schema. */
export const MANAGED_SETTINGS = {
  ControlPlaneUrl: { field: 'controlPlaneUrl', schema: controlPlaneUrlSchema },
  EnterpriseId: { field: 'enterpriseId', schema: enterpriseId },
  AutoStart: { field: 'autoStart', schema: flag },
  AllowSignOut: { field: 'allowSignOut', schema: flag },
  UpdateUrl: { field: 'updateUrl', schema: httpsUrl },
  UpdatesDisabled: { field: 'updatesDisabled', schema: flag },
  ExtraCaCertificatesFile: { field: 'extraCaCertificatesFile', schema: filePath },
  SystemProxyDisabled: { field: 'systemProxyDisabled', schema: flag },
} as const satisfies Record<string, { field: keyof ManagedConfig; schema: z.ZodType }>;

export type ManagedSettingName = keyof typeof MANAGED_SETTINGS;

const byLowerName = new Map(
  Object.keys(MANAGED_SETTINGS).map((name) => [name.toLowerCase(), name as ManagedSettingName]),
);

/**
 * Reads raw policy values (names matched case-insensitively, as the registry does) into a
 * config. Keys of the profile envelope (Payload*) are not settings and are skipped silently.
 */
export function parseManagedValues(raw: unknown): {
  config: ManagedConfig;
  problems: ManagedConfigProblem[];
} {
  const config: ManagedConfig = {};
  const problems: ManagedConfigProblem[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      config,
      problems: [{ setting: '*', reason: 'the policy is not a set of named values' }],
    };
  }
  for (const [key, value] of Object.entries(raw)) {
    if (/^Payload/i.test(key)) continue;
    const name = byLowerName.get(key.toLowerCase());
    if (!name) {
      problems.push({ setting: key, reason: 'unknown setting; ignored' });
      continue;
    }
    const { field, schema } = MANAGED_SETTINGS[name];
    const parsed = (schema as z.ZodType).safeParse(value);
    if (!parsed.success) {
      const reason = parsed.error.issues[0]?.message ?? 'invalid value';
      problems.push({ setting: name, reason: `${reason}; ignored` });
      continue;
    }
    (config as Record<string, unknown>)[field] = parsed.data;
  }
  return { config, problems };
}

export const noManagedConfig = (problems: ManagedConfigProblem[] = []): ManagedConfigResult => ({
  config: {},
  source: 'none',
  problems,
});
