// Where each brand's Open Platform lives. Feishu (China) and Lark (international) are separate
// deployments: an app exists on one of them only. Both are overridable so tests, demos and
// benchmarks point at the sandbox (Feishu at its root, Lark under /lark).
import type { Brand } from '../../shared/domain/identity-source.ts';

export const DEFAULT_BASE_URLS: Record<Brand, string> = {
  feishu: 'https://open.feishu.cn',
  lark: 'https://open.larksuite.com',
};

export type BaseUrls = Partial<Record<Brand, string>>;

export const baseUrlOf = (brand: Brand, overrides: BaseUrls = {}): string =>
  (overrides[brand] ?? DEFAULT_BASE_URLS[brand]).replace(/\/+$/, '');

export const otherBrand = (brand: Brand): Brand => (brand === 'feishu' ? 'lark' : 'feishu');

/** Base URLs for a sandbox at `url`: Feishu at its root, Lark under /lark. */
export const sandboxBaseUrls = (url: string): Record<Brand, string> => ({
  feishu: url.replace(/\/+$/, ''),
  lark: `${url.replace(/\/+$/, '')}/lark`,
});

/** The per-brand hosts of the configuration (signIn.feishu/lark): openApiUrl, else baseUrl. */
export function configuredBaseUrls(signIn: {
  feishu: { baseUrl?: string; openApiUrl?: string };
  lark: { baseUrl?: string; openApiUrl?: string };
}): BaseUrls {
  const out: BaseUrls = {};
  for (const brand of ['feishu', 'lark'] as const) {
    const url = signIn[brand].openApiUrl ?? signIn[brand].baseUrl;
    if (url) out[brand] = url;
  }
  return out;
}
