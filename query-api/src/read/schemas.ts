/** What every query route shares: instants as ISO strings, list query strings, id parameters. */

/** A 404 with code NOT_FOUND, naming what is missing. */
export const notFound = (what: string) =>
  Object.assign(new Error(`no ${what}`), { statusCode: 404, code: 'NOT_FOUND' });

export const iso = (instant: number | null | undefined): string | null =>
  instant == null ? null : new Date(instant).toISOString();

/** `?limit=&cursor=&consistentWith=` and the route's own filters; nothing else is accepted. */
export const listQuery = (extra: Record<string, object> = {}) =>
  ({
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
      cursor: { type: 'string', maxLength: 500 },
      consistentWith: { type: 'string', maxLength: 200 },
      ...extra,
    },
  }) as const;

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 100 } },
  required: ['id'],
} as const;

export interface ListQuery {
  limit: number;
  cursor?: string;
  consistentWith?: string;
}
