// The policies in evaluation order. A row moves by dragging it (HTML drag and drop) or with its
// up/down buttons (keyboard and screen readers); either way the whole order is saved at once as
// new priorities (10, 20, 30, …) through the reorder call, which audits every change.
import { ArrowDownOutlined, ArrowUpOutlined, HolderOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useMessages } from '../../i18n/messages.ts';
import { policyMessages } from './messages.ts';
import type { Policy, ReorderBody } from './types.ts';

const STEP = 10;

export function PolicyOrder(props: {
  base: string;
  policies: Policy[];
  applicationNames: Map<string, string>;
  onSaved: () => void;
  onEdit: (policy: Policy) => void;
}) {
  const t = useMessages(policyMessages);
  const api = useApi();
  const { message } = App.useApp();
  const [dragging, setDragging] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const list = props.policies;

  const save = async (ordered: Policy[]) => {
    setSaving(true);
    try {
      const body: ReorderBody = {
        items: ordered.map((p, i) => ({ id: p.id, priority: (i + 1) * STEP })),
      };
      await api.post(`${props.base}/reorder`, body);
      setError(null);
      void message.success(t('policies.reordered'));
      props.onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  const remove = async (policy: Policy) => {
    try {
      await api.delete(`${props.base}/${encodeURIComponent(policy.id)}`);
      setError(null);
      props.onSaved();
    } catch (e) {
      setError(e);
    }
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= list.length || from === to) return;
    const next = [...list];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    void save(next);
  };

  const who = (p: Policy) => {
    const s = p.subjects;
    if (s.all_users) return t('policies.everyone');
    return [
      s.departments.length ? t('policies.departments', { count: s.departments.length }) : '',
      s.users.length ? t('policies.users', { count: s.users.length }) : '',
      s.attributes.length ? t('policies.attributes', { count: s.attributes.length }) : '',
    ]
      .filter(Boolean)
      .join(' · ');
  };
  const what = (p: Policy) =>
    p.resources.all_applications
      ? '*'
      : [
          ...p.resources.applications.map((id) => props.applicationNames.get(id) ?? id),
          ...p.resources.tags.map((tag) => `#${tag}`),
        ].join(', ');

  return (
    <>
      {error !== null && <ErrorAlert error={error} />}
      <Table<Policy>
        size="small"
        rowKey="id"
        pagination={false}
        loading={saving}
        dataSource={list}
        locale={{ emptyText: t('policies.none') }}
        onRow={(p, index) => ({
          draggable: true,
          'data-testid': `policy-row-${p.name}`,
          onDragStart: (e) => {
            setDragging(p.id);
            e.dataTransfer.effectAllowed = 'move';
          },
          onDragOver: (e) => e.preventDefault(),
          onDrop: (e) => {
            e.preventDefault();
            const from = list.findIndex((x) => x.id === dragging);
            setDragging(null);
            if (from >= 0 && index !== undefined) move(from, index);
          },
        })}
        columns={[
          {
            title: '',
            width: 32,
            render: (_, p) => (
              <HolderOutlined
                aria-label={t('policies.dragHandle', { name: p.name })}
                style={{ cursor: 'grab' }}
              />
            ),
          },
          { title: t('policies.priority'), dataIndex: 'priority', width: 90 },
          {
            title: t('policies.name'),
            render: (_, p) => (
              <Space>
                <Typography.Text strong>{p.name}</Typography.Text>
                {!p.enabled && <Tag>{t('policies.disabledTag')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('policies.action'),
            render: (_, p) => (
              <Tag color={p.action === 'allow' ? 'green' : 'red'}>{t(`policies.${p.action}`)}</Tag>
            ),
          },
          { title: t('policies.subjects'), render: (_, p) => who(p) },
          { title: t('policies.resources'), render: (_, p) => what(p) },
          {
            title: '',
            width: 220,
            render: (_, p, index) => (
              <Space>
                <Button size="small" onClick={() => props.onEdit(p)}>
                  {t('policies.editor.edit')}
                </Button>
                <Popconfirm
                  title={t('policies.editor.deleteConfirm', { name: p.name })}
                  onConfirm={() => void remove(p)}
                >
                  <Button size="small" danger>
                    {t('policies.editor.delete')}
                  </Button>
                </Popconfirm>
                <Button
                  size="small"
                  icon={<ArrowUpOutlined />}
                  aria-label={t('policies.moveUp', { name: p.name })}
                  disabled={index === 0 || saving}
                  onClick={() => move(index, index - 1)}
                />
                <Button
                  size="small"
                  icon={<ArrowDownOutlined />}
                  aria-label={t('policies.moveDown', { name: p.name })}
                  disabled={index === list.length - 1 || saving}
                  onClick={() => move(index, index + 1)}
                />
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
