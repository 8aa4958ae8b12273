// The broker's HTML: the error page (translated, escaped, no script at all) and the QR page
// (nonce'd scripts only, the brand's SDK origin, its frame, no way to be framed), and the
// shared "return to Gatehouse" page the loopback listener serves.
import { describe, expect, it } from 'vitest';
import { returnToAppPage } from '../../../../shared/domain/auth/return-page.ts';
import { errorPage, qrPage, returnPage } from '../../../../control-plane/signin/signin-pages.ts';

describe('error page', () => {
  it('says what failed and what to do, in the chosen language, with a locked-down CSP', () => {
    const zh = errorPage('zh-CN', 'SIGNIN_NO_APP_PERMISSION');
    expect(zh.status).toBe(403);
    expect(zh.html).toContain('您没有该应用的使用权限。');
    expect(zh.html).toContain('可用范围');
    expect(zh.html).toContain('<code>SIGNIN_NO_APP_PERMISSION</code>');
    expect(zh.html).not.toContain('<script');
    expect(zh.csp).toMatch(
      /^default-src 'none'; style-src 'nonce-[^']+'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/,
    );
    const en = errorPage('en', 'SIGNIN_FEISHU_ERROR', {
      feishuCode: '<b>1</b>',
      feishuMessage: '"x"',
    });
    expect(en.html).toContain('&#60;b&#62;1&#60;/b&#62;');
    expect(en.html).not.toContain('<b>1</b>');
  });
});

describe('QR page', () => {
  const input = {
    locale: 'en' as const,
    brand: 'feishu' as const,
    goto: 'https://passport.feishu.cn/suite/passport/oauth/authorize?client_id=cli_1&redirect_uri=https%3A%2F%2Fgh%2Fcb&response_type=code&state=s</script><script>alert(1)</script>',
    qrScriptUrl:
      'https://lf-package-cn.feishucdn.com/obj/feishu-static/lark/passport/qrcode/LarkSSOSDKWebQRCode-1.0.3.js',
    frameOrigins: ['https://passport.feishu.cn', 'https://lf-package-cn.feishucdn.com'],
    browserUrl: 'https://gh.example/api/v1/public/login/transactions/1/authorize',
  };

  it('allows only its own nonce, the SDK origin and the SDK frame', () => {
    const page = qrPage(input);
    const nonce = /'nonce-([^']+)'/.exec(page.csp)![1]!;
    expect(page.csp).toContain(`script-src 'nonce-${nonce}' https://lf-package-cn.feishucdn.com`);
    expect(page.csp).toContain(
      'frame-src https://passport.feishu.cn https://lf-package-cn.feishucdn.com',
    );
    expect(page.csp).toContain("frame-ancestors 'none'");
    expect(page.csp).toContain("connect-src 'none'");
    for (const tag of page.html.match(/<script[^>]*>/g)!) expect(tag).toContain(`nonce="${nonce}"`);
    expect(qrPage(input).csp).not.toContain(nonce);
  });

  it('cannot be broken out of by what it embeds, and checks the message origin', () => {
    const page = qrPage(input);
    expect(page.html.match(/<\/script>/g)).toHaveLength(3);
    expect(page.html).toContain('\\u003c/script\\u003e');
    expect(page.html).toContain('qr.matchOrigin(event.origin)');
    expect(page.html).toContain("cfg.goto + '&tmp_code=' + encodeURIComponent(tmp)");
    expect(qrPage({ ...input, locale: 'zh-CN' }).html).toContain(
      '请使用手机飞书扫描二维码并确认登录。',
    );
  });
});

describe('hand-over page', () => {
  it('refreshes to the loopback address without any script, the URL escaped', () => {
    const page = returnPage('zh-CN', 'http://127.0.0.1:5000/callback?code=abc&state="x"');
    expect(page.status).toBe(200);
    expect(page.html).toContain(
      '<meta http-equiv="refresh" content="0; url=http://127.0.0.1:5000/callback?code=abc&#38;state=&#34;x&#34;">',
    );
    expect(page.html).toContain('正在返回 Gatehouse');
    expect(page.html).not.toContain('<script');
    expect(page.csp).toContain("default-src 'none'");
  });
});

describe('return-to-Gatehouse page', () => {
  it('tells the person to go back, in both languages, escaping what it shows', () => {
    expect(returnToAppPage('zh-CN', { ok: true })).toContain('返回 Gatehouse');
    const failed = returnToAppPage('en', {
      ok: false,
      message: '<img src=x>',
      code: 'SIGNIN_DENIED',
    });
    expect(failed).toContain('Sign-in failed');
    expect(failed).toContain('&#60;img src=x&#62;');
    expect(failed).toContain('SIGNIN_DENIED');
    expect(failed).not.toContain('<script');
  });
});
