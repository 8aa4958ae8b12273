// The department tree as integer indexes: every id the input names (departments, their parents,
// departments a policy names) gets a node, parents come before children in `order`, and a cycle
// (which the directory should never produce) is cut where it closes, with a warning, so that
// walking up always ends.

export interface DepartmentTree {
  index: Map<string, number>;
  ids: string[];
  /** Parent node index, -1 at the top. */
  parent: Int32Array;
  /** Every node, each after its parent. */
  order: Int32Array;
  /** Departments whose parent link was cut because it closed a cycle. */
  cycles: string[];
}

export function buildDepartmentTree(
  departments: readonly { id: string; parent_id: string | null }[],
  extraIds: Iterable<string>,
): DepartmentTree {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const node = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      index.set(id, i);
      ids.push(id);
    }
    return i;
  };
  for (const d of departments) node(d.id);
  const parentIds: (string | null)[] = [];
  for (const d of departments) parentIds[index.get(d.id)!] = d.parent_id;
  for (const d of departments) if (d.parent_id !== null && d.parent_id !== '') node(d.parent_id);
  for (const id of extraIds) node(id);

  const n = ids.length;
  const parent = new Int32Array(n).fill(-1);
  const cycles: string[] = [];
  for (let i = 0; i < parentIds.length; i++) {
    const p = parentIds[i];
    if (p === null || p === undefined || p === '') continue;
    if (p === ids[i]) cycles.push(p);
    else parent[i] = index.get(p)!;
  }

  // Depth-first from each node up to an already placed ancestor; 1 = on the current path.
  const state = new Uint8Array(n); // 0 new, 1 walking, 2 placed
  const order = new Int32Array(n);
  let placed = 0;
  const path: number[] = [];
  for (let start = 0; start < n; start++) {
    if (state[start] === 2) continue;
    let cur = start;
    while (cur !== -1 && state[cur] === 0) {
      state[cur] = 1;
      path.push(cur);
      cur = parent[cur]!;
    }
    if (cur !== -1 && state[cur] === 1) {
      // `cur` is on the path: the last node pushed points back into it. Cut that link.
      const last = path[path.length - 1]!;
      parent[last] = -1;
      cycles.push(ids[last]!);
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const v = path[i]!;
      state[v] = 2;
      order[placed++] = v;
    }
    path.length = 0;
  }
  return { index, ids, parent, order, cycles };
}
