// Attribute rules of policy subjects ("job_title prefix SRE", "employee_type in [1, 2]").
// A user's attribute is read as a list of strings: a string is one value, a number or boolean its
// decimal text, an array its elements; null, missing, objects and "" are no value. A positive
// operator holds when SOME value satisfies it; each negative operator is exactly the negation of
// its positive one (neq = not eq, not_in = not in, not_exists = not exists), so a user without
// the attribute satisfies neq and not_in. Comparisons are exact unless ignore_case is set.

export const VALUE_OPERATORS = ['eq', 'neq', 'prefix', 'suffix', 'contains'] as const;
export const LIST_OPERATORS = ['in', 'not_in'] as const;
export const PRESENCE_OPERATORS = ['exists', 'not_exists'] as const;
export type AttributeOperator =
  | (typeof VALUE_OPERATORS)[number]
  | (typeof LIST_OPERATORS)[number]
  | (typeof PRESENCE_OPERATORS)[number];

export type AttributeRuleInput =
  | {
      key: string;
      op: (typeof VALUE_OPERATORS)[number];
      value: string;
      ignore_case?: boolean;
    }
  | {
      key: string;
      op: (typeof LIST_OPERATORS)[number];
      values: readonly string[];
      ignore_case?: boolean;
    }
  | { key: string; op: (typeof PRESENCE_OPERATORS)[number] };

export type UserAttributes = Readonly<Record<string, unknown>>;
export type AttributeCheck = (attributes: UserAttributes | undefined) => boolean;

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

/** The attribute's values as the rules see them (exported for explanations and tests). */
export function attributeValues(attributes: UserAttributes | undefined, key: string): string[] {
  if (!attributes || !Object.hasOwn(attributes, key)) return [];
  const raw = attributes[key];
  const list = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const v of list) {
    const s = scalarText(v);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** True when some value of the attribute satisfies `test`; no array is built for a scalar. */
function someValue(
  attributes: UserAttributes | undefined,
  key: string,
  test: (s: string) => boolean,
): boolean {
  if (!attributes || !Object.hasOwn(attributes, key)) return false;
  const raw = attributes[key];
  if (Array.isArray(raw)) {
    for (const v of raw) {
      const s = scalarText(v);
      if (s !== undefined && test(s)) return true;
    }
    return false;
  }
  const s = scalarText(raw);
  return s !== undefined && test(s);
}

function positiveTest(rule: AttributeRuleInput): (s: string) => boolean {
  if (!('value' in rule) && !('values' in rule)) return () => true;
  if (rule.ignore_case) {
    const exact = positiveTest({ ...rule, ignore_case: false, ...lowered(rule) });
    return (s) => exact(s.toLowerCase());
  }
  if ('values' in rule) {
    const set = new Set(rule.values);
    return (s) => set.has(s);
  }
  const want = rule.value;
  switch (rule.op) {
    case 'eq':
    case 'neq':
      return (s) => s === want;
    case 'prefix':
      return (s) => s.startsWith(want);
    case 'suffix':
      return (s) => s.endsWith(want);
    case 'contains':
      return (s) => s.includes(want);
  }
}

function lowered(rule: AttributeRuleInput): { value: string } | { values: string[] } | object {
  if ('values' in rule) return { values: rule.values.map((v) => v.toLowerCase()) };
  if ('value' in rule) return { value: rule.value.toLowerCase() };
  return {};
}

export const isNegativeOperator = (op: AttributeOperator): boolean =>
  op === 'neq' || op === 'not_in' || op === 'not_exists';

export function compileAttributeRule(rule: AttributeRuleInput): AttributeCheck {
  const key = rule.key;
  const test = positiveTest(rule);
  return isNegativeOperator(rule.op)
    ? (attrs) => !someValue(attrs, key, test)
    : (attrs) => someValue(attrs, key, test);
}

/** All rules must hold; undefined when there are none (nothing to check on the hot path). */
export function compileAttributeRules(
  rules: readonly AttributeRuleInput[],
): AttributeCheck | undefined {
  if (rules.length === 0) return undefined;
  const checks = rules.map(compileAttributeRule);
  if (checks.length === 1) return checks[0];
  return (attrs) => {
    for (const c of checks) if (!c(attrs)) return false;
    return true;
  };
}

/** Index of the first rule the user fails, or -1 (for "why" explanations). */
export function firstFailingRule(
  rules: readonly AttributeRuleInput[],
  attributes: UserAttributes | undefined,
): number {
  return rules.findIndex((r) => !compileAttributeRule(r)(attributes));
}
