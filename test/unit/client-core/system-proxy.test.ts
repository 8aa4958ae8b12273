// The system proxy port: the exact commands each platform runs to point the OS at the PAC file
// and to put the previous setting back, and the manager's bookkeeping (previous setting saved
// before the first change, kept across a crash, policy switch, failures shown not thrown).
// networksetup and reg cannot run on this Linux machine, so they are checked against an
// injected command runner that answers like them; GNOME is also run against the real
// `gsettings` when it is installed (keyfile backend in a temporary directory, no D-Bus needed).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandRunner } from '../../../main/core/managed-config-windows.ts';
import { MemoryKeyValueStore } from '../../../main/core/settings.ts';
import {
  gnomeSystemProxy,
  gvariantString,
  isGnomeLikeDesktop,
} from '../../../main/core/system-proxy/system-proxy-gnome.ts';
import {
  macosSystemProxy,
  parseAutoProxyUrl,
  parseNetworkServices,
} from '../../../main/core/system-proxy/system-proxy-macos.ts';
import { systemProxySetterFor } from '../../../main/core/system-proxy/system-proxy-for-platform.ts';
import {
  INTERNET_SETTINGS_KEY,
  windowsSystemProxy,
} from '../../../main/core/system-proxy/system-proxy-windows.ts';
import {
  SystemProxy,
  type SystemProxySetter,
} from '../../../main/core/system-proxy/system-proxy.ts';

const PAC = 'http://127.0.0.1:41234/proxy.pac';

/** Records every call; answers from `reply` (default: success with no output). */
function recorder(
  reply: (file: string, args: string[]) => { stdout?: string; exitCode?: number } = () => ({}),
) {
  const calls: string[][] = [];
  const run: CommandRunner = async (file, args) => {
    calls.push([file, ...args]);
    const r = reply(file, args);
    return { stdout: r.stdout ?? '', exitCode: r.exitCode ?? 0 };
  };
  return { calls, run };
}

describe('macOS (networksetup)', () => {
  const services =
    'An asterisk (*) denotes that a network service is disabled.\nWi-Fi\nThunderbolt Bridge\n*Old VPN\n';
  const current: Record<string, string> = {
    'Wi-Fi': 'URL: http://wpad.corp.example/proxy.pac\nEnabled: Yes\n',
    'Thunderbolt Bridge': 'URL: (null)\nEnabled: No\n',
  };
  const reply = (_file: string, args: string[]) =>
    args[0] === '-listallnetworkservices'
      ? { stdout: services }
      : args[0] === '-getautoproxyurl'
        ? { stdout: current[args[1]!] ?? '' }
        : {};

  it('parses the service list (disabled ones skipped) and the current URL', () => {
    expect(parseNetworkServices(services)).toEqual(['Wi-Fi', 'Thunderbolt Bridge']);
    expect(parseAutoProxyUrl(current['Wi-Fi']!)).toEqual({
      url: 'http://wpad.corp.example/proxy.pac',
      enabled: true,
    });
    expect(parseAutoProxyUrl(current['Thunderbolt Bridge']!)).toEqual({ url: '', enabled: false });
  });

  it('sets the PAC URL on every enabled service and restores each one as it was', async () => {
    const { calls, run } = recorder(reply);
    const setter = macosSystemProxy(run);
    const saved = await setter.read();
    expect(saved).toEqual({
      kind: 'macos',
      services: [
        { name: 'Wi-Fi', url: 'http://wpad.corp.example/proxy.pac', enabled: true },
        { name: 'Thunderbolt Bridge', url: '', enabled: false },
      ],
    });
    calls.length = 0;
    await setter.apply(PAC);
    const tool = '/usr/sbin/networksetup';
    expect(calls).toEqual([
      [tool, '-listallnetworkservices'],
      [tool, '-setautoproxyurl', 'Wi-Fi', PAC],
      [tool, '-setautoproxystate', 'Wi-Fi', 'on'],
      [tool, '-setautoproxyurl', 'Thunderbolt Bridge', PAC],
      [tool, '-setautoproxystate', 'Thunderbolt Bridge', 'on'],
    ]);
    calls.length = 0;
    await setter.restore(saved);
    expect(calls).toEqual([
      [tool, '-listallnetworkservices'],
      [tool, '-setautoproxyurl', 'Wi-Fi', 'http://wpad.corp.example/proxy.pac'],
      [tool, '-setautoproxystate', 'Wi-Fi', 'on'],
      [tool, '-setautoproxystate', 'Thunderbolt Bridge', 'off'],
    ]);
  });

  it('fails with the tool and exit code when networksetup refuses', async () => {
    const { run } = recorder((_f, args) =>
      args[0] === '-setautoproxyurl' ? { exitCode: 14 } : reply(_f, args),
    );
    await expect(macosSystemProxy(run).apply(PAC)).rejects.toMatchObject({
      code: 'SYSTEM_PROXY_FAILED',
    });
  });
});

