import type { PublicJwk, KeyStore } from './keys.ts';
import type { KeyLookup } from './tokens.ts';

/**
 * Public keys by kid, cached for `ttlMs`; an unknown kid refreshes at most once per `minRefreshMs`
 * (a newly rotated key is picked up within that time, without a restart).
 */
export function cachedKeyLookup(
  source: () => Promise<readonly PublicJwk[]>,
  ttlMs = 60_000,
  minRefreshMs = 1_000,
): KeyLookup {
  let keys = new Map<string, PublicJwk>();
  let fetchedAt = 0;
  let refreshing: Promise<void> | undefined;
  const refresh = async (): Promise<void> => {
    refreshing ??= source()
      .then((list) => {
        keys = new Map(list.map((jwk) => [jwk.kid, jwk]));
        fetchedAt = Date.now();
      })
      .finally(() => (refreshing = undefined));
    await refreshing;
  };
  return async (kid) => {
    const age = Date.now() - fetchedAt;
    if (age > ttlMs || (!keys.has(kid) && age > minRefreshMs)) await refresh();
    return keys.get(kid);
  };
}

/** The keys of a store, as services that share its database look them up. */
export const storeKeyLookup = (store: KeyStore): KeyLookup => cachedKeyLookup(() => store.published());

/** The keys behind a JWKS address, for services that do not share the database. */
export const jwksKeyLookup = (url: string): KeyLookup =>
  cachedKeyLookup(async () => ((await (await fetch(url)).json()) as { keys: PublicJwk[] }).keys);
