// IP addresses from the policy module's numeric form back to text (for sockets and the PAC file).

export function ipv4Text(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** The netmask of an IPv4 prefix length, as PAC's isInNet wants it ("255.255.0.0"). */
export function ipv4Netmask(prefix: number): string {
  return ipv4Text(prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
}

/** Eight uncompressed groups: every parser accepts it, and it needs no "::" rules. */
export function ipv6Text(ip: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((ip >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}
