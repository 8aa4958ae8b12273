// The proxy auto-config file: every host of the destination map goes to the local proxy, anything
// else DIRECT. The PAC decides by host only (a browser does not pass ports reliably); the proxy
// then applies ports, protocols and the entitlements, and forwards what no application covers.
//
// - Exact names: a lookup table. Wildcards ("*.corp.example", strictly below): dnsDomainIs with
//   ".corp.example". IPv4 blocks: isInNet with the netmask, for IPv4 literals.
// - IPv6 blocks: PAC's isInNet is IPv4-only. Browsers with Microsoft's IPv6 extensions (Chrome,
//   Edge, Windows) have isInNetEx("addr/prefix") and the file uses it; elsewhere every IPv6
//   literal goes to the proxy when the map has IPv6 blocks (the proxy forwards uncovered ones).
// - Names that are not listed but resolve into a listed block (an internal DNS name for an
//   address an application lists only by IP) go to the proxy too when `resolveNames` is on (the
//   default when the map has IP blocks), which then checks the address it connects to.
// - No "; DIRECT" fallback: if the proxy is down, private destinations fail instead of bypassing it.
import { parseHostPattern } from '../../../shared/domain/policy/host.ts';
import type { DestinationMap } from '../../../shared/domain/policy/entitlement-schemas.ts';
import { ipv4Netmask, ipv4Text, ipv6Text } from './ip-text.ts';

export const PAC_CONTENT_TYPE = 'application/x-ns-proxy-autoconfig';

export interface PacOptions {
  proxyHost: string;
  proxyPort: number;
  /** Resolve unlisted names and route them by address (default: when the map has IP blocks). */
  resolveNames?: boolean;
}

interface PacTables {
  exact: string[];
  suffixes: string[];
  nets4: [string, string][];
  nets6: string[];
}

export function pacTables(map: DestinationMap): PacTables {
  const exact = new Set<string>();
  const suffixes = new Set<string>();
  const nets4 = new Map<string, [string, string]>();
  const nets6 = new Set<string>();
  for (const app of map.applications) {
    for (const address of app.addresses) {
      const h = parseHostPattern(address.host);
      if ('error' in h) continue;
      if (h.kind === 'exact') exact.add(h.host);
      else if (h.kind === 'wildcard') suffixes.add(`.${h.suffix}`);
      else if (h.block.family === 4) {
        const net = ipv4Text(h.block.start);
        nets4.set(`${net}/${h.block.prefix}`, [net, ipv4Netmask(h.block.prefix)]);
      } else nets6.add(`${ipv6Text(h.block.start)}/${h.block.prefix}`);
    }
  }
  return {
    exact: [...exact].sort(),
    suffixes: [...suffixes].sort(),
    nets4: [...nets4.values()].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1)),
    nets6: [...nets6].sort(),
  };
}

export function renderPacFile(map: DestinationMap, options: PacOptions): string {
  const t = pacTables(map);
  const hasNets = t.nets4.length + t.nets6.length > 0;
  const resolve = (options.resolveNames ?? hasNets) && hasNets;
  const host = options.proxyHost.includes(':') ? `[${options.proxyHost}]` : options.proxyHost;
  const exact: Record<string, 1> = {};
  // A prefix keeps a host named "__proto__" from being read as the object's prototype.
  for (const h of t.exact) exact[`h:${h}`] = 1;
  const js = JSON.stringify;
  return `// Gatehouse proxy auto-config. Destination map version ${js(map.version)}.
// Generated: private destinations go to the Gatehouse proxy on this computer, the rest DIRECT.
var GATEHOUSE_PROXY = ${js(`PROXY ${host}:${options.proxyPort}`)};
var GATEHOUSE_EXACT = ${js(exact)};
var GATEHOUSE_SUFFIXES = ${js(t.suffixes)};
var GATEHOUSE_NETS4 = ${js(t.nets4)};
var GATEHOUSE_NETS6 = ${js(t.nets6)};
var GATEHOUSE_RESOLVE = ${resolve};

function gatehouseInNets4(ip) {
  for (var i = 0; i < GATEHOUSE_NETS4.length; i++) {
    if (isInNet(ip, GATEHOUSE_NETS4[i][0], GATEHOUSE_NETS4[i][1])) return true;
  }
  return false;
}

function gatehouseInNets6(ip) {
  if (GATEHOUSE_NETS6.length === 0) return false;
  if (typeof isInNetEx !== "function") return true;
  for (var i = 0; i < GATEHOUSE_NETS6.length; i++) {
    if (isInNetEx(ip, GATEHOUSE_NETS6[i])) return true;
  }
  return false;
}

function gatehouseIsIpv4(h) {
  return /^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$/.test(h);
}

function gatehouseResolvesInto(h) {
  var list;
  if (typeof dnsResolveEx === "function") list = String(dnsResolveEx(h) || "").split(";");
  else list = [String(dnsResolve(h) || "")];
  for (var i = 0; i < list.length; i++) {
    var ip = list[i];
    if (ip === "") continue;
    if (ip.indexOf(":") !== -1 ? gatehouseInNets6(ip) : gatehouseInNets4(ip)) return true;
  }
  return false;
}

function FindProxyForURL(url, host) {
  var h = String(host).toLowerCase();
  if (h.charAt(0) === "[") h = h.substring(1, h.length - 1);
  if (h.charAt(h.length - 1) === ".") h = h.substring(0, h.length - 1);
  if (Object.prototype.hasOwnProperty.call(GATEHOUSE_EXACT, "h:" + h)) return GATEHOUSE_PROXY;
  for (var i = 0; i < GATEHOUSE_SUFFIXES.length; i++) {
    if (dnsDomainIs(h, GATEHOUSE_SUFFIXES[i])) return GATEHOUSE_PROXY;
  }
  if (gatehouseIsIpv4(h)) return gatehouseInNets4(h) ? GATEHOUSE_PROXY : "DIRECT";
  if (h.indexOf(":") !== -1) return gatehouseInNets6(h) ? GATEHOUSE_PROXY : "DIRECT";
  if (GATEHOUSE_RESOLVE && gatehouseResolvesInto(h)) return GATEHOUSE_PROXY;
  return "DIRECT";
}
`;
}
