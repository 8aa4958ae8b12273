// Picks departments for a partial sync: the tree is read live from Feishu/Lark one level at a
// time (the source's saved credentials), or from the synced directory when Feishu cannot be
// read. Checking a department takes its whole subtree, so parents and children are independent.
import { Alert, Spin, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client.ts';
import { useApi } from '../../app/session.tsx';
import type { DirectoryDepartmentList, LiveDepartmentPage, Source } from '../../api/types.ts';
import { useMessages } from '../../i18n/messages.ts';
import { sourceMessages } from './messages.ts';
import { withChildren } from '../../components/tree-nodes.ts';

interface Child {
  id: string;
  name: string;
  leaf: boolean;
}

type Origin = 'live' | 'synced';

const MAX_PAGES = 20;

async function liveChildren(api: ApiClient, base: string, parent: string): Promise<Child[]> {
  const out: Child[] = [];
  let token: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: LiveDepartmentPage = await api.get(`${base}/feishu/departments`, {
      parent_id: parent,
      page_token: token ?? undefined,
    });
    // Feishu does not say whether a department has children: expand lazily (empty = leaf).
    for (const d of answer.items)
      out.push({
        id: d.open_department_id,
        name: d.member_count === null ? d.name : `${d.name} (${d.member_count})`,
        leaf: false,
      });
    token = answer.page_token;
    if (!token) break;
  }
  return out;
}

async function syncedChildren(api: ApiClient, base: string, parent: string): Promise<Child[]> {
  const answer: DirectoryDepartmentList = await api.get(`${base}/directory/departments`, {
    parent_id: parent,
  });
  return answer.items.map((d) => ({
    id: d.open_department_id,
    name: `${d.name} (${d.member_count})`,
    leaf: d.child_count === 0,
  }));
}

const toNodes = (children: Child[]): TreeDataNode[] =>
  children.map((c) => ({ key: c.id, title: c.name, isLeaf: c.leaf }));

export function DepartmentPicker(props: {
  source: Source;
  value?: string[];
  onChange?: (ids: string[]) => void;
}) {
  const t = useMessages(sourceMessages);
  const api = useApi();
  const base = `/tenants/${props.source.tenant_id}/identity-sources/${props.source.id}`;
  const [origin, setOrigin] = useState<Origin>('live');
  const [nodes, setNodes] = useState<TreeDataNode[] | null>(null);
  const brand = t(`sources.${props.source.brand}`);

  const load = useCallback(
    async (parent: string, from: Origin): Promise<{ kids: Child[]; origin: Origin }> => {
      if (from === 'live') {
        try {
          return { kids: await liveChildren(api, base, parent), origin: 'live' };
        } catch {
          // Feishu unreachable, no permission yet, or no live endpoint: the synced tree.
        }
      }
      return { kids: await syncedChildren(api, base, parent).catch(() => []), origin: 'synced' };
    },
    [api, base],
  );

  useEffect(() => {
    let live = true;
    void load('0', 'live').then(({ kids, origin: o }) => {
      if (!live) return;
      setOrigin(o);
      setNodes(toNodes(kids));
    });
    return () => {
      live = false;
    };
  }, [load]);

  if (!nodes) return <Spin size="small" />;
  return (
    <div data-testid="department-picker">
      <Alert
        type={origin === 'live' ? 'info' : 'warning'}
        showIcon
        style={{ marginBottom: 8 }}
        title={t(origin === 'live' ? 'sources.sync.treeLive' : 'sources.sync.treeSynced', {
          brand,
        })}
      />
      {nodes.length === 0 ? (
        <Typography.Text type="secondary">{t('sources.sync.treeEmpty')}</Typography.Text>
      ) : (
        <Tree
          checkable
          checkStrictly
          treeData={nodes}
          checkedKeys={props.value ?? []}
          onCheck={(checked) => {
            const keys = Array.isArray(checked) ? checked : checked.checked;
            props.onChange?.(keys.map(String));
          }}
          loadData={async (node) => {
            if (node.children) return;
            const { kids } = await load(String(node.key), origin);
            setNodes((prev) => (prev ? withChildren(prev, node.key, toNodes(kids)) : prev));
          }}
          style={{ maxHeight: 360, overflow: 'auto' }}
        />
      )}
    </div>
  );
}
