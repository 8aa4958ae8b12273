// What a whole sign-in leaves in the logs at debug level: requests and their outcomes, never a
// token, a code, a verifier or a secret (ours or Feishu's), on the browser path, the QR path,
// token redemption, refresh, a refused refresh, the push stream and sign-out.
import { describe, expect, it } from 'vitest';
import { engines } from '../../../fixtures/db.ts';
import {
  browserSignIn,
  FormBrowser,
  loopbackParams,
  redeem,
  refresh,
  startTransaction,
} from '../../../fixtures/signin-client.ts';
import { useSignInHarness } from '../../../fixtures/signin-harness-suite.ts';
import { openStream } from '../../../fixtures/sse-client.ts';

describe.each(engines)('sign-in log redaction ($name)', (engine) => {
  const h = useSignInHarness(engine, { logLevel: 'debug' });

  it('logs no token, code, verifier or secret of a whole sign-in', async () => {
    const secrets: string[] = [h.feishuApp.app_secret];
    const txn = await startTransaction(h.baseUrl, {
      enterpriseId: h.tenant.verification_id,
      sourceId: h.source.id,
    });
    secrets.push(txn.verifier);
    const back = await browserSignIn(
      new FormBrowser(),
      txn.authorize_url,
      h.sandboxUrl,
      h.sample('member'),
    );
    const code = loopbackParams(back.location).code!;
    secrets.push(code);
    const tokens = await redeem(h.baseUrl, {
      code,
      verifier: txn.verifier,
      transactionId: txn.transaction_id,
    });
    secrets.push(tokens.json.access_token, tokens.json.refresh_token);
    const next = await refresh(h.baseUrl, tokens.json.refresh_token, txn.device.id);
    secrets.push(next.json.access_token, next.json.refresh_token);
    await refresh(h.baseUrl, 'z'.repeat(43), txn.device.id);
    const stream = await openStream(h.baseUrl, next.json.access_token);
    stream.close();

    // The QR path: the passport token endpoint's answers must not leak either.
    const qr = await startTransaction(h.baseUrl, {
      enterpriseId: h.tenant.verification_id,
      sourceId: h.source.id,
    });
    const html = await (await fetch(qr.qr_url!, { headers: { accept: 'text/html' } })).text();
    const goto = (JSON.parse(/id="qr-config"[^>]*>([^<]+)</.exec(html)![1]!) as { goto: string })
      .goto;
    await fetch(`${h.sandboxUrl}/suite/passport/qr/frame?goto=${encodeURIComponent(goto)}`);
    const scan = (await (
      await fetch(`${h.sandboxUrl}/sandbox/qr/scan`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: h.sample('leader').email }),
      })
    ).json()) as { tmp_code: string };
    secrets.push(scan.tmp_code);
    const qrBack = await new FormBrowser().follow(
      `${goto}&tmp_code=${scan.tmp_code}`,
      qr.redirectUri,
    );
    secrets.push(loopbackParams(qrBack.location).code!);

    await fetch(`${h.baseUrl}/api/v1/session/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${next.json.access_token}` },
    });

    const text = h.logs.text();
    expect(text.length).toBeGreaterThan(1000);
    expect(text).toContain('/api/v1/public/token');
    for (const secret of secrets)
      expect(text, `a secret of ${secret.length} characters`).not.toContain(secret);
    // No JWT at all (ours or Feishu's v2 user tokens) and no passport user token.
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(text).not.toMatch(/\bu-[A-Za-z0-9_-]{16,}/);
  });
});
