// Saving an app's request URL (reference 6.1): the platform POSTs a url_verification challenge,
// plain or encrypted as {"encrypt": ...} when the app has an Encrypt Key, and saves the URL only
// if the server answers HTTP 200 with the plaintext {"challenge": ...} within 1 second.
import { SandboxError } from '../org/org-store.ts';
import type { SandboxApp } from '../org/types.ts';
import { eventNonce } from './crypto.ts';
import { wireRequest } from './envelope.ts';
import { postJson } from './http-post.ts';

export const URL_VERIFICATION_TIMEOUT_MS = 1000;

export interface VerificationKeys {
  encryptKey: string;
  verificationToken: string;
}

/** Throws SandboxError 400 url_verification_failed with the reason; resolves when accepted. */
export async function verifyRequestUrl(
  app: SandboxApp,
  keys: VerificationKeys,
  url: string,
  nowMs: number,
  post: typeof postJson = postJson,
): Promise<void> {
  const challenge = `${eventNonce()}${eventNonce()}`.slice(0, 24);
  const payload = { challenge, token: keys.verificationToken, type: 'url_verification' };
  const wire = wireRequest({ ...app, ...keys }, payload, nowMs);
  const fail = (reason: string): never => {
    throw new SandboxError(400, 'url_verification_failed', `${url}: ${reason}`);
  };
  let result;
  try {
    result = await post(url, wire.body, wire.headers, URL_VERIFICATION_TIMEOUT_MS);
  } catch (err) {
    return fail(`no answer to the challenge (${(err as Error).message})`);
  }
  if (result.status !== 200) fail(`answered HTTP ${result.status}, expected 200`);
  let answer: unknown;
  try {
    answer = JSON.parse(result.body);
  } catch {
    return fail('the answer is not JSON; expected {"challenge":"..."} in plain text');
  }
  const echoed =
    typeof answer === 'object' && answer !== null && 'challenge' in answer
      ? (answer as { challenge: unknown }).challenge
      : undefined;
  if (echoed !== challenge) fail('the answer does not echo the challenge');
}
