// The accounts pages: sign-in form, "continue as", consent and error. Plain HTML forms, so the
// flow works without JavaScript; every control has a label and errors are announced.
import type { Brand, SandboxApp, SandboxUser } from '../org/types.ts';
import { esc, renderPage, type Page } from './html.ts';
import { fill, PAGE_ERRORS, scopeName, TEXT, type Lang, type PageErrorKey } from './i18n.ts';
import { inBrand, PATHS } from './paths.ts';
import type { AuthorizeTxn } from './transactions.ts';

const other = (lang: Lang): Lang => (lang === 'en' ? 'zh-CN' : 'en');

const brandName = (brand: Brand, lang: Lang) => TEXT.brand[brand][lang];

const hiddenTxn = (txn: AuthorizeTxn) => `<input type="hidden" name="txn" value="${esc(txn.id)}">`;

const langSwitch = (txn: AuthorizeTxn, path: string) =>
  `${inBrand(txn.request.brand, path)}?txn=${encodeURIComponent(txn.id)}&lang=${other(txn.lang)}`;

export function signInPage(
  txn: AuthorizeTxn,
  app: SandboxApp,
  opts: { account?: string; error?: string } = {},
): Page {
  const { lang } = txn;
  const brand = txn.request.brand;
  const title = fill(TEXT.signInTitle[lang], { brand: brandName(brand, lang) });
  const described = opts.error ? ' aria-describedby="form-error" aria-invalid="true"' : '';
  const body = `
<h1>${esc(title)}</h1>
<p>${esc(fill(TEXT.toContinue[lang], { app: app.name }))}</p>
<form method="post" action="${esc(inBrand(brand, PATHS.login))}">
${hiddenTxn(txn)}
<label for="account">${esc(TEXT.account[lang])}</label>
<input type="text" id="account" name="account" autocomplete="username" required value="${esc(opts.account ?? '')}"${described}>
<label for="password">${esc(TEXT.password[lang])}</label>
<input type="password" id="password" name="password" autocomplete="current-password" required${described}>
${opts.error ? `<div class="error" id="form-error" role="alert">${esc(opts.error)}</div>` : ''}
<button type="submit">${esc(TEXT.signIn[lang])}</button>
</form>`;
  return renderPage({
    brand,
    lang,
    title,
    body,
    status: opts.error ? 400 : 200,
    langSwitchHref: langSwitch(txn, PATHS.login),
  });
}

export function continuePage(txn: AuthorizeTxn, app: SandboxApp, user: SandboxUser): Page {
  const { lang } = txn;
  const brand = txn.request.brand;
  const title = TEXT.continueTitle[lang];
  const who = lang === 'en' && user.enName ? user.enName : user.name;
  const body = `
<h1>${esc(title)}</h1>
<p>${esc(fill(TEXT.toContinue[lang], { app: app.name }))}</p>
<form method="post" action="${esc(inBrand(brand, PATHS.continueAs))}">
${hiddenTxn(txn)}
<button type="submit">${esc(fill(TEXT.continueAs[lang], { name: who }))}</button>
</form>
<p class="muted">${esc(user.email)}</p>
<form method="post" action="${esc(inBrand(brand, PATHS.switchAccount))}">
${hiddenTxn(txn)}
<button type="submit" class="secondary">${esc(TEXT.switchAccount[lang])}</button>
</form>`;
  return renderPage({ brand, lang, title, body, langSwitchHref: langSwitch(txn, PATHS.login) });
}

export function consentPage(txn: AuthorizeTxn, app: SandboxApp, user: SandboxUser): Page {
  const { lang } = txn;
  const brand = txn.request.brand;
  const title = fill(TEXT.consentTitle[lang], { app: app.name, brand: brandName(brand, lang) });
  const who = lang === 'en' && user.enName ? user.enName : user.name;
  const items = [TEXT.basicProfile[lang], ...txn.request.scopes.map((s) => scopeName(s, lang))];
  const body = `
<h1>${esc(title)}</h1>
<p>${esc(fill(TEXT.signedInAs[lang], { name: who }))}</p>
<p id="scopes-intro">${esc(TEXT.willAccess[lang])}</p>
<ul aria-labelledby="scopes-intro">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>
<form method="post" action="${esc(inBrand(brand, PATHS.consent))}">
${hiddenTxn(txn)}
<div class="row">
<button type="submit" name="decision" value="deny" class="secondary">${esc(TEXT.deny[lang])}</button>
<button type="submit" name="decision" value="allow">${esc(TEXT.authorize[lang])}</button>
</div>
</form>`;
  return renderPage({
    brand,
    lang,
    title,
    body,
    formTargets: redirectSource(txn.request.redirectUri),
    langSwitchHref: langSwitch(txn, PATHS.consent),
  });
}

/** The CSP source that lets the consent form's redirect through (an origin, or a scheme). */
function redirectSource(redirectUri: string): string[] {
  try {
    const url = new URL(redirectUri);
    return [url.origin === 'null' ? url.protocol : url.origin];
  } catch {
    return [];
  }
}

export function errorPage(
  brand: Brand,
  lang: Lang,
  problem: { code: number; key: PageErrorKey; vars?: Record<string, string> },
  status = 400,
): Page {
  const title = TEXT.errorTitle[lang];
  const body = `
<h1>${esc(title)}</h1>
<p role="alert">${esc(fill(PAGE_ERRORS[problem.key][lang], problem.vars))}</p>
<p class="muted">${esc(fill(TEXT.errorCode[lang], { code: String(problem.code) }))}</p>`;
  return renderPage({ brand, lang, title, body, status });
}
