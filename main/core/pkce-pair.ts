// A PKCE pair (S256) and a state value for one login transaction, from the OS's CSPRNG.
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function createPkcePair(random: (n: number) => Buffer = randomBytes): PkcePair {
  const verifier = random(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const createState = (random: (n: number) => Buffer = randomBytes): string =>
  random(24).toString('base64url');
