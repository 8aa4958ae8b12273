// The synced directory of one identity source: the department tree on the left (loaded as it
// is opened, searchable by name), users on the right with search, status and sub-department
// filters, paged on the server by cursor (the org may hold 100,000 people), and a user's
// details in a drawer.
import {
  Button,
  Card,
  Col,
  Empty,
  Input,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../../app/session.tsx';
import { tenantPath, useTenantId } from '../../app/tenant.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PageLoading } from '../../components/PageLoading.tsx';
import { useLoad } from '../../components/use-load.ts';
import { useRoutedSource } from '../../components/use-routed-source.ts';
import { useMessages } from '../../i18n/messages.ts';
import { DepartmentTree } from './DepartmentTree.tsx';
import { directoryMessages } from './messages.ts';
import type { UserPage } from './types.ts';
import { StatusTag, UserDrawer } from './UserDrawer.tsx';

const PAGE_SIZE = 50;
type Status = 'active' | 'disabled' | 'deleted' | '';

export default function DirectoryPage() {
  const t = useMessages(directoryMessages);
  const tenantId = useTenantId();
  const navigate = useNavigate();
  const { sources, sourceId } = useRoutedSource((id) => `directory/${id}`);

  if (sources.error) return <ErrorAlert error={sources.error} onRetry={sources.reload} />;
  if (!sources.data) return <PageLoading />;
  if (sources.data.items.length === 0)
    return (
      <>
        <PageHeader title={t('directory.title')} />
        <Empty description={t('directory.noSources')}>
          <Button type="primary" onClick={() => navigate(tenantPath(tenantId, 'sources/new'))}>
            {t('directory.addSource')}
          </Button>
        </Empty>
      </>
    );
  const source = sources.data.items.find((s) => s.id === sourceId);
  if (!source) return <PageLoading />;
  const base = `/tenants/${encodeURIComponent(tenantId)}/identity-sources/${source.id}/directory`;
  return (
    <>
      <PageHeader
        title={t('directory.title')}
        extra={
          sources.data.items.length > 1 && (
            <Select
              aria-label={t('directory.source')}
              value={source.id}
              style={{ minWidth: 200 }}
              options={sources.data.items.map((s) => ({ value: s.id, label: s.name }))}
              onChange={(id) => navigate(tenantPath(tenantId, `directory/${id}`))}
            />
          )
        }
      />
      <Directory key={source.id} tenantId={tenantId} base={base} />
    </>
  );
}

function Directory(props: { tenantId: string; base: string }) {
  const t = useMessages(directoryMessages);
  const api = useApi();
  const [department, setDepartment] = useState({ id: '0', name: '' });
  const [subtree, setSubtree] = useState(true);
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<Status>('');
  // Cursors of the pages seen so far: the first page has none.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [openUser, setOpenUser] = useState<string | null>(null);
  const cursor = cursors.at(-1) ?? null;

  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  useEffect(() => setCursors([null]), [department.id, subtree, q, status]);

  const users = useLoad(
    () =>
      api.get<UserPage>(`${props.base}/users`, {
        page_size: PAGE_SIZE,
        department_id: department.id === '0' && subtree ? undefined : department.id,
        subtree,
        q: q || undefined,
        status: status || undefined,
        cursor: cursor ?? undefined,
      }),
    [api, props.base, department.id, subtree, q, status, cursor],
  );
  // The first page's total stays on the later pages (they are not counted again).
  const [total, setTotal] = useState<{ n: number; exact: boolean } | null>(null);
  useEffect(() => {
    const d = users.data;
    if (d && d.total !== null) setTotal({ n: d.total, exact: d.total_exact !== false });
  }, [users.data]);

  return (
    <Row gutter={16}>
      <Col xs={24} md={8} lg={7}>
        <Card title={t('directory.departments')} size="small">
          <DepartmentTree
            base={props.base}
            selected={department.id}
            onSelect={(id, name) => setDepartment({ id, name })}
          />
        </Card>
      </Col>
      <Col xs={24} md={16} lg={17}>
        <Card
          size="small"
          title={
            <Space>
              {t('directory.users')}
              {department.id !== '0' && (
                <Typography.Text type="secondary">{department.name}</Typography.Text>
              )}
            </Space>
          }
          extra={
            total && (
              <Typography.Text type="secondary" data-testid="user-total">
                {t(total.exact ? 'directory.total' : 'directory.totalMore', {
                  count: total.n.toLocaleString(),
                })}
              </Typography.Text>
            )
          }
        >
          <Space wrap style={{ marginBottom: 12 }}>
            <Input.Search
              allowClear
              style={{ width: 320 }}
              placeholder={t('directory.searchUsers')}
              aria-label={t('directory.searchUsers')}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onSearch={(v) => setQ(v.trim())}
            />
            <Select<Status>
              aria-label={t('directory.status')}
              value={status}
              style={{ width: 140 }}
              onChange={setStatus}
              options={[
                { value: '', label: t('directory.anyStatus') },
                { value: 'active', label: t('directory.active') },
                { value: 'disabled', label: t('directory.disabled') },
                { value: 'deleted', label: t('directory.deleted') },
              ]}
            />
            <Space>
              <Switch
                checked={subtree}
                onChange={setSubtree}
                aria-label={t('directory.includeSub')}
              />
              <span>{t('directory.includeSub')}</span>
            </Space>
          </Space>
          {users.error ? (
            <ErrorAlert error={users.error} onRetry={users.reload} />
          ) : (
            <Table
              size="small"
              rowKey="id"
              loading={users.loading}
              pagination={false}
              dataSource={users.data?.items ?? []}
              locale={{ emptyText: t('directory.noUsers') }}
              onRow={(u) => ({ onClick: () => setOpenUser(u.id), style: { cursor: 'pointer' } })}
              columns={[
                {
                  title: t('directory.name'),
                  render: (_, u) => (
                    <Typography.Link onClick={() => setOpenUser(u.id)}>{u.name}</Typography.Link>
                  ),
                },
                { title: t('directory.email'), dataIndex: 'email' },
                { title: t('directory.userId'), dataIndex: 'user_id' },
                {
                  title: t('directory.status'),
                  render: (_, u) => <StatusTag status={u.status} />,
                },
              ]}
            />
          )}
          <Space style={{ marginTop: 12 }}>
            <Button disabled={cursors.length === 1} onClick={() => setCursors([null])}>
              {t('directory.firstPage')}
            </Button>
            <Button
              disabled={!users.data?.next_cursor}
              onClick={() => {
                const next = users.data?.next_cursor;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              {t('directory.nextPage')}
            </Button>
          </Space>
        </Card>
      </Col>
      <UserDrawer
        tenantId={props.tenantId}
        base={props.base}
        userId={openUser}
        onClose={() => setOpenUser(null)}
      />
    </Row>
  );
}
