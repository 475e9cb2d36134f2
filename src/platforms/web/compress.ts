/**
 * §13 (issue 21 item 11): the board's responses compressed as the browser asks (`Accept-Encoding`), with node:zlib
 * only: brotli, else gzip, else none. Whole bodies (the page, its script and style, JSON) are compressed at once; an
 * event stream goes through a compressing stream flushed after each burst, so every event still arrives at once.
 */
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip, type BrotliCompress, type Gzip } from 'node:zlib';
import { promisify } from 'node:util';

export type Encoding = 'br' | 'gzip';

/** Bodies smaller than this go as they are (the encoding's own overhead would outweigh the gain). */
export const MIN_COMPRESS_BYTES = 512;

/** The best encoding the request accepts (q > 0), brotli first; null for none. */
export function chooseEncoding(header: string | string[] | undefined): Encoding | null {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const q = new Map<string, number>();
  for (const part of text.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const v = qp ? Number(qp.slice(2)) : 1;
    q.set(name, Number.isFinite(v) ? v : 0);
  }
  const ok = (e: string) => (q.get(e) ?? q.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

const br = promisify(brotliCompress);
const gz = promisify(gzip);

/** Compresses a whole body (brotli at a quality that costs a few ms for a 200 KB page, not the slow maximum). */
export function compress(body: Buffer, enc: Encoding): Promise<Buffer> {
  return enc === 'br'
    ? br(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gz(body, { level: 6 });
}

/** A compressing stream for an event stream; `flush` pushes out what was written so far. */
export function streamEncoder(enc: Encoding): { stream: Gzip | BrotliCompress; flush(): void } {
  if (enc === 'br') {
    const stream = createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
    return { stream, flush: () => stream.flush(constants.BROTLI_OPERATION_FLUSH) };
  }
  const stream = createGzip({ level: 6 });
  return { stream, flush: () => stream.flush(constants.Z_SYNC_FLUSH) };
}
