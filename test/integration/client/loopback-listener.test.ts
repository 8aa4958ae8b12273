// The loopback listener over real HTTP on 127.0.0.1: one callback with the right state, stray
// requests ignored, the friendly page, timeout, cancel, replacement and a taken port.
import { request } from 'node:http';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LoopbackError,
  LoopbackListener,
  sameState,
  type LoopbackAttempt,
} from '../../../main/core/loopback-listener.ts';

const STATE = 'st_0123456789abcdefghijklmnop';

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function get(url: string, options: { method?: string; host?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        agent: false,
        headers: options.host ? { host: options.host } : {},
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const portIsClosed = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

const rejection = async (promise: Promise<unknown>): Promise<LoopbackError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LoopbackError);
    return error as LoopbackError;
  }
  throw new Error('expected a rejection');
};

const attempts: LoopbackAttempt[] = [];
const open = async (
  listener: LoopbackListener,
  extra: { timeoutMs?: number; signal?: AbortSignal } = {},
) => {
  const attempt = await listener.start({ state: STATE, ...extra });
  attempts.push(attempt);
  return attempt;
};

afterEach(() => {
  for (const a of attempts.splice(0)) a.cancel();
});

describe('loopback listener', () => {
  it('takes the one callback with the right state, shows the page, then closes its port', async () => {
    const attempt = await open(new LoopbackListener());
    expect(attempt.redirectUri).toBe(`http://127.0.0.1:${attempt.port}/callback`);
    expect(attempt.port).toBeGreaterThan(0);

    const answer = await get(`${attempt.redirectUri}?code=hand-off-1&state=${STATE}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('You can close this tab and return to Gatehouse.');
    expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
    expect(answer.headers['cache-control']).toBe('no-store');
    await expect(attempt.result).resolves.toEqual({ params: { code: 'hand-off-1', state: STATE } });

    await expect.poll(() => portIsClosed(attempt.port), { timeout: 2_000 }).toBe(true);
  });

  it('answers stray requests with 404 without consuming the callback', async () => {
    const attempt = await open(new LoopbackListener());
    const base = `http://127.0.0.1:${attempt.port}`;
    expect((await get(`${base}/favicon.ico`)).status).toBe(404);
    expect((await get(`${base}/`)).status).toBe(404);
    expect((await get(`${base}/callback/?state=${STATE}&code=x`)).status).toBe(404);
    expect((await get(`${base}/CALLBACK?state=${STATE}&code=x`)).status).toBe(404);
    expect(
      (await get(`${attempt.redirectUri}?state=${STATE}&code=x`, { method: 'POST' })).status,
    ).toBe(404);
    // A page on another name resolving to 127.0.0.1 (DNS rebinding) carries its own Host.
    const rebound = await get(`${attempt.redirectUri}?state=${STATE}&code=x`, {
      host: `evil.example:${attempt.port}`,
    });
    expect(rebound.status).toBe(404);

    expect((await get(`${attempt.redirectUri}?code=real&state=${STATE}`)).status).toBe(200);
    await expect(attempt.result).resolves.toEqual({ params: { code: 'real', state: STATE } });
  });

  it('refuses a wrong or missing state with a page, and keeps waiting for the right one', async () => {
    const attempt = await open(new LoopbackListener({ locale: () => 'zh-CN' }));
    const wrong = await get(`${attempt.redirectUri}?code=x&state=${STATE}x`);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('LOOPBACK_STATE_MISMATCH');
    expect(wrong.body).toContain('此登录页面属于较早的一次登录尝试。');
    expect((await get(`${attempt.redirectUri}?code=x`)).status).toBe(400);

    expect((await get(`${attempt.redirectUri}?code=ok&state=${STATE}`)).status).toBe(200);
    expect((await attempt.result).params.code).toBe('ok');
  });

  it('accepts one callback only', async () => {
    const attempt = await open(new LoopbackListener());
    expect((await get(`${attempt.redirectUri}?code=one&state=${STATE}`)).status).toBe(200);
    const second = await get(`${attempt.redirectUri}?code=two&state=${STATE}`).catch(
      () => undefined,
    );
    expect(second === undefined || second.status === 404).toBe(true);
    expect((await attempt.result).params.code).toBe('one');
  });

  it('shows an error the callback carries with its code and fix, in the person language', async () => {
    const listener = new LoopbackListener({
      locale: () => 'zh-CN',
      describeError: (code, locale) =>
        code === '40004' && locale === 'zh-CN'
          ? { message: '应用缺少部门权限。', fix: '请联系管理员扩大应用的通讯录权限范围。' }
          : undefined,
    });
    const attempt = await open(listener);
    const page = await get(
      `${attempt.redirectUri}?error=access_denied&error_code=40004&state=${STATE}`,
    );
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html lang="zh-CN">');
    expect(page.body).toContain('应用缺少部门权限。');
    expect(page.body).toContain('请联系管理员扩大应用的通讯录权限范围。');
    expect(page.body).toContain('<code>40004</code>');
    await expect(attempt.result).resolves.toMatchObject({
      params: { error: 'access_denied', error_code: '40004' },
    });
  });

  it('escapes what the callback carries into the page', async () => {
    const attempt = await open(new LoopbackListener());
    const evil = encodeURIComponent('<script>alert(1)</script>');
    const page = await get(
      `${attempt.redirectUri}?error=${evil}&error_description=${evil}&state=${STATE}`,
    );
    expect(page.body).not.toContain('<script>');
    expect(page.body).toContain('&#60;script&#62;');
  });

  it('times out, rejecting with LOOPBACK_TIMEOUT and closing the port', async () => {
    const attempt = await open(new LoopbackListener({ timeoutMs: 100 }));
    expect((await rejection(attempt.result)).code).toBe('LOOPBACK_TIMEOUT');
    await expect.poll(() => portIsClosed(attempt.port), { timeout: 2_000 }).toBe(true);
  });

  it('can be cancelled at any time: by signal, by the attempt, by the listener', async () => {
    const listener = new LoopbackListener();
    const controller = new AbortController();
    const bySignal = await open(listener, { signal: controller.signal });
    controller.abort();
    expect((await rejection(bySignal.result)).code).toBe('LOOPBACK_CANCELLED');
    await expect.poll(() => portIsClosed(bySignal.port), { timeout: 2_000 }).toBe(true);

    const byAttempt = await open(listener);
    byAttempt.cancel();
    expect((await rejection(byAttempt.result)).code).toBe('LOOPBACK_CANCELLED');

    const byListener = await open(listener);
    await listener.cancel();
    expect((await rejection(byListener.result)).code).toBe('LOOPBACK_CANCELLED');
    expect(await portIsClosed(byListener.port)).toBe(true);

    await expect(
      listener.start({ state: STATE, signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({
      code: 'LOOPBACK_CANCELLED',
    });
  });

  it('a second attempt replaces the first cleanly', async () => {
    const listener = new LoopbackListener();
    const first = await open(listener);
    const second = await open(listener);
    expect((await rejection(first.result)).code).toBe('LOOPBACK_REPLACED');
    expect(await portIsClosed(first.port)).toBe(true);
    expect(second.port).not.toBe(first.port);
    expect((await get(`${second.redirectUri}?code=2&state=${STATE}`)).status).toBe(200);
    expect((await second.result).params.code).toBe('2');
  });

  it('moves on to another port when one is taken (EADDRINUSE), and says so when all are', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    try {
      const moved = await open(new LoopbackListener({ ports: () => [taken, 0] }));
      expect(moved.port).not.toBe(taken);
      expect(moved.port).toBeGreaterThan(0);

      const error = await rejection(
        new LoopbackListener({ ports: () => [taken, taken] }).start({ state: STATE }),
      );
      expect(error.code).toBe('LOOPBACK_LISTEN_FAILED');
      expect(error.params.reason).toBe('EADDRINUSE');
      expect(error.describe('en').fix).toContain('127.0.0.1');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('compares states exactly', () => {
    expect(sameState(STATE, STATE)).toBe(true);
    expect(sameState(STATE, `${STATE} `)).toBe(false);
    expect(sameState(STATE, STATE.toUpperCase())).toBe(false);
    expect(sameState('', STATE)).toBe(false);
  });
});
