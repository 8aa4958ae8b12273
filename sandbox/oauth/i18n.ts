// Page text in zh-CN and en. The language comes from ?lang=, then Accept-Language, then the
// brand's home market (Feishu: Chinese, Lark: English).
import type { Brand } from '../org/types.ts';

export type Lang = 'zh-CN' | 'en';

export function parseLang(value: unknown): Lang | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.toLowerCase();
  if (v.startsWith('zh')) return 'zh-CN';
  if (v.startsWith('en')) return 'en';
  return undefined;
}

export function pickLang(query: unknown, acceptLanguage: string | undefined, brand: Brand): Lang {
  const fromQuery = parseLang(query);
  if (fromQuery) return fromQuery;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const lang = parseLang(tag);
    if (lang) return lang;
  }
  return brand === 'feishu' ? 'zh-CN' : 'en';
}

type Text = Record<Lang, string>;
const t = (zh: string, en: string): Text => ({ 'zh-CN': zh, en });

export const TEXT = {
  brand: { feishu: t('飞书', 'Feishu'), lark: t('Lark', 'Lark') },
  sandboxNote: t('沙箱环境（非真实飞书）', 'Sandbox (not the real service)'),
  otherLang: t('English', '中文'),
  signInTitle: t('登录{brand}', 'Sign in to {brand}'),
  toContinue: t('以继续使用「{app}」', 'to continue to {app}'),
  account: t('邮箱或手机号', 'Email or mobile number'),
  password: t('密码', 'Password'),
  signIn: t('登录', 'Sign in'),
  errMissing: t('请输入账号和密码', 'Enter your account and password'),
  errNoAccount: t('账号不存在', 'This account does not exist'),
  errBadPassword: t('账号或密码错误', 'Incorrect account or password'),
  errFrozen: t(
    '该账号已被冻结，请联系企业管理员',
    "This account is frozen. Contact your organization's administrator.",
  ),
  errInactive: t('该账号尚未激活', 'This account has not been activated'),
  errWrongBrand: t(
    '该账号不属于{brand}，请使用对应的平台登录',
    'This account does not belong to {brand}; sign in on its own platform',
  ),
  continueTitle: t('选择账号', 'Choose an account'),
  continueAs: t('以 {name} 身份继续', 'Continue as {name}'),
  switchAccount: t('切换账号', 'Switch account'),
  consentTitle: t('「{app}」申请使用你的{brand}账号', '{app} wants to use your {brand} account'),
  signedInAs: t('当前账号：{name}', 'Signed in as {name}'),
  willAccess: t('授权后，该应用将获得以下权限：', 'If you allow, the app will be able to:'),
  basicProfile: t('获取你的基本信息（姓名、头像）', 'See your basic profile (name and avatar)'),
  authorize: t('授权', 'Authorize'),
  deny: t('拒绝', 'Deny'),
  errorTitle: t('无法完成授权', 'Authorization cannot continue'),
  errorCode: t('错误码：{code}', 'Error code: {code}'),
  qrTitle: t('使用{brand}扫码登录', 'Scan with {brand} to sign in'),
  qrId: t('二维码 ID：{id}', 'QR ID: {id}'),
  qrWaiting: t('请使用{brand}移动端扫描二维码', 'Scan the code with the {brand} mobile app'),
  qrScanned: t('扫码成功，正在登录…', 'Scanned. Signing you in…'),
  qrExpired: t('二维码已失效', 'This QR code has expired'),
  qrRefresh: t('刷新二维码', 'Refresh the QR code'),
} satisfies Record<string, Text | Record<Brand, Text>>;

/** Page errors (shown instead of redirecting, as the platform does). */
export const PAGE_ERRORS = {
  missingParam: t('缺少必填参数：{param}', 'A required parameter is missing: {param}'),
  appNotFound: t('应用不存在', 'The app does not exist'),
  appDisabled: t('应用已停用', 'The app is disabled'),
  redirectMismatch: t(
    'redirect_uri 未在应用的安全设置中配置',
    "redirect_uri is not one of the app's registered redirect URLs",
  ),
  responseType: t('response_type 必须为 code', 'response_type must be code'),
  scopeNotEnabled: t(
    '应用未开通权限：{scope}。请在开发者后台开通后重试',
    'The app has not enabled the scope {scope}. Enable it in the developer console and retry.',
  ),
  scopeDuplicate: t('scope 中有重复的权限：{scope}', 'The scope list repeats {scope}'),
  tooManyScopes: t('一次最多申请 50 个权限', 'At most 50 scopes can be requested at once'),
  badPkce: t('code_challenge 参数无效', 'The code_challenge parameters are invalid'),
  txnExpired: t(
    '登录已过期，请回到应用重新发起登录',
    'This sign-in has expired. Go back to the app and start again.',
  ),
  tmpCodeInvalid: t(
    '扫码登录已失效，请刷新二维码重新扫码',
    'This QR sign-in is no longer valid. Refresh the QR code and scan again.',
  ),
  userUnavailable: t('该账号无法登录', 'This account cannot sign in'),
} satisfies Record<string, Text>;

export type PageErrorKey = keyof typeof PAGE_ERRORS;

export function fill(text: string, vars: Record<string, string> = {}): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

/** Human names of the scopes the consent page is likely to show; others show as written. */
const SCOPE_NAMES: Record<string, Text> = {
  offline_access: t('在你离线时保持访问（刷新凭证）', 'Stay signed in while you are away'),
  'auth:user.id:read': t('获取你的用户身份信息', 'See your user identity'),
  'contact:user.base:readonly': t('获取你的基本信息', 'See your basic profile'),
  'contact:user.email:readonly': t('获取你的邮箱地址', 'See your email address'),
  'contact:user.phone:readonly': t('获取你的手机号', 'See your mobile number'),
  'contact:user.employee_id:readonly': t('获取你的 user ID', 'See your user ID'),
  'contact:user.employee:readonly': t('获取你的受雇信息', 'See your employment details'),
  'contact:user.department:readonly': t('获取你的部门信息', 'See your departments'),
};

export const scopeName = (scope: string, lang: Lang): string => SCOPE_NAMES[scope]?.[lang] ?? scope;
