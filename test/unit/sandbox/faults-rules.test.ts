import { describe, expect, it } from 'vitest';
import { FaultInput, faultMatches, type Fault } from '../../../sandbox/platform/fault-rules.ts';

const fault = (input: unknown): Fault => ({ ...FaultInput.parse(input), id: 'f', hits: 0 });
const req = (path: string, extra: Partial<{ method: string; appId: string }> = {}) => ({
  method: extra.method ?? 'GET',
  path,
  unbrandedPath: path.replace(/^\/lark(?=\/)/, ''),
  appId: extra.appId,
});

describe('fault rules', () => {
  it('validates input', () => {
    expect(FaultInput.safeParse({ path: '/open-apis', kind: 'status' }).success).toBe(true);
    expect(FaultInput.safeParse({ path: 'open-apis', kind: 'status' }).success).toBe(false);
    expect(FaultInput.safeParse({ path: '/sandbox/x', kind: 'drop' }).success).toBe(false);
    expect(FaultInput.safeParse({ path: '/x', kind: 'explode' }).success).toBe(false);
    expect(FaultInput.safeParse({ path: '/x', kind: 'latency' }).success).toBe(false);
    expect(FaultInput.safeParse({ path: '/x', kind: 'status', status: 200 }).success).toBe(false);
    expect(FaultInput.safeParse({ path: '/x', kind: 'drop', probability: 2 }).success).toBe(false);
    expect(FaultInput.safeParse({ path: '/x', kind: 'drop', times: 0 }).success).toBe(false);
    expect(FaultInput.safeParse({ path: '/x', kind: 'drop', extra: 1 }).success).toBe(false);
    expect(FaultInput.parse({ path: '/x', kind: 'drop', method: 'post' }).method).toBe('POST');
  });

  it('matches by prefix by default, exactly on request, on either brand', () => {
    const prefix = fault({ path: '/open-apis/contact', kind: 'status' });
    expect(faultMatches(prefix, req('/open-apis/contact/v3/users/x'), true)).toBe('yes');
    expect(faultMatches(prefix, req('/lark/open-apis/contact/v3/users/x'), true)).toBe('yes');
    expect(faultMatches(prefix, req('/open-apis/auth/v3/x'), true)).toBe('no');
    const exact = fault({ path: '/open-apis/contact/v3/users', exact: true, kind: 'status' });
    expect(faultMatches(exact, req('/open-apis/contact/v3/users'), true)).toBe('yes');
    expect(faultMatches(exact, req('/open-apis/contact/v3/users/batch'), true)).toBe('no');
  });

  it('filters by method and app, deferring when the app is not known yet', () => {
    const f = fault({ path: '/open-apis', method: 'POST', app_id: 'cli_a', kind: 'drop' });
    expect(faultMatches(f, req('/open-apis/x', { method: 'GET', appId: 'cli_a' }), true)).toBe(
      'no',
    );
    expect(faultMatches(f, req('/open-apis/x', { method: 'POST' }), false)).toBe('later');
    expect(faultMatches(f, req('/open-apis/x', { method: 'POST' }), true)).toBe('no');
    expect(faultMatches(f, req('/open-apis/x', { method: 'POST', appId: 'cli_b' }), false)).toBe(
      'no',
    );
    expect(faultMatches(f, req('/open-apis/x', { method: 'POST', appId: 'cli_a' }), false)).toBe(
      'yes',
    );
  });
});
