// Trees loaded one level at a time (the directory's department tree, the source's scope picker):
// the loaded children of a node, set into an antd tree's data without changing the rest.
import type { TreeDataNode } from 'antd';
import type { Key } from 'react';

export function withChildren(
  nodes: TreeDataNode[],
  key: Key,
  kids: TreeDataNode[],
): TreeDataNode[] {
  return nodes.map((n) =>
    n.key === key
      ? { ...n, children: kids, isLeaf: kids.length === 0 }
      : n.children
        ? { ...n, children: withChildren(n.children, key, kids) }
        : n,
  );
}
