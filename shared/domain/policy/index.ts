// The policy evaluator's public face (see README.md here and docs/adr/0006-policy-semantics.md).
export { compilePolicies, CompiledPolicies } from './compiled-policies.ts';
export { comparePolicies, parsePolicySet, PolicySetError } from './compile.ts';
export * from './schemas.ts';
export * from './entitlement-schemas.ts';
export type * from './types.ts';
export { POLICY_OUTCOMES } from './types.ts';
export { REASON_CODES, REASON_MESSAGES, reasonText, type ReasonCode } from './reasons.ts';
export {
  createEntitlementEnforcer,
  type EntitlementEnforcer,
  type Enforcement,
} from './entitlement-enforcer.ts';
export {
  findAddressOverlaps,
  type AddressOverlap,
  type OverlapReport,
  type OverlapSide,
} from './overlaps.ts';
export { normalizeDestinationHost, parseHostPattern, type Destination } from './host.ts';
export { parsePortSpec, PROTOCOLS, type DestinationProtocol, type Protocol } from './ports.ts';
export { WEEKDAYS, type Weekday } from './time-window.ts';
export { attributeValues, type AttributeOperator, type UserAttributes } from './attributes.ts';
