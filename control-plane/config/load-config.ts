// Reads the configuration from the environment and the optional JSON file named by
// GATEHOUSE_CONFIG, and explains every problem by the name the operator used (env variable or
// file key). server.ts and cli.ts are the only callers; the app itself receives the result.
import { readFileSync } from 'node:fs';
import { configSchema, type ParsedConfig } from './config-schema.ts';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid control-plane configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Kind = 'string' | 'int' | 'number' | 'boolean' | 'trustProxy';
/** Env variable -> path in the config object and how to read its text. */
const ENV: Record<string, { path: string[]; kind: Kind }> = {
  GATEHOUSE_PUBLIC_URL: { path: ['publicUrl'], kind: 'string' },
  GATEHOUSE_HOST: { path: ['host'], kind: 'string' },
  GATEHOUSE_PORT: { path: ['port'], kind: 'int' },
  GATEHOUSE_DATA_DIR: { path: ['dataDir'], kind: 'string' },
  DATABASE_URL: { path: ['databaseUrl'], kind: 'string' },
  GATEHOUSE_DATABASE_URL: { path: ['databaseUrl'], kind: 'string' },
  GATEHOUSE_DATABASE_POOL_SIZE: { path: ['databasePoolSize'], kind: 'int' },
  GATEHOUSE_TRUST_PROXY: { path: ['trustProxy'], kind: 'trustProxy' },
  GATEHOUSE_LOG_LEVEL: { path: ['logLevel'], kind: 'string' },
  GATEHOUSE_MASTER_KEY: { path: ['masterKey'], kind: 'string' },
  GATEHOUSE_ADMIN_EMAIL: { path: ['bootstrapAdmin', 'email'], kind: 'string' },
  GATEHOUSE_ADMIN_PASSWORD: { path: ['bootstrapAdmin', 'password'], kind: 'string' },
  GATEHOUSE_SESSION_TTL_HOURS: { path: ['sessions', 'ttlHours'], kind: 'number' },
  GATEHOUSE_SESSION_IDLE_MINUTES: { path: ['sessions', 'idleMinutes'], kind: 'number' },
  GATEHOUSE_LOGIN_MAX_FAILURES: { path: ['login', 'maxFailures'], kind: 'int' },
  GATEHOUSE_LOGIN_LOCK_MINUTES: { path: ['login', 'lockMinutes'], kind: 'number' },
  GATEHOUSE_LOGIN_PER_IP_PER_MINUTE: { path: ['login', 'perIpPerMinute'], kind: 'int' },
  GATEHOUSE_TENANT_LOOKUP_PER_IP_PER_MINUTE: {
    path: ['tenantLookup', 'perIpPerMinute'],
    kind: 'int',
  },
  GATEHOUSE_BODY_LIMIT_BYTES: { path: ['bodyLimitBytes'], kind: 'int' },
  GATEHOUSE_METRICS_TOKEN: { path: ['metricsToken'], kind: 'string' },
  GATEHOUSE_CONSOLE_DIR: { path: ['consoleDir'], kind: 'string' },
  GATEHOUSE_FEISHU_BASE_URL: { path: ['signIn', 'feishu', 'baseUrl'], kind: 'string' },
  GATEHOUSE_LARK_BASE_URL: { path: ['signIn', 'lark', 'baseUrl'], kind: 'string' },
  GATEHOUSE_ACCESS_TOKEN_MINUTES: { path: ['signIn', 'accessTokenMinutes'], kind: 'number' },
  GATEHOUSE_CLIENT_SESSION_MAX_DAYS: { path: ['signIn', 'sessionMaxDays'], kind: 'number' },
  GATEHOUSE_REFRESH_IDLE_DAYS: { path: ['signIn', 'refreshIdleDays'], kind: 'number' },
  GATEHOUSE_SIGNIN_PER_IP_PER_MINUTE: {
    path: ['signIn', 'transactionsPerIpPerMinute'],
    kind: 'int',
  },
  GATEHOUSE_TOKEN_PER_IP_PER_MINUTE: { path: ['signIn', 'tokenPerIpPerMinute'], kind: 'int' },
  GATEHOUSE_FEISHU_PACING: { path: ['sync', 'pacing'], kind: 'boolean' },
  GATEHOUSE_SYNC_CONCURRENCY: { path: ['sync', 'concurrency'], kind: 'int' },
  GATEHOUSE_SYNC_DELETE_GRACE_DAYS: { path: ['sync', 'deleteGraceDays'], kind: 'number' },
  GATEHOUSE_FEISHU_TIMEOUT_MS: { path: ['sync', 'timeoutMs'], kind: 'int' },
};

function convert(text: string, kind: Kind): unknown {
  const t = text.trim();
  if (kind === 'string') return t;
  if (kind === 'int' || kind === 'number') {
    const n = Number(t);
    // Leave non-numbers as text: the schema then reports "expected number" for the variable.
    return t !== '' && Number.isFinite(n) ? n : t;
  }
  if (kind === 'boolean') {
    if (/^(true|1|on|yes)$/i.test(t)) return true;
    return /^(false|0|off|no)$/i.test(t) ? false : t;
  }
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  if (/^\d+$/.test(t)) return Number(t);
  return t
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node[key] =
      next && typeof next === 'object' && !Array.isArray(next) ? { ...(next as object) } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

export interface LoadConfigOptions {
  env: Record<string, string | undefined>;
  defaultDataDir: string;
  readFile?: (path: string) => string;
}

export function loadConfig({ env, defaultDataDir, readFile }: LoadConfigOptions): ParsedConfig {
  const problems: string[] = [];
  let input: Record<string, unknown> = {};
  const file = env.GATEHOUSE_CONFIG?.trim();
  if (file) {
    try {
      const parsed: unknown = JSON.parse((readFile ?? ((p) => readFileSync(p, 'utf8')))(file));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        problems.push(`GATEHOUSE_CONFIG (${file}): must hold a JSON object`);
      } else input = { ...(parsed as Record<string, unknown>) };
    } catch (err) {
      problems.push(`GATEHOUSE_CONFIG (${file}): ${(err as Error).message}`);
    }
  }
  const origin = new Map<string, string>(); // "a.b" -> env variable that set it
  for (const [name, { path, kind }] of Object.entries(ENV)) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    if (name === 'GATEHOUSE_DATABASE_URL' && env.DATABASE_URL) continue;
    setPath(input, path, convert(raw, kind));
    origin.set(path.join('.'), name);
  }
  input.dataDir ??= defaultDataDir;
  if (problems.length) throw new ConfigError(problems);
  const result = configSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = issue.path.join('.');
        const where = origin.get(key) ?? (file ? `${file}: ${key || '(root)'}` : key || '(root)');
        return `${where}: ${issue.message}`;
      }),
    );
  }
  return result.data;
}
