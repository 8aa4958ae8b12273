// The Electron shell's pure pieces, testable without the Electron binary: the CSP (header and
// the renderer's meta tag agree), the tray menu rules, the Linux autostart entry, the icons.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MAIN_WINDOW_CSP,
  withContentSecurityPolicy,
} from '../../../main/platform/content-security-policy.ts';
import { trayMenuModel } from '../../../main/platform/tray-menu.ts';
import { autostartDesktopEntry } from '../../../main/platform/auto-start.ts';
import { TRAY_ICON_COLOUR, TRAY_ICON_TEMPLATE } from '../../../main/platform/tray-icon.ts';

const directives = (policy: string) =>
  Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values.sort()]),
  );

describe('content security policy', () => {
  it('the header and the renderer meta tag carry the same policy', () => {
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(directives(meta!)).toEqual(directives(MAIN_WINDOW_CSP));
  });

  it('is strict: no remote scripts, no eval, no plugins, no framing', () => {
    const d = directives(MAIN_WINDOW_CSP);
    expect(d['script-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(MAIN_WINDOW_CSP).not.toMatch(/unsafe-eval|\*|https?:/);
  });

  it('replaces a CSP the server sent, whatever its letter case, and keeps other headers', () => {
    const headers = withContentSecurityPolicy({
      'content-security-policy': ['default-src *'],
      'Content-Type': ['text/html'],
    });
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [MAIN_WINDOW_CSP],
    });
    expect(withContentSecurityPolicy(undefined)).toEqual({
      'Content-Security-Policy': [MAIN_WINDOW_CSP],
    });
  });
});

describe('tray menu', () => {
  it('shows the status and offers sign-out only to a signed-in person, when policy allows', () => {
    const online = trayMenuModel('online', { allowSignOut: true, locale: 'en' });
    expect(online.tooltip).toBe('Gatehouse · Signed in · Connected');
    expect(online.items.map((i) => [i.id, i.enabled])).toEqual([
      ['status', false],
      ['open', true],
      ['sign-out', true],
      ['quit', true],
    ]);
    expect(
      trayMenuModel('signed-out', { allowSignOut: true, locale: 'en' }).items.find(
        (i) => i.id === 'sign-out',
      )?.enabled,
    ).toBe(false);
    expect(
      trayMenuModel('online', { allowSignOut: false, locale: 'en' }).items.map((i) => i.id),
    ).not.toContain('sign-out');
  });

  it('speaks zh-CN for every status', () => {
    for (const status of ['signed-out', 'signing-in', 'online', 'offline', 'revoked'] as const) {
      const model = trayMenuModel(status, { allowSignOut: true, locale: 'zh-CN' });
      for (const item of model.items) expect(item.label).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('Linux autostart entry', () => {
  it('starts the app hidden, quoting the path safely', () => {
    const entry = autostartDesktopEntry('/opt/Gate "house"/$x/gatehouse');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain('Exec="/opt/Gate \\"house\\"/\\$x/gatehouse" --hidden');
  });
});

describe('icons', () => {
  it('tray icons are PNG data URLs', () => {
    for (const url of [TRAY_ICON_TEMPLATE, TRAY_ICON_COLOUR]) {
      const png = Buffer.from(url.replace('data:image/png;base64,', ''), 'base64');
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(32);
    }
  });

  it('the app icon is a 512 px PNG (what electron-builder needs for every platform)', () => {
    const png = readFileSync(new URL('../../../build/icon.png', import.meta.url));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });
});
