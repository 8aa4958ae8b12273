// Adding a Feishu/Lark identity source, the way the vendor consoles walk it: platform -> basic
// configuration (saved here: the URLs to paste into Feishu appear) -> connectivity test (must
// pass) -> synchronization settings -> confirm and the first sync. The address keeps the saved
// source and the step, so a reload resumes where the admin was.
import { Button, Card, Radio, Result, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { Brand } from '../../../../shared/domain/identity-source.ts';
import { useApi } from '../../app/session.tsx';
import { tenantPath, useTenantId } from '../../app/tenant.tsx';
import type {
  ConnectivityAnswer,
  CreateSourceBody,
  Source,
  UpdateSourceBody,
} from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PageLoading } from '../../components/PageLoading.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useMessages } from '../../i18n/messages.ts';
import { BasicForm } from './BasicForm.tsx';
import { ConfirmSummary } from './ConfirmSummary.tsx';
import { ConnectivityPanel } from './ConnectivityPanel.tsx';
import { sourceMessages } from './messages.ts';
import { SyncSettingsForm } from './SyncSettingsForm.tsx';
import { useTenant } from './use-tenant.ts';

const STEPS = ['brand', 'basic', 'connectivity', 'sync', 'confirm'] as const;

export default function SourceWizardPage() {
  const t = useMessages(sourceMessages);
  const api = useApi();
  const tenantId = useTenantId();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const sourceId = params.get('source');
  const step = Math.min(Math.max(Number(params.get('step') ?? 0) || 0, 0), STEPS.length - 1);
  const [brand, setBrand] = useState<Brand>('feishu');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [answer, setAnswer] = useState<ConnectivityAnswer | null>(null);
  const tenant = useTenant(tenantId);
  const base = `/tenants/${encodeURIComponent(tenantId)}/identity-sources`;
  const loaded = useLoad(
    () => (sourceId ? api.get<Source>(`${base}/${sourceId}`) : Promise.resolve(null)),
    [api, base, sourceId],
  );
  const [saved, setSaved] = useState<Source | null>(null);
  const source = saved ?? loaded.data ?? null;

  const go = (next: number, id = source?.id) => {
    setError(null);
    const search: Record<string, string> = { step: String(next) };
    if (id) search.source = id;
    setParams(search);
  };

  const saveBasic = async (body: CreateSourceBody | UpdateSourceBody) => {
    setBusy(true);
    setError(null);
    try {
      const next = source
        ? await api.patch<Source>(`${base}/${source.id}`, body)
        : await api.post<Source>(base, body);
      setSaved(next);
      setAnswer(null);
      go(2, next.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const saveSync = async (body: UpdateSourceBody) => {
    if (!source) return;
    setBusy(true);
    setError(null);
    try {
      setSaved(await api.patch<Source>(`${base}/${source.id}`, body));
      go(4);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const finish = async (syncNow: boolean) => {
    if (!source) return;
    setBusy(true);
    setError(null);
    try {
      if (syncNow) {
        await api.post(`${base}/${source.id}/sync`);
        navigate(tenantPath(tenantId, `sources/${source.id}/sync`));
      } else navigate(tenantPath(tenantId, 'sources'));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if ((sourceId && !source) || !tenant.data) return <PageLoading />;
  const activeBrand = source?.brand ?? brand;
  const brandName = t(`sources.${activeBrand}`);
  const passed = (answer?.status ?? source?.connectivity.status) === 'passed';

  return (
    <>
      <PageHeader title={t('sources.wizardTitle')} />
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={STEPS.map((s) => ({ title: t(`sources.steps.${s}`) }))}
      />
      {step === 0 && (
        <Card>
          <Typography.Paragraph>{t('sources.brandStep.intro')}</Typography.Paragraph>
          <Radio.Group
            value={activeBrand}
            disabled={!!source}
            onChange={(e) => setBrand(e.target.value as Brand)}
            data-testid="brand-choice"
          >
            <Space orientation="vertical">
              <Radio value="feishu">
                <strong>{t('sources.feishu')}</strong> · {t('sources.brandStep.feishuHint')}
              </Radio>
              <Radio value="lark">
                <strong>{t('sources.lark')}</strong> · {t('sources.brandStep.larkHint')}
              </Radio>
            </Space>
          </Radio.Group>
          <div style={{ marginTop: 24 }}>
            <Button type="primary" onClick={() => go(1)} data-testid="wizard-next">
              {t('common.next')}
            </Button>
          </div>
        </Card>
      )}
      {step === 1 && (
        <Card>
          <BasicForm
            key={source?.id ?? 'new'}
            brand={activeBrand}
            source={source}
            busy={busy}
            error={error}
            submitLabel={t('sources.basic.saveAndTest')}
            onSubmit={(body) => void saveBasic(body)}
          />
          <Button style={{ marginTop: 16 }} onClick={() => go(0)}>
            {t('common.back')}
          </Button>
        </Card>
      )}
      {step === 2 && source && (
        <Card>
          <ConnectivityPanel
            source={source}
            answer={answer}
            onAnswer={setAnswer}
            onFix={() => go(1)}
          />
          <Space style={{ marginTop: 24 }}>
            <Button onClick={() => go(1)}>{t('common.back')}</Button>
            <Button
              type="primary"
              disabled={!passed}
              onClick={() => go(3)}
              data-testid="wizard-next"
            >
              {t('common.next')}
            </Button>
            {!passed && (
              <Typography.Text type="secondary">{t('sources.test.mustPass')}</Typography.Text>
            )}
          </Space>
        </Card>
      )}
      {step === 3 && source && (
        <Card>
          <SyncSettingsForm
            source={source}
            timeZone={tenant.data.time_zone}
            busy={busy}
            error={error}
            submitLabel={t('common.next')}
            onSubmit={(body) => void saveSync(body)}
          />
          <Button style={{ marginTop: 16 }} onClick={() => go(2)}>
            {t('common.back')}
          </Button>
        </Card>
      )}
      {step === 4 && source && (
        <Card>
          <Result
            status="info"
            title={source.name}
            subTitle={t('sources.confirm.intro')}
            extra={
              <Space orientation="vertical" style={{ textAlign: 'start', width: '100%' }}>
                <ConfirmSummary source={source} brand={brandName} />
                {error !== null && <ErrorAlert error={error} />}
                <Space>
                  <Button onClick={() => go(3)}>{t('common.back')}</Button>
                  <Button onClick={() => void finish(false)} disabled={busy}>
                    {t('sources.confirm.later')}
                  </Button>
                  <Button
                    type="primary"
                    loading={busy}
                    onClick={() => void finish(true)}
                    data-testid="wizard-confirm"
                  >
                    {t('sources.confirm.firstSync')}
                  </Button>
                </Space>
              </Space>
            }
          />
        </Card>
      )}
    </>
  );
}
