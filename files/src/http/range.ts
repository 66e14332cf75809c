/**
 * The one byte range a `Range` header asks for, inclusive; null to send everything (no header, a
 * unit other than bytes, or several ranges, which RFC 9110 lets a server ignore), or
 * 'unsatisfiable' (416).
 */
export function parseRange(
  value: string | undefined,
  length: number,
): { start: number; end: number } | null | 'unsatisfiable' {
  if (value === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (match === null) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0 || length === 0) return 'unsatisfiable';
    return { start: Math.max(0, length - suffix), end: length - 1 };
  }
  const start = Number(from);
  const end = to === '' ? length - 1 : Math.min(Number(to), length - 1);
  if (start >= length || end < start) return 'unsatisfiable';
  return { start, end };
}

/** How to answer a GET of a stored variant: status, headers, and the bytes to send (if any). */
export interface Delivery {
  readonly status: 200 | 206 | 304 | 416;
  readonly headers: Record<string, string>;
  /** The byte range to send (inclusive); undefined for none (304, 416) — see `whole`. */
  readonly range?: { readonly start: number; readonly end: number };
  readonly whole: boolean;
}

/**
 * Conditional and range requests on an immutable variant: a strong ETag (the bytes' SHA-256),
 * `If-None-Match` (304), one `Range` (206, or 416), `If-Range` with the ETag.
 */
export function deliveryOf(
  stored: { readonly contentType: string; readonly length: number; readonly sha256: string },
  request: {
    readonly ifNoneMatch?: string | undefined;
    readonly range?: string | undefined;
    readonly ifRange?: string | undefined;
  },
): Delivery {
  const etag = `"${stored.sha256}"`;
  const cached = {
    etag,
    'cache-control': 'public, max-age=31536000, immutable',
    'accept-ranges': 'bytes',
    'x-content-type-options': 'nosniff',
  };
  if (
    request.ifNoneMatch !== undefined &&
    request.ifNoneMatch.split(',').some((tag) => ['*', etag].includes(tag.trim().replace(/^W\//, '')))
  ) {
    return { status: 304, headers: cached, whole: false };
  }
  const range =
    request.ifRange === undefined || request.ifRange === etag
      ? parseRange(request.range, stored.length)
      : null;
  if (range === 'unsatisfiable') {
    return {
      status: 416,
      headers: {
        'content-range': `bytes */${stored.length}`,
        'content-type': 'application/json; charset=utf-8',
      },
      whole: false,
    };
  }
  if (range === null) {
    return {
      status: 200,
      headers: { ...cached, 'content-type': stored.contentType, 'content-length': String(stored.length) },
      whole: true,
    };
  }
  return {
    status: 206,
    headers: {
      ...cached,
      'content-type': stored.contentType,
      'content-range': `bytes ${range.start}-${range.end}/${stored.length}`,
      'content-length': String(range.end - range.start + 1),
    },
    range,
    whole: false,
  };
}
