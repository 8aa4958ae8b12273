// The synced department tree, one level per request as it is opened, and a name search over
// the whole tree whose results show their path. Choosing a department filters the users list.
import { Input, List, Spin, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../app/session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useMessages } from '../../i18n/messages.ts';
import { directoryMessages } from './messages.ts';
import type { DepartmentList } from './types.ts';
import { withChildren } from '../../components/tree-nodes.ts';

const ROOT = '0';

export function DepartmentTree(props: {
  base: string;
  selected: string;
  onSelect: (departmentId: string, name: string) => void;
}) {
  const t = useMessages(directoryMessages);
  const api = useApi();
  const [nodes, setNodes] = useState<TreeDataNode[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<DepartmentList['items'] | null>(null);

  const children = useCallback(
    async (parent: string): Promise<TreeDataNode[]> => {
      const answer = await api.get<DepartmentList>(`${props.base}/departments`, {
        parent_id: parent,
      });
      return answer.items.map((d) => ({
        key: d.open_department_id,
        title: `${d.name} (${d.member_count})`,
        isLeaf: d.child_count === 0,
      }));
    },
    [api, props.base],
  );

  useEffect(() => {
    let live = true;
    children(ROOT).then(
      (kids) => live && setNodes([{ key: ROOT, title: t('directory.wholeOrg'), children: kids }]),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [children, t]);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setFound(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.get<DepartmentList>(`${props.base}/departments`, { q, limit: 50 }).then(
        (answer) => live && setFound(answer.items),
        (e: unknown) => live && setError(e),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, props.base, query]);

  if (error) return <ErrorAlert error={error} />;
  if (!nodes) return <Spin size="small" />;
  return (
    <div data-testid="department-tree">
      <Input.Search
        allowClear
        placeholder={t('directory.findDepartment')}
        aria-label={t('directory.findDepartment')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        style={{ marginBottom: 8 }}
      />
      {found ? (
        <List
          size="small"
          dataSource={found}
          locale={{ emptyText: t('directory.noDepartments') }}
          renderItem={(d) => (
            <List.Item>
              <Typography.Link onClick={() => props.onSelect(d.open_department_id, d.name)}>
                {(d.breadcrumb ?? []).map((b) => b.name).join(' / ') || d.name}
              </Typography.Link>
            </List.Item>
          )}
        />
      ) : (
        <Tree
          treeData={nodes}
          defaultExpandedKeys={[ROOT]}
          selectedKeys={[props.selected]}
          loadData={async (node) => {
            if (node.children) return;
            const kids = await children(String(node.key));
            setNodes((current) => current && withChildren(current, node.key, kids));
          }}
          onSelect={(keys, info) => {
            const key = keys[0];
            if (key !== undefined) props.onSelect(String(key), String(info.node.title));
          }}
        />
      )}
    </div>
  );
}
