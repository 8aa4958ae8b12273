// A small image fetched by the client core (the Feishu/Lark avatar on its CDN) through the same
// agents as the control-plane calls (proxy, extra CAs), handed to the renderer as a data: URL:
// the main window loads no remote content (CSP). https only, no redirects, no credentials, a
// size cap, a time limit, and the bytes must be a PNG, JPEG, GIF or WebP whatever the server
// says (an SVG, HTML or anything else is refused).
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import type { Agent as HttpsAgent } from 'node:https';

export const IMAGE_MAX_BYTES = 256 * 1024;
export const IMAGE_TIMEOUT_MS = 10_000;

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** The image type the bytes are, from their signature; undefined for anything else. */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  const at = (i: number) => bytes[i];
  const ascii = (from: number, text: string) =>
    [...text].every((c, i) => at(from + i) === c.charCodeAt(0));
  if (at(0) === 0x89 && ascii(1, 'PNG\r\n\x1a\n')) return 'image/png';
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  return undefined;
}

export class ImageFetchError extends Error {
  override name = 'ImageFetchError';
}

export interface ImageRequest {
  url: URL;
  agent: HttpsAgent;
  headers: Record<string, string>;
  maxBytes?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The image as a data: URL; rejects with an ImageFetchError saying why it was refused. */
export function fetchImageDataUrl(req: ImageRequest): Promise<string> {
  const maxBytes = req.maxBytes ?? IMAGE_MAX_BYTES;
  if (req.url.protocol !== 'https:')
    return Promise.reject(new ImageFetchError('only https images are fetched'));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      client.destroy();
      reject(new ImageFetchError(why));
    };
    const client = request(req.url, {
      method: 'GET',
      agent: req.agent,
      headers: { ...req.headers, accept: 'image/png,image/jpeg,image/gif,image/webp' },
      ...(req.signal ? { signal: req.signal } : {}),
    });
    const timer = setTimeout(() => fail('timed out'), req.timeoutMs ?? IMAGE_TIMEOUT_MS);
    client.on('error', (error: Error) => fail(error.message));
    client.on('response', (res: IncomingMessage) => {
      if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode}`);
      if (!/^image\//i.test(res.headers['content-type'] ?? ''))
        return fail(`not an image: ${res.headers['content-type'] ?? 'no type'}`);
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > maxBytes) return fail(`larger than ${maxBytes} bytes`);
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail(`larger than ${maxBytes} bytes`);
        else chunks.push(chunk);
      });
      res.on('error', (error) => fail(error.message));
      res.on('end', () => {
        if (size > maxBytes) return;
        clearTimeout(timer);
        const bytes = Buffer.concat(chunks);
        const type = sniffImageType(bytes);
        if (!type) return reject(new ImageFetchError('not a PNG, JPEG, GIF or WebP image'));
        resolve(`data:${type};base64,${bytes.toString('base64')}`);
      });
    });
    client.end();
  });
}
