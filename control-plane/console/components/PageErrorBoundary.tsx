// A page that throws while rendering (or whose chunk fails to load after a deploy) shows a
// translated message instead of blanking the whole console.
import { Alert } from 'antd';
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function PageFailed() {
  const { t } = useTranslation();
  return <Alert type="error" showIcon role="alert" title={t('error.pageFailed')} />;
}

export class PageErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}
