import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { KeyStore } from '../src/keys.ts';
import { systemOfRecord } from '../src/system-of-record.ts';
import { issueAccessToken, verifyAccessToken } from '../src/tokens.ts';

describe('the key store', () => {
  let db: mongoose.Connection;
  const settings = { issuer: 'engage', audience: 'engage-api' };
  const claims = { sub: 'u1', roles: [], permissions: [] };

  beforeAll(async () => {
    db = await mongoose
      .createConnection(process.env['MONGO_URL'] ?? '', { dbName: `keys_${randomUUID().slice(0, 8)}` })
      .asPromise();
  });

  afterAll(async () => {
    await systemOfRecord(db).dropDatabase();
    await db.dropDatabase();
    await db.close();
  });

  it('makes a key on first use, rotates, and keeps old keys published until their time is up', async () => {
    const day = 24 * 3_600_000;
    const t0 = Date.UTC(2026, 10, 24);
    const store = new KeyStore(db, { retireAfterMs: day, rotateAfterMs: 30 * day });
    const first = await store.current(t0);
    expect((await store.current(t0)).kid).toBe(first.kid);
    const old = issueAccessToken(first, claims, settings, t0 + 1000);

    const second = await store.rotate(t0 + 2000);
    expect((await store.current(t0 + 3000)).kid).toBe(second.kid);
    // Another instance, reading the same database, sees both keys.
    const elsewhere = new KeyStore(db, { retireAfterMs: day, rotateAfterMs: 30 * day });
    const lookupAt = (at: number) => async (kid: string) =>
      (await elsewhere.published(at)).find((jwk) => jwk.kid === kid);
    await expect(verifyAccessToken(old, lookupAt(t0 + 3000), settings, t0 + 3000)).resolves.toMatchObject({
      sub: 'u1',
    });
    const fresh = issueAccessToken(second, claims, settings, t0 + 3000);
    await expect(verifyAccessToken(fresh, lookupAt(t0 + 3000), settings, t0 + 3000)).resolves.toMatchObject({
      sub: 'u1',
    });

    const published = await elsewhere.published(t0 + 2 * day);
    expect(published.map((jwk) => jwk.kid)).toEqual([second.kid]);
    expect(published[0]).not.toHaveProperty('d');
  });

  it('replaces a signing key once it is too old, and keeps the replaced one published for a day', async () => {
    const day = 24 * 3_600_000;
    const t0 = Date.UTC(2026, 11, 1);
    const store = new KeyStore(db, { rotateAfterMs: 30 * day, retireAfterMs: day });
    await systemOfRecord(db).collection('auth_signing_keys').deleteMany({});
    const first = await store.current(t0);
    const signedLate = issueAccessToken(first, claims, settings, t0 + 30 * day - 1000);
    const second = await store.current(t0 + 30 * day);
    expect(second.kid).not.toBe(first.kid);
    // The first key is 30 days old, yet a token it signed a second ago still verifies.
    const lookup = async (kid: string) =>
      (await store.published(t0 + 30 * day)).find((jwk) => jwk.kid === kid);
    await expect(verifyAccessToken(signedLate, lookup, settings, t0 + 30 * day)).resolves.toMatchObject({
      sub: 'u1',
    });
    expect((await store.published(t0 + 32 * day)).map((jwk) => jwk.kid)).toEqual([second.kid]);
  });

  it('puts back the keys a store lost, so tokens signed before keep verifying, and says so', async () => {
    const lines: string[] = [];
    const store = new KeyStore(db, { log: (line) => lines.push(line) });
    await systemOfRecord(db).collection('auth_signing_keys').deleteMany({});
    const key = await store.current();
    const token = issueAccessToken(key, claims, settings);
    // The store loses every key (a database restored from a backup taken before they were made).
    await systemOfRecord(db).collection('auth_signing_keys').deleteMany({});
    const lookup = async (kid: string) => (await store.published()).find((jwk) => jwk.kid === kid);
    await expect(verifyAccessToken(token, lookup, settings)).resolves.toMatchObject({ sub: 'u1' });
    expect((await store.current()).kid).toBe(key.kid);
    expect(store.restoredKeys).toBe(1);
    expect(lines.join('\n')).toMatch(/1 signing key\(s\) missing from the store/);
    // Another instance, started after the loss, signs with the same key.
    expect((await new KeyStore(db).current()).kid).toBe(key.kid);
  });
});
