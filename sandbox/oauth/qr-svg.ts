// A QR-looking SVG for a QR id: three finder squares and modules drawn from a hash of the id.
// It is not a scannable QR code (the sandbox "scans" through its control endpoint); it only has
// to look like one and differ per QR.
import { createHash } from 'node:crypto';
import { esc } from './html.ts';

const SIZE = 25;
const QUIET = 2;

function bits(seed: string, count: number): boolean[] {
  const out: boolean[] = [];
  for (let round = 0; out.length < count; round++) {
    const digest = createHash('sha256').update(`${round}:${seed}`).digest();
    for (const byte of digest) for (let b = 7; b >= 0; b--) out.push(((byte >> b) & 1) === 1);
  }
  return out.slice(0, count);
}

function inFinder(x: number, y: number): 'dark' | 'light' | undefined {
  for (const [fx, fy] of [
    [0, 0],
    [SIZE - 7, 0],
    [0, SIZE - 7],
  ] as const) {
    const dx = x - fx;
    const dy = y - fy;
    if (dx < -1 || dy < -1 || dx > 7 || dy > 7) continue;
    if (dx === -1 || dy === -1 || dx === 7 || dy === 7) return 'light';
    const ring = Math.min(dx, dy, 6 - dx, 6 - dy);
    return ring === 1 ? 'light' : 'dark';
  }
  return undefined;
}

export function qrSvg(qrId: string, label: string): string {
  const data = bits(qrId, SIZE * SIZE);
  let path = '';
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const finder = inFinder(x, y);
      const dark = finder ? finder === 'dark' : data[y * SIZE + x];
      if (dark) path += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
    }
  }
  const full = SIZE + 2 * QUIET;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" role="img" aria-label="${esc(label)}" shape-rendering="crispEdges"><rect width="${full}" height="${full}" fill="#fff"/><path d="${path}" fill="#1f2329"/></svg>`;
}
