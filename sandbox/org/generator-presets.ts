// Sizes of the generated orgs. levels[i] is the number of departments at depth i + 1, so the
// array's length is the tree's depth. Each department gets a leader, so users >= departments.
export type OrgPreset = 'tiny' | 'small' | 'medium' | 'large';

export const ORG_PRESETS: readonly OrgPreset[] = ['tiny', 'small', 'medium', 'large'];

export interface OrgSpec {
  levels: number[];
  users: number;
  /** Direct members of the root department (the CEO first). */
  rootMembers: number;
  /** Share of users in a second department. */
  multiDepartmentRate: number;
  frozenRate: number;
  resignedRate: number;
  /** Force at least one frozen and one resigned user (the sample accounts need them). */
  ensureFrozenAndResigned: boolean;
}

const common = {
  multiDepartmentRate: 0.1,
  frozenRate: 0.005,
  resignedRate: 0.01,
  ensureFrozenAndResigned: true,
};

export const PRESET_SPECS: Record<OrgPreset, OrgSpec> = {
  tiny: { ...common, levels: [2, 2], users: 10, rootMembers: 1 },
  small: { ...common, levels: [4, 8, 6, 2], users: 200, rootMembers: 3 },
  medium: { ...common, levels: [8, 24, 60, 90, 78, 40], users: 5_000, rootMembers: 5 },
  large: {
    ...common,
    levels: [12, 60, 250, 700, 1300, 1500, 900, 250, 28],
    users: 100_000,
    rootMembers: 8,
  },
};

/** "Other Corp": the second tenant, small on purpose (cross-tenant checks need only a few). */
export const OTHER_TENANT_SPEC: OrgSpec = {
  ...common,
  levels: [2, 1],
  users: 8,
  rootMembers: 1,
  ensureFrozenAndResigned: false,
};

export const isOrgPreset = (value: string): value is OrgPreset =>
  (ORG_PRESETS as readonly string[]).includes(value);
