// Access policies of the tenant: the evaluation order (reorder by drag or by keyboard) and the
// what-if tester beside it.
import { Alert, Col, Row } from 'antd';
import { useApi } from '../../app/session.tsx';
import { useTenantId } from '../../app/tenant.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PageLoading } from '../../components/PageLoading.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useMessages } from '../../i18n/messages.ts';
import { policyMessages } from './messages.ts';
import { PolicyOrder } from './PolicyOrder.tsx';
import type { ApplicationList, PolicyList } from './types.ts';
import { WhatIfTester } from './WhatIfTester.tsx';

export default function PoliciesPage() {
  const t = useMessages(policyMessages);
  const api = useApi();
  const tenantId = useTenantId();
  const tenant = `/tenants/${encodeURIComponent(tenantId)}`;
  const policies = useLoad(() => api.get<PolicyList>(`${tenant}/policies`), [api, tenant]);
  const applications = useLoad(
    () => api.get<ApplicationList>(`${tenant}/applications`),
    [api, tenant],
  );
  const failed = policies.error ?? applications.error;
  if (failed)
    return (
      <ErrorAlert
        error={failed}
        onRetry={() => {
          policies.reload();
          applications.reload();
        }}
      />
    );
  if (!policies.data || !applications.data) return <PageLoading />;
  const names = new Map(applications.data.items.map((a) => [a.id, a.name]));
  return (
    <>
      <PageHeader title={t('policies.title')} />
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Alert type="info" showIcon title={t('policies.order')} style={{ marginBottom: 12 }} />
          <PolicyOrder
            base={`${tenant}/policies`}
            policies={policies.data.items}
            applicationNames={names}
            onSaved={policies.reload}
          />
        </Col>
        <Col xs={24} xl={9}>
          <WhatIfTester tenantId={tenantId} applications={applications.data.items} />
        </Col>
      </Row>
    </>
  );
}
