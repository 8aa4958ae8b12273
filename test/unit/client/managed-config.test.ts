// The machine-policy readers, each fed the sample files IT gets from docs/deployment (so the
// docs cannot drift from the code), plus broken policies that must be reported, never crash.
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MANAGED_SETTINGS,
  parseManagedValues,
  type ManagedConfig,
} from '../../../main/core/managed-config.ts';
import { readLinuxPolicy } from '../../../main/core/managed-config-linux.ts';
import { loadManagedConfig } from '../../../main/core/managed-config-load.ts';
import { readMacosPolicy } from '../../../main/core/managed-config-macos.ts';
import {
  parseRegQueryOutput,
  readWindowsPolicy,
  type CommandRunner,
} from '../../../main/core/managed-config-windows.ts';
import { parseXmlPlist } from './support/xml-plist.ts';

const docs = fileURLToPath(new URL('../../../docs/deployment/', import.meta.url));
const doc = (path: string) => readFileSync(join(docs, path), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'gatehouse-managed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SAMPLE: Required<Omit<ManagedConfig, 'extraCaCertificatesFile'>> = {
  controlPlaneUrl: 'https://gatehouse.example.com',
  enterpriseId: 'k7m2p9q4x8za',
  autoStart: true,
  allowSignOut: false,
  updateUrl: 'https://updates.example.com/gatehouse',
  updatesDisabled: false,
  systemProxyDisabled: false,
};

describe('managed settings vocabulary', () => {
  it('reads every setting field by field and ignores (and reports) only the bad ones', () => {
    const { config, problems } = parseManagedValues({
      controlplaneurl: 'https://gate.example.com/',
      EnterpriseId: 'K7M2-P9Q4-X8ZA',
      AutoStart: 'maybe',
      AllowSignOut: 0,
      UpdateUrl: 'http://updates.example.com',
      UpdatesDisabled: 'true',
      ExtraCaCertificatesFile: 'relative/ca.pem',
      Colour: 'blue',
      PayloadUUID: 'x',
    });
    expect(config).toEqual({
      controlPlaneUrl: 'https://gate.example.com',
      enterpriseId: 'k7m2p9q4x8za',
      allowSignOut: false,
      updatesDisabled: true,
    });
    expect(problems.map((p) => p.setting).sort()).toEqual(
      ['AutoStart', 'Colour', 'ExtraCaCertificatesFile', 'UpdateUrl'].sort(),
    );
    expect(problems.find((p) => p.setting === 'UpdateUrl')?.reason).toContain('https');
  });

  it('a policy that is not a set of values is one problem, not a crash', () => {
    expect(parseManagedValues(['x'])).toEqual({
      config: {},
      problems: [{ setting: '*', reason: expect.any(String) }],
    });
    expect(parseManagedValues(null).problems).toHaveLength(1);
  });

  it('refuses a plain-http control plane outside loopback', () => {
    expect(parseManagedValues({ ControlPlaneUrl: 'http://gate.example.com' }).config).toEqual({});
  });
});

