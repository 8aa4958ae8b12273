import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';

/** Shown while a page's chunk or first data loads. */
export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div className="gh-page-loading" role="status" aria-live="polite">
      <Spin />
      <span className="gh-visually-hidden">{t('app.loading')}</span>
    </div>
  );
}
