// The broker's pure parts: Feishu/Lark error codes to catalog errors (the vendor guide's
// troubleshooting cases), S256 (RFC 7636's test vector) and the verifier derived toward Feishu.
import { describe, expect, it } from 'vitest';
import { errorCatalog } from '../../../../shared/domain/errors/index.ts';
import { catalogCodeOf, failureParams } from '../../../../control-plane/signin/feishu-errors.ts';
import { feishuVerifier, s256, verifierMatches } from '../../../../control-plane/signin/pkce.ts';

describe('Feishu error mapping', () => {
  it.each([
    [{ code: 40004 }, 'SIGNIN_FEISHU_NO_DEPARTMENT_PERMISSION'],
    [{ code: 20010 }, 'SIGNIN_NO_APP_PERMISSION'],
    [{ code: 20021 }, 'SIGNIN_USER_RESIGNED'],
    [{ code: 20022 }, 'SIGNIN_USER_FROZEN'],
    [{ code: 20023 }, 'SIGNIN_USER_NOT_ACTIVATED'],
    [{ code: 20008 }, 'SIGNIN_USER_NOT_FOUND'],
    [{ code: 20002 }, 'SIGNIN_FEISHU_APP_CREDENTIALS'],
    [{ code: 20003 }, 'SIGNIN_FEISHU_CODE_INVALID'],
    [{ code: 20065 }, 'SIGNIN_FEISHU_CODE_INVALID'],
    [{ code: 20071 }, 'SIGNIN_FEISHU_REDIRECT_MISMATCH'],
    [{ code: 20069 }, 'SIGNIN_FEISHU_APP_UNAVAILABLE'],
    [{ code: 20046 }, 'SIGNIN_FEISHU_BRAND_MISMATCH'],
    [{ code: 42008 }, 'SIGNIN_WRONG_TENANT'],
    [{ code: 99991400 }, 'SIGNIN_FEISHU_RATE_LIMITED'],
    [{ code: 20050, httpStatus: 500 }, 'SIGNIN_FEISHU_UNAVAILABLE'],
    [{ error: 'invalid_client' }, 'SIGNIN_FEISHU_APP_CREDENTIALS'],
    [{ error: 'network_error' }, 'SIGNIN_FEISHU_UNAVAILABLE'],
    [{ httpStatus: 502 }, 'SIGNIN_FEISHU_UNAVAILABLE'],
    [{ error: 'invalid_grant' }, 'SIGNIN_FEISHU_ERROR'],
    [{ code: 12345 }, 'SIGNIN_FEISHU_ERROR'],
  ] as const)('%j -> %s', (failure, code) => {
    expect(catalogCodeOf(failure)).toBe(code);
  });

  it('tells admins how to fix the guide’s two cases', () => {
    expect(errorCatalog.SIGNIN_FEISHU_NO_DEPARTMENT_PERMISSION.fix.en).toMatch(/visibility scope/);
    expect(errorCatalog.SIGNIN_NO_APP_PERMISSION.message.en).toBe(
      'You do not have application permissions.',
    );
    expect(errorCatalog.SIGNIN_NO_APP_PERMISSION.fix['zh-CN']).toContain('可用范围');
  });

  it('shows Feishu’s code and words, bounded and without control characters', () => {
    expect(failureParams({ code: 20999, message: 'a\nb' })).toEqual({
      feishuCode: '20999',
      feishuMessage: 'a b',
    });
    expect(failureParams({ error: 'x'.repeat(500) }).feishuCode).toHaveLength(200);
  });
});

describe('PKCE', () => {
  it('computes S256 as RFC 7636 appendix B does', () => {
    expect(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    expect(
      verifierMatches(
        'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      ),
    ).toBe(true);
    expect(verifierMatches('x'.repeat(43), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')).toBe(
      false,
    );
  });

  it('derives a valid, state-bound, key-bound verifier toward Feishu', () => {
    const key = Buffer.alloc(32, 7);
    const v = feishuVerifier(key, 'state-a');
    expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(feishuVerifier(key, 'state-a')).toBe(v);
    expect(feishuVerifier(key, 'state-b')).not.toBe(v);
    expect(feishuVerifier(Buffer.alloc(32, 8), 'state-a')).not.toBe(v);
  });
});
