// What the UI accepts as a control-plane address before sending it to main (which checks it
// again): https, or http only on the loopback (development against a local control plane).
export function isAcceptableControlPlaneUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.username || url.password) return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}
