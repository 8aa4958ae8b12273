// A login transaction: the client's loopback redirect, PKCE challenge, own state and device,
// answered with the URLs the system browser or the embedded QR view opens.
import { z } from 'zod';
import { parseLoopbackRedirect } from './loopback-redirect.ts';
import { CODE_CHALLENGE, CODE_CHALLENGE_METHOD } from './pkce.ts';

/** Printable text without control characters (device names come from the OS). */
const label = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}\p{Cs}]*$/u, 'must not contain control characters');

export const deviceSchema = z
  .object({
    /** A stable random id the client generated at install and keeps in its keychain. */
    id: z
      .string()
      .min(8)
      .max(128)
      .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only'),
    name: label(128),
    os: label(64),
    app_version: z
      .string()
      .min(1)
      .max(32)
      .regex(/^[0-9A-Za-z.+-]+$/, 'a version such as 1.2.3'),
  })
  .strict();

export const clientStateSchema = z
  .string()
  .min(16)
  .max(256)
  .regex(/^[A-Za-z0-9._~-]+$/, 'unreserved URL characters only');

export const createLoginTransactionSchema = z
  .object({
    enterprise_id: z.string().min(1).max(64),
    source_id: z.uuid(),
    redirect_uri: z
      .string()
      .max(64)
      .refine(
        (u) => parseLoopbackRedirect(u) !== undefined,
        'must be http://127.0.0.1:<port>/callback or http://[::1]:<port>/callback',
      ),
    code_challenge: z.string().regex(CODE_CHALLENGE, 'must be 43 base64url characters (S256)'),
    code_challenge_method: z.literal(CODE_CHALLENGE_METHOD),
    state: clientStateSchema,
    device: deviceSchema,
  })
  .strict();

export const loginTransactionSchema = z.object({
  transaction_id: z.uuid(),
  /** Open in the system browser: the control plane redirects it on to Feishu/Lark. */
  authorize_url: z.url(),
  /** The control plane's QR page for an embedded view; null when the source has QR login off. */
  qr_url: z.url().nullable(),
  expires_at: z.iso.datetime({ offset: true }),
});

export type Device = z.infer<typeof deviceSchema>;
export type CreateLoginTransaction = z.infer<typeof createLoginTransactionSchema>;
export type LoginTransaction = z.infer<typeof loginTransactionSchema>;

/** What arrives at the loopback listener: a handoff code, or an error with its catalog code. */
export const loopbackResultSchema = z.union([
  z.object({ code: z.string().min(1).max(128), state: z.string() }),
  z.object({
    error: z.string().min(1).max(64),
    error_description: z.string().max(1000).optional(),
    error_code: z.string().max(64).optional(),
    state: z.string(),
  }),
]);
export type LoopbackResult = z.infer<typeof loopbackResultSchema>;
