// The enterprise verification ID: what employees type into the client to find their company.
// 12 characters of lowercase Crockford base32 (no i, l, o, u): 60 random bits, so guessing one
// is hopeless and look-ups are rate limited on top. Shared so the client normalizes what a
// person typed exactly as the server does (case, spaces, dashes, and the look-alikes o->0,
// i/l->1 that Crockford's alphabet defines).
export const VERIFICATION_ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const VERIFICATION_ID_LENGTH = 12;

const FORMAT = new RegExp(`^[${VERIFICATION_ID_ALPHABET}]{${VERIFICATION_ID_LENGTH}}$`);

/** The canonical form of a typed ID, or undefined when it cannot be one. */
export function normalizeVerificationId(input: string): string | undefined {
  if (input.length > 64) return undefined;
  const canonical = input
    .toLowerCase()
    .replace(/[\s-]/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
  return FORMAT.test(canonical) ? canonical : undefined;
}

/** Builds an ID from random bytes (one byte per character; 256 is a multiple of 32, no bias). */
export function verificationIdFromBytes(bytes: Uint8Array): string {
  if (bytes.length < VERIFICATION_ID_LENGTH) throw new RangeError('not enough random bytes');
  let id = '';
  for (let i = 0; i < VERIFICATION_ID_LENGTH; i++) id += VERIFICATION_ID_ALPHABET[bytes[i]! & 31];
  return id;
}
