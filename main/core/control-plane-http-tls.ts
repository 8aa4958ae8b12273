// The certificate authorities the client trusts for the control plane. Node's built-in roots
// do not know a company's TLS-inspection CA; IT either installs it in the OS store (read here
// when Node can) or points the ExtraCaCertificatesFile setting at a PEM file
// (the NODE_EXTRA_CA_CERTS idea, but configurable per machine policy).
import { readFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { ControlPlaneHttpError } from './control-plane-http-errors.ts';

export interface TrustOptions {
  extraCaFile?: string | undefined;
  /** Also trust the OS certificate store (default true; Node >= 22.15 / 23.8 can read it). */
  trustSystemCertificates?: boolean;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM bundle; throws with the reason a person can act on. */
export function parsePemBundle(text: string): string[] {
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error('no PEM certificate in it');
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw new Error('a certificate in it is damaged');
    }
  }
  return blocks;
}

const systemCertificates = (): string[] => {
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (typeof get !== 'function') return [];
  try {
    return get('system');
  } catch {
    return [];
  }
};

/**
 * The CA list for TLS options, or undefined to keep Node's defaults (nothing to add). Setting
 * `ca` replaces the defaults, so the built-in roots are always included.
 */
export async function loadTrustedCertificates(
  options: TrustOptions,
): Promise<string[] | undefined> {
  const extra: string[] = [];
  if (options.extraCaFile) {
    let text: string;
    try {
      text = await readFile(options.extraCaFile, 'utf8');
    } catch (cause) {
      const code = (cause as { code?: string }).code ?? 'unreadable';
      throw new ControlPlaneHttpError('CP_CA_FILE_INVALID', {
        cause,
        params: { path: options.extraCaFile, reason: code },
      });
    }
    try {
      extra.push(...parsePemBundle(text));
    } catch (cause) {
      throw new ControlPlaneHttpError('CP_CA_FILE_INVALID', {
        cause,
        params: { path: options.extraCaFile, reason: (cause as Error).message },
      });
    }
  }
  const system = options.trustSystemCertificates === false ? [] : systemCertificates();
  if (extra.length === 0 && system.length === 0) return undefined;
  return [...new Set([...tls.rootCertificates, ...system, ...extra])];
}
