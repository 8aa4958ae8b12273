// Settings of employee sign-in and client sessions (the "signIn" section of the configuration),
// and where each brand's OAuth pages, APIs and QR script live. Real hosts by default; one base
// URL per brand (GATEHOUSE_FEISHU_BASE_URL / GATEHOUSE_LARK_BASE_URL) points them all at one
// origin, which is how the sandbox serves them.
import { z } from 'zod';

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));

const brandHosts = z
  .object({
    /** Sets every host below to this one origin (the sandbox: Feishu at /, Lark at /lark). */
    baseUrl: httpUrl.optional(),
    accountsUrl: httpUrl.optional(),
    openApiUrl: httpUrl.optional(),
    passportUrl: httpUrl.optional(),
    /** The QR login SDK script (LarkSSOSDKWebQRCode-1.0.3.js), full URL. */
    qrScriptUrl: httpUrl.optional(),
  })
  .strict();

const minutes = (max: number, def: number) => z.number().min(1).max(max).default(def);

export const signInConfigSchema = z
  .object({
    transactionMinutes: minutes(60, 10),
    handoffSeconds: z.number().int().min(10).max(600).default(60),
    accessTokenMinutes: minutes(60, 10),
    refreshIdleDays: z.number().min(0.01).max(90).default(14),
    sessionMaxDays: z.number().min(0.01).max(365).default(30),
    refreshGraceSeconds: z.number().min(0).max(60).default(10),
    signingKeyRotationDays: z.number().min(1).max(365).default(30),
    streamHeartbeatSeconds: z.number().min(1).max(300).default(15),
    /** Requests per client IP per minute. */
    transactionsPerIpPerMinute: z.number().int().min(1).max(100_000).default(60),
    callbackPerIpPerMinute: z.number().int().min(1).max(100_000).default(60),
    tokenPerIpPerMinute: z.number().int().min(1).max(1_000_000).default(600),
    feishu: brandHosts.default({}),
    lark: brandHosts.default({}),
  })
  .strict();

export type SignInConfig = z.output<typeof signInConfigSchema>;
export const DEFAULT_SIGN_IN_CONFIG: SignInConfig = signInConfigSchema.parse({});
