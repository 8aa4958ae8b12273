// The CLI's argument parsing: admin subcommands map to one admin API call each, and bad flags
// are usage errors (the CLI turns them into exit code 2).
import { describe, expect, it } from 'vitest';
import { parseAdminArgs, UsageError } from '../../../sandbox/admin/cli-commands.ts';
import { parseServeArgs } from '../../../sandbox/cli.ts';

const URL_ = 'http://127.0.0.1:4010';
const admin = (...args: string[]) => parseAdminArgs(['--url', URL_, ...args]);

describe('sandbox CLI: admin commands', () => {
  it('maps commands to admin API calls', () => {
    expect(admin('resign', 'a@acme.example')).toEqual({
      url: URL_,
      call: { method: 'POST', path: '/users/a%40acme.example/resign' },
    });
    expect(admin('move', 'u1', '--dept', 'D00002', '--dept', 'D00003').call).toEqual({
      method: 'PATCH',
      path: '/users/u1',
      body: { departments: ['D00002', 'D00003'] },
    });
    expect(
      admin(
        'add-user',
        '--name',
        '张三',
        '--email',
        'z@acme.example',
        '--dept',
        'D00001',
        '--employee-type',
        '2',
      ).call,
    ).toEqual({
      method: 'POST',
      path: '/users',
      body: { name: '张三', email: 'z@acme.example', departments: ['D00001'], employee_type: 2 },
    });
    expect(admin('create-dept', '--name', '新部门', '--parent', '0').call.body).toEqual({
      name: '新部门',
      parent: '0',
    });
    expect(admin('rename-dept', 'D1', '--name', 'X').call).toEqual({
      method: 'PATCH',
      path: '/departments/D1',
      body: { name: 'X' },
    });
    expect(admin('delete-dept', 'od-1').call).toEqual({
      method: 'DELETE',
      path: '/departments/od-1',
    });
    expect(admin('contact-range', 'cli_1', 'all').call).toEqual({
      method: 'PUT',
      path: '/apps/cli_1/contact-range',
      body: { kind: 'all' },
    });
    expect(admin('availability', 'cli_1', '--user', 'u1').call.body).toEqual({
      kind: 'partial',
      departments: [],
      users: ['u1'],
    });
    expect(admin('update-user', 'u1', '--freeze').call.body).toEqual({ frozen: true });
    expect(
      admin('subscribe', 'cli_1', 'http://127.0.0.1:1/e', '--encrypt-key', '').call.body,
    ).toEqual({
      request_url: 'http://127.0.0.1:1/e',
      encrypt_key: '',
    });
    expect(admin('redirect-urls', 'cli_1', 'http://a/cb', 'http://b/cb').call.body).toEqual({
      redirect_urls: ['http://a/cb', 'http://b/cb'],
    });
    expect(admin('clock', '60000').call.body).toEqual({ advance_ms: 60000 });
    expect(admin('deliveries', '--app-id', 'cli_1').call.path).toBe('/deliveries?app_id=cli_1');
  });

  it('adds the tenant where users and departments are named', () => {
    const t = (...args: string[]) =>
      parseAdminArgs(['--url', URL_, '--tenant', 'tk', ...args]).call;
    expect(t('resign', 'u1').path).toBe('/users/u1/resign?tenant_key=tk');
    expect(t('add-user', '--name', 'N').body).toEqual({ name: 'N', tenant_key: 'tk' });
    expect(t('contact-range', 'cli_1', 'all').path).toBe('/apps/cli_1/contact-range');
  });

  it.each([
    [[], /no admin command/],
    [['--url', URL_, 'fly'], /unknown admin command "fly"/],
    [['resign', 'u1'], /needs --url/],
    [['--url', 'not a url', 'world'], /--url is not a URL/],
    [['--url', URL_, 'resign'], /resign needs <user>/],
    [['--url', URL_, 'resign', 'u1', 'u2'], /too many arguments/],
    [['--url', URL_, 'move', 'u1'], /needs at least one --dept/],
    [['--url', URL_, 'move', 'u1', '--depts', 'x'], /Unknown option '--depts'/],
    [['--url', URL_, 'clock', 'soon'], /whole number/],
    [['--url', URL_, 'update-user', 'u', '--freeze', '--unfreeze'], /exclude each other/],
    [['--url', URL_, 'contact-range', 'cli_1'], /needs "all" or at least one/],
  ])('rejects %j', (args, message) => {
    expect(() => parseAdminArgs(args)).toThrow(UsageError);
    expect(() => parseAdminArgs(args)).toThrow(message);
  });
});

describe('sandbox CLI: serve flags', () => {
  it('has defaults and reads every flag', () => {
    expect(parseServeArgs([])).toMatchObject({
      port: 4010,
      host: '127.0.0.1',
      org: 'small',
      json: false,
      seed: 1,
      rateLimits: true,
      retryScale: 1,
      redirectUrls: [],
      seededSecrets: false,
    });
    expect(
      parseServeArgs([
        '--port',
        '0',
        '--org',
        'tiny',
        '--json',
        '--seed',
        '9',
        '--no-rate-limits',
        '--retry-scale',
        '0.001',
        '--redirect-url',
        'http://127.0.0.1:1/cb',
        '--redirect-url',
        'https://x.example/cb',
        '--duplicate-rate',
        '0',
      ]),
    ).toMatchObject({
      port: 0,
      org: 'tiny',
      json: true,
      seed: 9,
      rateLimits: false,
      retryScale: 0.001,
      duplicateRate: 0,
      redirectUrls: ['http://127.0.0.1:1/cb', 'https://x.example/cb'],
    });
  });

  it.each([
    [['--port', 'x'], /--port must be 0-65535/],
    [['--port', '70000'], /--port must be 0-65535/],
    [['--seed', '1.5'], /--seed must be an integer/],
    [['--retry-scale', '0'], /--retry-scale must be a number > 0/],
    [['--duplicate-rate', '2'], /--duplicate-rate must be 0..1/],
    [['--redirect-url', 'ftp://x'], /--redirect-url must be an http\(s\) URL/],
    [['--verbose'], /Unknown option '--verbose'/],
    [['--port'], /argument missing/],
  ])('rejects %j', (args, message) => {
    expect(() => parseServeArgs(args)).toThrow(UsageError);
    expect(() => parseServeArgs(args)).toThrow(message);
  });
});