describe('Windows registry policy', () => {
  const env = { ProgramData: 'C:\\ProgramData' };
  const runner =
    (answers: Record<string, { stdout: string; exitCode: number }>): CommandRunner =>
    async (file, args) => {
      expect(file).toBe('reg');
      return answers[args[1]!] ?? { stdout: '', exitCode: 1 };
    };

  it('parses the documented `reg query` output', async () => {
    const result = await readWindowsPolicy(
      runner({
        'HKLM\\Software\\Policies\\Gatehouse': {
          stdout: doc('windows/reg-query-example.txt'),
          exitCode: 0,
        },
      }),
      env,
    );
    expect(result.source).toBe('windows-registry');
    expect(result.problems).toEqual([]);
    expect(result.config).toEqual({
      ...SAMPLE,
      extraCaCertificatesFile: 'C:\\ProgramData\\Example\\corp-inspection-ca.pem',
    });
  });

  it('machine policy (HKLM) overrides user policy (HKCU) field by field', async () => {
    const user =
      '\r\nHKEY_CURRENT_USER\\Software\\Policies\\Gatehouse\r\n    AutoStart    REG_DWORD    0x0\r\n    AllowSignOut    REG_DWORD    0x1\r\n';
    const machine =
      '\r\nHKEY_LOCAL_MACHINE\\Software\\Policies\\Gatehouse\r\n    AllowSignOut    REG_DWORD    0x0\r\n';
    const result = await readWindowsPolicy(
      runner({
        'HKLM\\Software\\Policies\\Gatehouse': { stdout: machine, exitCode: 0 },
        'HKCU\\Software\\Policies\\Gatehouse': { stdout: user, exitCode: 0 },
      }),
      env,
    );
    expect(result.config).toEqual({ autoStart: false, allowSignOut: false });
    expect(result.location).toBe(
      'HKLM\\Software\\Policies\\Gatehouse + HKCU\\Software\\Policies\\Gatehouse',
    );
  });

  it('no key means no policy; a failing reg means a problem, not a crash', async () => {
    expect(await readWindowsPolicy(runner({}), env)).toEqual({
      config: {},
      source: 'none',
      problems: [],
    });
    const broken = await readWindowsPolicy(async () => {
      throw new Error('spawn reg ENOENT');
    }, env);
    expect(broken.source).toBe('none');
    expect(broken.problems[0]?.reason).toContain('ENOENT');
  });

  it('reads value types, keeps spaces in data, skips subkeys and odd types', () => {
    const out = [
      '',
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Gatehouse',
      '    ExtraCaCertificatesFile    REG_SZ    C:\\Program Files\\Corp CA\\ca.pem',
      '    AutoStart    REG_DWORD    0x1',
      '    Blob    REG_BINARY    0A0B',
      '',
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Gatehouse\\Sub',
    ].join('\r\n');
    expect(parseRegQueryOutput(out)).toEqual({
      ExtraCaCertificatesFile: 'C:\\Program Files\\Corp CA\\ca.pem',
      AutoStart: 1,
      Blob: { unsupportedType: 'REG_BINARY' },
    });
  });

  it('the ADMX defines exactly the settings the client reads, with matching value types', () => {
    const admx = doc('windows/gatehouse.admx');
    const policies = [...admx.matchAll(/<policy name="(\w+)"[\s\S]*?<\/policy>/g)];
    expect(policies.map((p) => p[1]).sort()).toEqual(Object.keys(MANAGED_SETTINGS).sort());
    for (const [block, name] of policies) {
      expect(block).toContain('key="Software\\Policies\\Gatehouse"');
      const isFlag = block.includes('<enabledValue>');
      expect(
        isFlag
          ? block.includes(`valueName="${name}"`)
          : block.includes(`<text id="${name}" valueName="${name}"`),
      ).toBe(true);
      const field = MANAGED_SETTINGS[name as keyof typeof MANAGED_SETTINGS].field;
      expect(isFlag).toBe(
        ['autoStart', 'allowSignOut', 'updatesDisabled', 'systemProxyDisabled'].includes(field),
      );
    }
  });

  it('both ADMLs define every string and presentation the ADMX references', () => {
    const admx = doc('windows/gatehouse.admx');
    const strings = new Set([...admx.matchAll(/\$\(string\.(\w+)\)/g)].map((m) => m[1]));
    const presentations = new Set(
      [...admx.matchAll(/\$\(presentation\.(\w+)\)/g)].map((m) => m[1]),
    );
    for (const lang of ['en-US', 'zh-CN']) {
      const adml = doc(`windows/${lang}/gatehouse.adml`);
      const defined = new Set(
        [...adml.matchAll(/<string id="(\w+)">[^<]+<\/string>/g)].map((m) => m[1]),
      );
      const shown = new Set([...adml.matchAll(/<presentation id="(\w+)">/g)].map((m) => m[1]));
      expect([...strings].filter((s) => !defined.has(s))).toEqual([]);
      expect([...presentations].filter((p) => !shown.has(p))).toEqual([]);
    }
  });

  it('the sample .reg file only writes known settings', () => {
    const names = [...doc('windows/gatehouse-policy.reg').matchAll(/^"(\w+)"=/gm)].map(
      (m) => m[1]!,
    );
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(Object.keys(MANAGED_SETTINGS)).toContain(name);
  });
});

