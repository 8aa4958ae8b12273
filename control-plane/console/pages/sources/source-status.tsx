// Enable / close a source; closing warns that its people lose access (the API needs confirm).
import { App } from 'antd';
import type { ApiClient } from '../../api/client.ts';
import type { Source } from '../../api/types.ts';
import { useErrorText } from '../../components/ErrorAlert.tsx';
import { useMessages } from '../../i18n/messages.ts';
import { sourceMessages } from './messages.ts';

export function useSourceStatus(api: ApiClient, onChanged: (source: Source) => void) {
  const t = useMessages(sourceMessages);
  const { modal, message } = App.useApp();
  const errorText = useErrorText();
  const path = (s: Source) => `/tenants/${s.tenant_id}/identity-sources/${s.id}`;
  const fail = (e: unknown) => {
    const text = errorText(e);
    void message.error(`${text.message}${text.code ? ` (${text.code})` : ''}`);
  };
  return {
    enable: async (source: Source) => {
      try {
        onChanged(await api.post<Source>(`${path(source)}/enable`));
        void message.success(t('sources.enabledDone', { name: source.name }));
      } catch (e) {
        fail(e);
      }
    },
    close: (source: Source) =>
      modal.confirm({
        title: t('sources.closeTitle', { name: source.name }),
        content: t('sources.closeBody'),
        okText: t('sources.closeConfirm'),
        okButtonProps: { danger: true, 'data-testid': 'confirm-close' } as { danger: boolean },
        cancelText: t('common.cancel'),
        onOk: async () => {
          try {
            onChanged(await api.post<Source>(`${path(source)}/close`, { confirm: true }));
            void message.success(t('sources.closedDone', { name: source.name }));
          } catch (e) {
            fail(e);
          }
        },
      }),
  };
}
