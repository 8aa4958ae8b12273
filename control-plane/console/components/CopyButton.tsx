// Copies a value (a URL to paste into the Feishu console, the enterprise ID) with one click.
import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function CopyButton(props: { value: string; label?: string; testId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [copied, setCopied] = useState(false);
  const label = props.label ?? t('common.copy');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied(true);
      void message.success(t('common.copied'));
      setTimeout(() => setCopied(false), 2000);
    } catch {
      void message.error(t('common.copyFailed'));
    }
  };
  return (
    <Tooltip title={copied ? t('common.copied') : label}>
      <Button
        icon={copied ? <CheckOutlined /> : <CopyOutlined />}
        aria-label={label}
        data-testid={props.testId}
        onClick={() => void copy()}
      />
    </Tooltip>
  );
}