describe('Windows (reg, HKCU AutoConfigURL)', () => {
  const query = `\r\n${INTERNET_SETTINGS_KEY}\r\n    AutoConfigURL    REG_SZ    http://wpad.corp.example/a.pac\r\n\r\n`;

  it('reads, sets and restores a previous value', async () => {
    const { calls, run } = recorder((_f, args) => (args[0] === 'query' ? { stdout: query } : {}));
    const setter = windowsSystemProxy(run);
    const saved = await setter.read();
    expect(saved).toEqual({ kind: 'windows', autoConfigUrl: 'http://wpad.corp.example/a.pac' });
    await setter.apply(PAC);
    await setter.restore(saved);
    expect(calls).toEqual([
      ['reg', 'query', INTERNET_SETTINGS_KEY, '/v', 'AutoConfigURL'],
      ['reg', 'add', INTERNET_SETTINGS_KEY, '/v', 'AutoConfigURL', '/t', 'REG_SZ', '/d', PAC, '/f'],
      [
        'reg',
        'add',
        INTERNET_SETTINGS_KEY,
        '/v',
        'AutoConfigURL',
        '/t',
        'REG_SZ',
        '/d',
        'http://wpad.corp.example/a.pac',
        '/f',
      ],
    ]);
  });

  it('deletes the value on restore when there was none (reg query exits 1)', async () => {
    const { calls, run } = recorder((_f, args) => (args[0] === 'query' ? { exitCode: 1 } : {}));
    const setter = windowsSystemProxy(run);
    const saved = await setter.read();
    expect(saved).toEqual({ kind: 'windows', autoConfigUrl: null });
    await setter.restore(saved);
    expect(calls.at(-1)).toEqual([
      'reg',
      'delete',
      INTERNET_SETTINGS_KEY,
      '/v',
      'AutoConfigURL',
      '/f',
    ]);
  });
});

