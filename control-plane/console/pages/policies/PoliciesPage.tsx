// Access policies of the tenant: the evaluation order (reorder by drag or by keyboard), the
// editor (new, edit, delete) and the what-if tester beside it.
import { Alert, Button, Col, Row } from 'antd';
import { useState } from 'react';
import { useApi } from '../../app/session.tsx';
import { useTenantId } from '../../app/tenant.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PageLoading } from '../../components/PageLoading.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useMessages } from '../../i18n/messages.ts';
import { policyMessages } from './messages.ts';
import { PolicyEditor } from './PolicyEditor.tsx';
import { PolicyOrder } from './PolicyOrder.tsx';
import type { ApplicationList, Policy, PolicyList } from './types.ts';
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
  const [editing, setEditing] = useState<Policy | null>(null);
  const [editorOpen, setEditorOpen] = useState(false);
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
      <PageHeader
        title={t('policies.title')}
        extra={
          <Button
            type="primary"
            onClick={() => {
              setEditing(null);
              setEditorOpen(true);
            }}
          >
            {t('policies.editor.add')}
          </Button>
        }
      />
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Alert type="info" showIcon title={t('policies.order')} style={{ marginBottom: 12 }} />
          <PolicyOrder
            base={`${tenant}/policies`}
            policies={policies.data.items}
            applicationNames={names}
            onSaved={policies.reload}
            onEdit={(p) => {
              setEditing(p);
              setEditorOpen(true);
            }}
          />
        </Col>
        <Col xs={24} xl={9}>
          <WhatIfTester tenantId={tenantId} applications={applications.data.items} />
        </Col>
      </Row>
      <PolicyEditor
        tenantId={tenantId}
        editing={editing}
        nextPriority={(policies.data.items.at(-1)?.priority ?? 0) + 10}
        applications={applications.data.items}
        open={editorOpen}
        onClose={(saved) => {
          setEditorOpen(false);
          if (saved) policies.reload();
        }}
      />
    </>
  );
}
