// The snapshot the renderer gets: validated by the contract's own schema, errors worded in the
// effective language, the selected source, locked fields, the tray's reading of it.
import { describe, expect, it } from 'vitest';
import { appStateSnapshotSchema } from '../../../shared/ipc/state.ts';
import { initialCoreState } from '../../../main/core/app-state.ts';
import { buildSnapshot, effectiveLocale } from '../../../main/core/app-state-view.ts';
import { ClientCoreError } from '../../../main/core/client-core-errors.ts';
import { resolveSettings } from '../../../main/core/settings.ts';
import { trayStatusOf } from '../../../main/app/tray-status.ts';

const source = (id: string) => ({
  id,
  brand: 'feishu' as const,
  name: id,
  description: `Sign in ${id}`,
  qr_login: true,
});

const ctx = (language: 'system' | 'en' | 'zh-CN', systemLocale = 'zh-CN') => {
  const state = initialCoreState();
  state.enrollment = {
    status: 'enrolled',
    tenantName: 'Acme',
    sources: [source('a'), source('b')],
    error: undefined,
  };
  state.signIn.phase = 'error';
  state.signIn.error = new ClientCoreError('QR_NOT_OFFERED');
  return {
    revision: 3,
    state,
    settings: resolveSettings(
      { enterpriseId: 'abcdabcdabcd' },
      { language, lastSourceId: 'b', controlPlaneUrl: 'https://cp.example' },
    ),
    device: { id: 'dev_1', name: 'laptop', os: 'Linux 6', app_version: '0.1.0' },
    entitlements: {
      status: 'none' as const,
      document: undefined,
      fetchedAt: undefined,
      expiresAt: undefined,
    },
    app: {
      version: '0.1.0',
      platform: 'linux',
      systemLocale,
      shell: 'electron' as const,
      managedBy: 'linux-file' as const,
    },
  };
};

describe('snapshot view', () => {
  it('passes the contract schema and words errors in the effective language', () => {
    const zh = buildSnapshot(ctx('system', 'zh-CN'));
    expect(appStateSnapshotSchema.parse(zh)).toEqual(zh);
    expect(zh.app.locale).toBe('zh-CN');
    expect(zh.sign_in.error).toEqual({
      code: 'QR_NOT_OFFERED',
      message: '此登录方式未开启扫码登录。',
      fix: '请改用浏览器登录。',
    });
    const en = buildSnapshot(ctx('en', 'zh-CN'));
    expect(en.sign_in.error?.message).toBe(
      'QR code sign-in is turned off for this sign-in method.',
    );
  });

  it('preselects the last source, shows managed fields locked', () => {
    const s = buildSnapshot(ctx('en'));
    expect(s.enrollment.selected_source_id).toBe('b');
    expect(s.enrollment.enterprise_id_locked).toBe(true);
    expect(s.enrollment.control_plane_url_locked).toBe(false);
    expect(s.settings.language_locked).toBe(false);
  });

  it('follows the OS locale for "system"', () => {
    const settings = resolveSettings({}, { language: 'system' });
    expect(effectiveLocale(settings, 'zh-TW')).toBe('zh-CN');
    expect(effectiveLocale(settings, 'fr-FR')).toBe('en');
  });

  it('the tray reads signed-in, offline, signing-in and revoked from it', () => {
    const s = buildSnapshot(ctx('en'));
    expect(trayStatusOf(s)).toBe('signed-out');
    expect(trayStatusOf({ ...s, sign_in: { ...s.sign_in, phase: 'waiting_qr' } })).toBe(
      'signing-in',
    );
    const signedIn = { ...s, sign_in: { ...s.sign_in, phase: 'signed_in' as const } };
    expect(trayStatusOf({ ...signedIn, connection: { ...s.connection, status: 'online' } })).toBe(
      'online',
    );
    expect(trayStatusOf({ ...signedIn, connection: { ...s.connection, status: 'offline' } })).toBe(
      'offline',
    );
    expect(trayStatusOf({ ...s, sign_in: { ...s.sign_in, phase: 'revoked' } })).toBe('revoked');
  });
});
