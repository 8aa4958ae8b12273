import type { TFunction } from 'i18next';

export const brandName = (brand: 'feishu' | 'lark' | undefined, t: TFunction): string =>
  brand ? t(`brand.${brand}`) : t('brand.either');
