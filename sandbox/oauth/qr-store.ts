// QR sign-ins. A QR is created when the QR iframe loads and stays scannable for 3 minutes;
// scanning it (the control endpoint stands in for the phone) yields a tmp_code that the
// passport authorize page trades for an authorization code, once, within 5 minutes.
import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../clock.ts';
import type { Brand } from '../org/types.ts';
import { newOpaqueCode } from './codes.ts';

export const QR_TTL_MS = 3 * 60_000;
export const TMP_CODE_TTL_MS = 5 * 60_000;

export interface QrSession {
  id: string;
  brand: Brand;
  appId: string;
  createdAt: number;
  expiresAt: number;
  scan?: { userKey: string; tmpCode: string; at: number };
}

interface TmpCode {
  qrId: string;
  brand: Brand;
  appId: string;
  userKey: string;
  expiresAt: number;
  used: boolean;
}

export type QrStatus = 'pending' | 'scanned' | 'expired';

export type TmpCodeLookup =
  | { ok: true; appId: string; userKey: string; brand: Brand }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'other_app' };

export class QrStore {
  private readonly qrs = new Map<string, QrSession>();
  private readonly tmpCodes = new Map<string, TmpCode>();
  private readonly clock: SandboxClock;

  constructor(clock: SandboxClock) {
    this.clock = clock;
  }

  create(brand: Brand, appId: string): QrSession {
    this.prune();
    const now = this.clock.now();
    const qr: QrSession = {
      id: `qr_${randomBytes(12).toString('hex')}`,
      brand,
      appId,
      createdAt: now,
      expiresAt: now + QR_TTL_MS,
    };
    this.qrs.set(qr.id, qr);
    return qr;
  }

  get(id: string): QrSession | undefined {
    return this.qrs.get(id);
  }

  status(qr: QrSession): QrStatus {
    if (qr.scan) return 'scanned';
    return this.clock.now() >= qr.expiresAt ? 'expired' : 'pending';
  }

  /** The newest QR that is still waiting for a scan, optionally for one app. */
  latestPending(appId?: string): QrSession | undefined {
    let best: QrSession | undefined;
    for (const qr of this.qrs.values()) {
      if (appId && qr.appId !== appId) continue;
      if (this.status(qr) !== 'pending') continue;
      if (!best || qr.createdAt >= best.createdAt) best = qr;
    }
    return best;
  }

  scan(qr: QrSession, userKey: string): string {
    const tmpCode = newOpaqueCode(24);
    const now = this.clock.now();
    qr.scan = { userKey, tmpCode, at: now };
    this.tmpCodes.set(tmpCode, {
      qrId: qr.id,
      brand: qr.brand,
      appId: qr.appId,
      userKey,
      expiresAt: now + TMP_CODE_TTL_MS,
      used: false,
    });
    return tmpCode;
  }

  /** Spends a tmp_code issued for this app and brand; another app's code is left untouched. */
  consumeTmpCode(code: string, appId: string, brand: Brand): TmpCodeLookup {
    const entry = this.tmpCodes.get(code);
    if (!entry) return { ok: false, reason: 'unknown' };
    if (entry.appId !== appId || entry.brand !== brand) return { ok: false, reason: 'other_app' };
    if (entry.used) return { ok: false, reason: 'used' };
    if (this.clock.now() >= entry.expiresAt) return { ok: false, reason: 'expired' };
    entry.used = true;
    return { ok: true, appId: entry.appId, userKey: entry.userKey, brand: entry.brand };
  }

  private prune(): void {
    if (this.qrs.size + this.tmpCodes.size < 500) return;
    const old = this.clock.now() - 3600_000;
    for (const [id, qr] of this.qrs) if (qr.expiresAt < old) this.qrs.delete(id);
    for (const [c, t] of this.tmpCodes) if (t.expiresAt < old) this.tmpCodes.delete(c);
  }
}
