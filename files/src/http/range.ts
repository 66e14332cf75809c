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
