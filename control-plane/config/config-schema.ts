// Everything the control plane can be configured with, validated in one place. Env variables and
// the optional JSON file (GATEHOUSE_CONFIG) both end up in this shape; env wins over the file.
import { z } from 'zod';
import { DEFAULT_SIGN_IN_CONFIG, signInConfigSchema } from '../signin/signin-config.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const publicUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
  .refine((u) => {
    const parsed = new URL(u);
    return !parsed.search && !parsed.hash && !parsed.username && !parsed.password;
  }, 'must not contain a query, a fragment or credentials')
  .transform((u) => u.replace(/\/+$/, ''));

const trustProxy = z.union([
  z.boolean(),
  z.number().int().min(0).max(10),
  z.array(z.string().min(1).max(64)).max(50),
]);

export const configSchema = z
  .object({
    /** The URL people and Feishu reach this service at; the Redirect URL and event Request URLs derive from it. */
    publicUrl: publicUrl.optional(),
    host: z.string().min(1).max(255).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(4020),
    dataDir: z.string().min(1),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    databasePoolSize: z.number().int().min(1).max(200).default(10),
    trustProxy: trustProxy.default(false),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    masterKey: z.string().min(1).optional(),
    bootstrapAdmin: z
      .object({
        email: z.email().max(254).optional(),
        password: z.string().min(12, 'must have at least 12 characters').max(256).optional(),
      })
      .strict()
      .refine((a) => !a.password || a.email, 'a bootstrap password needs a bootstrap email too')
      .default({}),
    sessions: z
      .object({
        ttlHours: z
          .number()
          .min(0.1)
          .max(24 * 30)
          .default(12),
        idleMinutes: z
          .number()
          .min(1)
          .max(24 * 60)
          .default(60),
      })
      .strict()
      .default({ ttlHours: 12, idleMinutes: 60 }),
    login: z
      .object({
        maxFailures: z.number().int().min(1).max(100).default(5),
        lockMinutes: z
          .number()
          .min(1)
          .max(24 * 60)
          .default(15),
        perIpPerMinute: z.number().int().min(1).max(10_000).default(30),
      })
      .strict()
      .default({ maxFailures: 5, lockMinutes: 15, perIpPerMinute: 30 }),
    tenantLookup: z
      .object({ perIpPerMinute: z.number().int().min(1).max(10_000).default(30) })
      .strict()
      .default({ perIpPerMinute: 30 }),
    bodyLimitBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    /** When set, GET /metrics needs "Authorization: Bearer <token>". */
    metricsToken: z.string().min(16).max(256).optional(),
    /** The built admin console (default: out/console at the package root). */
    consoleDir: z.string().min(1).optional(),
    /** Employee sign-in, client sessions and the Feishu/Lark hosts (control-plane/signin). */
    signIn: signInConfigSchema.default(DEFAULT_SIGN_IN_CONFIG),
    /** Directory sync (control-plane/sync); the Open Platform hosts are signIn.feishu/lark's. */
    sync: z
      .object({
        /** Pace Open Platform calls at the platform's default 50/s and 1000/min per endpoint. */
        pacing: z.boolean().default(true),
        /** Concurrent Open Platform calls of one run. */
        concurrency: z.number().int().min(1).max(64).default(8),
        /** Days a user who left the synced scope stays disabled before being deleted. */
        deleteGraceDays: z.number().min(0).max(3650).default(30),
        timeoutMs: z.number().int().min(1000).max(300_000).default(30_000),
      })
      .strict()
      .default({ pacing: true, concurrency: 8, deleteGraceDays: 30, timeoutMs: 30_000 }),
  })
  .strict();

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;

/** The configuration the app runs with: the public URL is always known by then. */
export type AppConfig = Omit<ParsedConfig, 'publicUrl'> & { publicUrl: string };
