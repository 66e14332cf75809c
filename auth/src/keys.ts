import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import type mongoose from 'mongoose';
import { systemOfRecord } from './system-of-record.ts';

/** A key that signs access tokens. Its public half is published in the JWKS under its `kid`. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: PublicJwk;
  readonly createdAt: number;
}

export interface PublicJwk extends JsonWebKey {
  readonly kid: string;
  readonly alg: 'ES256';
  readonly use: 'sig';
}

export function generateSigningKey(now = Date.now()): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomUUID();
  return {
    kid,
    privateKey,
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' },
    createdAt: now,
  };
}

export function publicKeyOf(jwk: PublicJwk): KeyObject {
  return createPublicKey({ key: jwk, format: 'jwk' });
}

interface KeyDocument {
  _id: string;
  privateJwk: JsonWebKey;
  publicJwk: PublicJwk;
  createdAt: number;
}

export interface KeyStoreOptions {
  /** A signing key older than this is replaced on next use (30 days unless set). */
  readonly rotateAfterMs?: number;
  /** How long a replaced key stays published: longer than any token it signed lives (1 day unless set). */
  readonly retireAfterMs?: number;
  /** Where the store says what went wrong with its keys (stderr unless set). */
  readonly log?: (line: string) => void;
}

/**
 * The signing keys, shared by every instance through MongoDB. The newest key signs and is replaced
 * once it is `rotateAfterMs` old (or when an admin rotates it); a replaced key stays published for
 * `retireAfterMs`, so tokens signed before a rotation verify until they expire.
 */
export class KeyStore {
  private readonly keys: mongoose.mongo.Collection<KeyDocument>;
  private readonly rotateAfterMs: number;
  private readonly retireAfterMs: number;
  private readonly log: (line: string) => void;
  /** Every key this instance has read or made: what it puts back if the store loses them. */
  private readonly seen = new Map<string, KeyDocument>();
  /** Keys this instance found missing from the store and put back (0 while all is well). */
  restoredKeys = 0;

  constructor(db: mongoose.Connection, options: KeyStoreOptions = {}) {
    this.keys = systemOfRecord(db).collection<KeyDocument>('auth_signing_keys');
    this.rotateAfterMs = options.rotateAfterMs ?? 30 * 24 * 3_600_000;
    this.retireAfterMs = options.retireAfterMs ?? 24 * 3_600_000;
    this.log = options.log ?? ((line) => process.stderr.write(`auth: ${line}\n`));
  }

  /**
   * Every key in the store, newest first. Keys are the system of record: if the store lost keys this
   * instance knew (a database restored without them), it says so and puts them back, rather than
   * minting a key that would invalidate every session signed before.
   */
  private async documents(): Promise<KeyDocument[]> {
    const documents = await this.keys.find({}).sort({ createdAt: -1 }).toArray();
    const missing = [...this.seen.values()].filter(
      (known) => !documents.some((document) => document._id === known._id),
    );
    if (missing.length > 0) {
      this.log(
        `${missing.length} signing key(s) missing from the store (lost or restored without them); ` +
          `putting back the ones this instance holds: ${missing.map((key) => key._id).join(', ')}`,
      );
      this.restoredKeys += missing.length;
      await this.keys.insertMany(missing, { ordered: false }).catch((error: { code?: number }) => {
        // Another instance put some back first.
        if (error.code !== 11000) throw error;
      });
      return this.documents();
    }
    for (const document of documents) this.seen.set(document._id, document);
    return documents;
  }

  /** The key to sign with: made on first use, and replaced once it is too old. */
  async current(now = Date.now()): Promise<SigningKey> {
    const [newest] = await this.documents();
    if (newest === undefined) this.log('no signing key in the store: making the first one');
    return newest && newest.createdAt > now - this.rotateAfterMs
      ? this.fromDocument(newest)
      : this.rotate(now);
  }

  /** Makes a new key the signing key; the old ones stay published until retired. */
  async rotate(now = Date.now()): Promise<SigningKey> {
    const key = generateSigningKey(now);
    const document: KeyDocument = {
      _id: key.kid,
      privateJwk: key.privateKey.export({ format: 'jwk' }),
      publicJwk: key.publicJwk,
      createdAt: key.createdAt,
    };
    await this.keys.insertOne(document);
    this.seen.set(document._id, document);
    return key;
  }

  /**
   * The public keys that verify tokens now (the JWKS document's `keys`): the newest key, and every
   * key replaced less than `retireAfterMs` ago. Reads only: signing (`current`) makes the keys.
   */
  async published(now = Date.now()): Promise<PublicJwk[]> {
    const documents = await this.documents();
    return documents
      .filter(
        (_document, index) =>
          index === 0 || (documents[index - 1]?.createdAt ?? 0) >= now - this.retireAfterMs,
      )
      .map((document) => document.publicJwk);
  }

  private fromDocument(document: KeyDocument): SigningKey {
    return {
      kid: document._id,
      privateKey: createPrivateKey({ key: document.privateJwk, format: 'jwk' }),
      publicJwk: document.publicJwk,
      createdAt: document.createdAt,
    };
  }
}
