// IANA time zones the browser knows, for the tenant time-zone pickers (the server checks them
// with the same Intl data: shared/domain/time-zone.ts).
export function timeZoneOptions(): { value: string; label: string }[] {
  const zones =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const list = zones.includes('UTC') ? zones : ['UTC', ...zones];
  return list.map((zone) => ({ value: zone, label: zone }));
}