describe('macOS managed preferences', () => {
  const profile = parseXmlPlist(doc('macos/com.gatehouse.client.mobileconfig')) as {
    PayloadContent: Array<Record<string, unknown>>;
    PayloadScope: string;
  };
  const payload = profile.PayloadContent.find((p) => p.PayloadType === 'com.gatehouse.client')!;

  it('the sample profile is a system-scoped profile with a payload for the preference domain', () => {
    expect(profile.PayloadScope).toBe('System');
    expect(payload).toBeDefined();
  });

  it('reads what a profile installs (via plutil), machine over user', async () => {
    const dir = join(tmp, 'Managed Preferences');
    const machineFile = `${dir}/com.gatehouse.client.plist`;
    const userFile = `${dir}/alice/com.gatehouse.client.plist`;
    const files: Record<string, unknown> = {
      [machineFile]: payload,
      [userFile]: { AutoStart: false, UpdatesDisabled: true },
    };
    const calls: string[][] = [];
    const result = await readMacosPolicy({
      dir,
      user: 'alice',
      exists: async (path) => path in files,
      run: async (file, args) => {
        calls.push([file, ...args]);
        return { stdout: JSON.stringify(files[args[4]!]), exitCode: 0 };
      },
    });
    expect(calls[0]).toEqual(['plutil', '-convert', 'json', '-o', '-', userFile]);
    expect(result.source).toBe('macos-profile');
    expect(result.problems).toEqual([]);
    expect(result.config).toEqual({
      ...SAMPLE,
      extraCaCertificatesFile: '/Library/Application Support/Example/corp-inspection-ca.pem',
    });
  });

  it('no profile means no policy; an unreadable plist is a problem', async () => {
    const none = await readMacosPolicy({
      run: async () => ({ stdout: '', exitCode: 0 }),
      exists: async () => false,
    });
    expect(none).toEqual({ config: {}, source: 'none', problems: [] });
    const bad = await readMacosPolicy({
      run: async () => ({ stdout: '', exitCode: 1 }),
      exists: async () => true,
    });
    expect(bad.source).toBe('none');
    expect(bad.problems[0]?.reason).toContain('not a readable plist');
  });
});

describe('Linux managed file', () => {
  const place = (name: string, content?: string, mode = 0o644) => {
    const path = join(tmp, name);
    if (content === undefined) copyFileSync(join(docs, 'linux/managed.json'), path);
    else writeFileSync(path, content);
    chmodSync(path, mode);
    return path;
  };

  it('reads the documented sample', async () => {
    const path = place('managed.json');
    const result = await readLinuxPolicy(path);
    expect(result).toEqual({
      source: 'linux-file',
      location: path,
      problems: [],
      config: {
        ...SAMPLE,
        extraCaCertificatesFile: '/usr/local/share/ca-certificates/example-inspection-ca.crt',
      },
    });
  });

  it('through the platform loader as well', async () => {
    const path = place('loader.json');
    const result = await loadManagedConfig({ platform: 'linux', linuxPath: path });
    expect(result.config.enterpriseId).toBe('k7m2p9q4x8za');
  });

  it('a missing file is no policy; broken JSON or a writable file is a problem', async () => {
    expect(await readLinuxPolicy(join(tmp, 'absent.json'))).toEqual({
      config: {},
      source: 'none',
      problems: [],
    });
    const broken = await readLinuxPolicy(place('broken.json', '{ "ControlPlaneUrl": '));
    expect(broken.source).toBe('none');
    expect(broken.problems[0]?.reason).toContain('not valid JSON');
    const writable = await readLinuxPolicy(place('writable.json', undefined, 0o666));
    expect(writable.config).toEqual({});
    expect(writable.problems[0]?.reason).toContain('writable by group or others');
  });

  it('one bad field leaves the others in force', async () => {
    const path = place(
      'partial.json',
      JSON.stringify({ ControlPlaneUrl: 42, EnterpriseId: 'k7m2p9q4x8za' }),
    );
    const result = await readLinuxPolicy(path);
    expect(result.config).toEqual({ enterpriseId: 'k7m2p9q4x8za' });
    expect(result.problems.map((p) => p.setting)).toEqual(['ControlPlaneUrl']);
  });

  it('other platforms have no policy reader and get none', async () => {
    expect(await loadManagedConfig({ platform: 'freebsd' })).toEqual({
      config: {},
      source: 'none',
      problems: [],
    });
  });
});