describe('GNOME (gsettings)', () => {
  it('writes the URL before the mode, as GVariant strings, and restores both verbatim', async () => {
    const { calls, run } = recorder((_f, args) =>
      args[0] === 'get' ? { stdout: args[2] === 'mode' ? "'manual'\n" : "''\n" } : {},
    );
    const setter = gnomeSystemProxy(run);
    const saved = await setter.read();
    expect(saved).toEqual({ kind: 'gnome', mode: "'manual'", autoconfigUrl: "''" });
    calls.length = 0;
    await setter.apply(PAC);
    await setter.restore(saved);
    const s = 'org.gnome.system.proxy';
    expect(calls).toEqual([
      ['gsettings', 'set', s, 'autoconfig-url', `'${PAC}'`],
      ['gsettings', 'set', s, 'mode', "'auto'"],
      ['gsettings', 'set', s, 'mode', "'manual'"],
      ['gsettings', 'set', s, 'autoconfig-url', "''"],
    ]);
    expect(gvariantString("it's \\ here")).toBe("'it\\'s \\\\ here'");
  });

  it('is chosen only on GNOME-like desktops; macOS and Windows always have theirs', () => {
    expect(isGnomeLikeDesktop({ XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' })).toBe(true);
    expect(isGnomeLikeDesktop({ XDG_CURRENT_DESKTOP: 'KDE' })).toBe(false);
    expect(systemProxySetterFor('linux', { XDG_CURRENT_DESKTOP: 'KDE' })).toBeUndefined();
    expect(systemProxySetterFor('linux', { XDG_CURRENT_DESKTOP: 'GNOME' })).toBeDefined();
    expect(systemProxySetterFor('darwin', {})).toBeDefined();
    expect(systemProxySetterFor('win32', {})).toBeDefined();
  });

  const gsettings = '/usr/bin/gsettings';
  const haveGsettings = existsSync(gsettings);
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-gsettings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // The keyfile backend keeps values in XDG_CONFIG_HOME: separate gsettings processes see each
  // other's writes without a D-Bus session or dconf, and the person's own settings are untouched.
  const realRun: CommandRunner = (file, args) =>
    new Promise((resolve) => {
      execFile(
        file,
        args,
        {
          encoding: 'utf8',
          timeout: 10_000,
          env: { ...process.env, GSETTINGS_BACKEND: 'keyfile', XDG_CONFIG_HOME: dir },
        },
        (error, stdout) => resolve({ stdout, exitCode: error ? Number(error.code ?? 1) || 1 : 0 }),
      );
    });

  it.skipIf(!haveGsettings)(
    'applies and restores against the real gsettings (skipped where it is not installed)',
    async () => {
      const setter = gnomeSystemProxy(realRun, gsettings);
      await realRun(gsettings, ['set', 'org.gnome.system.proxy', 'mode', "'manual'"]);
      const store = new MemoryKeyValueStore();
      const manager = new SystemProxy({ setter, store, disabled: () => false });
      expect(await manager.apply(PAC)).toBe('applied');
      const get = async (key: string) =>
        (await realRun(gsettings, ['get', 'org.gnome.system.proxy', key])).stdout.trim();
      expect(await get('mode')).toBe("'auto'");
      expect(await get('autoconfig-url')).toBe(`'${PAC}'`);
      expect(await manager.restore()).toBe('off');
      expect(await get('mode')).toBe("'manual'");
      expect(await get('autoconfig-url')).toBe("''");
    },
  );
});

describe('SystemProxy manager', () => {
  /** A fake OS setting: one value, with the calls made to it. */
  function fakeSetter(initial = 'theirs') {
    const os = { value: initial, calls: [] as string[], fail: false };
    const setter: SystemProxySetter = {
      async read() {
        os.calls.push('read');
        return { kind: 'windows', autoConfigUrl: os.value };
      },
      async apply(url) {
        os.calls.push(`apply ${url}`);
        if (os.fail) throw new Error('access denied');
        os.value = url;
      },
      async restore(saved) {
        os.calls.push('restore');
        if (saved.kind === 'windows') os.value = saved.autoConfigUrl ?? '';
      },
    };
    return { os, setter };
  }

  it('saves the previous setting once, re-applies a new URL, and restores it', async () => {
    const { os, setter } = fakeSetter();
    const store = new MemoryKeyValueStore();
    const m = new SystemProxy({ setter, store, disabled: () => false });
    expect(await m.apply(PAC)).toBe('applied');
    expect(await m.apply('http://127.0.0.1:2/proxy.pac')).toBe('applied');
    expect(os.calls).toEqual(['read', `apply ${PAC}`, 'apply http://127.0.0.1:2/proxy.pac']);
    expect(m.appliedUrl).toBe('http://127.0.0.1:2/proxy.pac');
    expect(await m.restore()).toBe('off');
    expect(os.value).toBe('theirs');
    expect(store.get('system-proxy.previous')).toBeUndefined();
    // Nothing saved: a second restore changes nothing.
    await m.restore();
    expect(os.calls.filter((c) => c === 'restore')).toHaveLength(1);
  });

  it("after a crash, restores the person's setting, not the dead PAC URL", async () => {
    const { os, setter } = fakeSetter();
    const store = new MemoryKeyValueStore();
    await new SystemProxy({ setter, store, disabled: () => false }).apply(PAC);
    // The process dies without restoring; the next start applies its new port.
    const next = new SystemProxy({ setter, store, disabled: () => false });
    await next.apply('http://127.0.0.1:3/proxy.pac');
    expect(os.calls.filter((c) => c === 'read')).toHaveLength(1);
    await next.restore();
    expect(os.value).toBe('theirs');
  });

  it('does nothing when IT disabled it or the platform has no setter; shows a failure', async () => {
    const { os, setter } = fakeSetter();
    const store = new MemoryKeyValueStore();
    expect(await new SystemProxy({ setter, store, disabled: () => true }).apply(PAC)).toBe(
      'disabled_by_policy',
    );
    expect(os.calls).toEqual([]);
    expect(
      await new SystemProxy({ setter: undefined, store, disabled: () => false }).apply(PAC),
    ).toBe('unsupported');
    os.fail = true;
    const failing = new SystemProxy({ setter, store, disabled: () => false });
    expect(await failing.apply(PAC)).toBe('failed');
    expect(failing.error?.code).toBe('SYSTEM_PROXY_FAILED');
    expect(failing.error?.describe('zh-CN').message).toContain('无法设置系统代理');
    // What was read before the failure is still restorable.
    expect(await failing.restore()).toBe('off');
    expect(os.value).toBe('theirs');
  });
});
