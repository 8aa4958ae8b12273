import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../control-plane/config/load-config.ts';
import { redactUrl } from '../../../control-plane/observability/logger.ts';
import { captureLogs } from '../../fixtures/log-capture.ts';

const load = (env: Record<string, string>, files: Record<string, string> = {}) =>
  loadConfig({
    env,
    defaultDataDir: '/srv/data',
    readFile: (p) =>
      files[p] ??
      (() => {
        throw new Error(`ENOENT: ${p}`);
      })(),
  });

describe('configuration', () => {
  it('has embedded defaults that need no set-up', () => {
    const config = load({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.publicUrl).toBeUndefined();
    expect(config.masterKey).toBeUndefined();
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4020,
      dataDir: '/srv/data',
      trustProxy: false,
      logLevel: 'info',
      sessions: { ttlHours: 12, idleMinutes: 60 },
      login: { maxFailures: 5, lockMinutes: 15 },
    });
  });

  it('reads GATEHOUSE_* and DATABASE_URL, and the file under them', () => {
    const config = load(
      {
        GATEHOUSE_CONFIG: '/etc/gatehouse.json',
        GATEHOUSE_PORT: '8443',
        GATEHOUSE_PUBLIC_URL: 'https://zt.example.com/',
        DATABASE_URL: 'postgres://u@db:5432/gatehouse',
        GATEHOUSE_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
        GATEHOUSE_ADMIN_EMAIL: 'ops@example.com',
      },
      {
        '/etc/gatehouse.json': JSON.stringify({
          port: 9000,
          host: '0.0.0.0',
          sessions: { idleMinutes: 30 },
        }),
      },
    );
    expect(config).toMatchObject({
      port: 8443,
      host: '0.0.0.0',
      publicUrl: 'https://zt.example.com',
      databaseUrl: 'postgres://u@db:5432/gatehouse',
      trustProxy: ['10.0.0.0/8', '127.0.0.1'],
      sessions: { ttlHours: 12, idleMinutes: 30 },
      bootstrapAdmin: { email: 'ops@example.com' },
    });
    expect(load({ GATEHOUSE_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(load({ GATEHOUSE_TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('names the variable or file key of every problem, without echoing values', () => {
    let error: ConfigError | undefined;
    try {
      load(
        {
          GATEHOUSE_PORT: 'eighty',
          GATEHOUSE_PUBLIC_URL: 'https://x.example.com/?a=1',
          GATEHOUSE_ADMIN_PASSWORD: 'short',
          GATEHOUSE_CONFIG: '/c.json',
        },
        { '/c.json': JSON.stringify({ logLevel: 'loud', bogus: true }) },
      );
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join('\n');
    expect(text).toMatch(/GATEHOUSE_PORT: /);
    expect(text).toMatch(/GATEHOUSE_PUBLIC_URL: must not contain a query/);
    expect(text).toMatch(/GATEHOUSE_ADMIN_PASSWORD: must have at least 12 characters/);
    expect(text).toMatch(/\/c\.json: logLevel/);
    expect(text).toMatch(/\/c\.json: \(root\).*bogus/);
    expect(text).not.toContain('short');
    expect(() => load({ GATEHOUSE_CONFIG: '/missing.json' })).toThrow(
      /GATEHOUSE_CONFIG \(\/missing\.json\)/,
    );
  });
});

describe('log redaction', () => {
  it('never writes secrets, whatever their key spelling or depth', () => {
    const logs = captureLogs('debug');
    const secrets = [
      'APP-SECRET-1',
      'ENC-KEY-2',
      'VTOKEN-3',
      'PASSWORD-4',
      'COOKIE-5',
      'BEARER-6',
      'MASTER-7',
      'CSRF-8',
      'CODE-9',
    ];
    logs.logger.info(
      {
        source: {
          app_secret: secrets[0],
          appSecret: secrets[0],
          encrypt_key: secrets[1],
          nested: { verificationToken: secrets[2] },
        },
        body: { password: secrets[3], list: [{ new_password: secrets[3] }] },
        headers: { cookie: secrets[4], authorization: `Bearer ${secrets[5]}` },
        masterKey: secrets[6],
        'x-csrf-token': secrets[7],
        app_id: 'cli_visible',
      },
      'settings saved',
    );
    logs.logger.child({ tenant_access_token: 't-secret' }).warn(
      {
        req: {
          url: `/cb?code=${secrets[8]}&state=s1`,
          method: 'GET',
          headers: { cookie: secrets[4] },
        },
      },
      'callback',
    );
    const text = logs.text();
    for (const secret of [...secrets, 't-secret']) expect(text).not.toContain(secret);
    expect(text).toContain('cli_visible');
    expect(text).toContain('[redacted]');
    expect(text).toContain('state=s1');
  });

  it('redacts secret-looking query parameters from URLs', () => {
    expect(redactUrl('/x?code=abc&state=1&access_token=t')).toBe(
      '/x?code=%5Bredacted%5D&state=1&access_token=%5Bredacted%5D',
    );
    expect(redactUrl('/plain')).toBe('/plain');
  });
});
