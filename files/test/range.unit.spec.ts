import { describe, expect, it } from '@jest/globals';
import { deliveryOf, parseRange } from '../src/http/range.ts';

describe('byte ranges', () => {
  it('reads one range in its three forms, and ignores what it need not serve', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-5', 100)).toEqual({ start: 95, end: 99 });
    expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=9-3', 100)).toBe('unsatisfiable');
  });

  it('answers 304 to the ETag, and ignores a range whose If-Range names another version', () => {
    const stored = { contentType: 'image/webp', length: 100, sha256: 'ab' };
    expect(deliveryOf(stored, { ifNoneMatch: '"zz", "ab"' }).status).toBe(304);
    expect(deliveryOf(stored, { range: 'bytes=0-9', ifRange: '"old"' }).status).toBe(200);
    expect(deliveryOf(stored, { range: 'bytes=0-9', ifRange: '"ab"' })).toMatchObject({
      status: 206,
      headers: { 'content-range': 'bytes 0-9/100', 'content-length': '10' },
    });
  });
});
