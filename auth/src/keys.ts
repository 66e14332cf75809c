import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import type mongoose from 'mongoose';

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

/**
 * The signing keys, shared by every instance through MongoDB. The newest key signs; every key
 * younger than `publishForMs` stays published, so tokens signed before a rotation verify until
 * they expire.
 */
export class KeyStore {
  private readonly keys: mongoose.mongo.Collection<KeyDocument>;
  private readonly publishForMs: number;

  constructor(db: mongoose.Connection, publishForMs = 24 * 3_600_000) {
    this.keys = db.collection<KeyDocument>('auth_signing_keys');
    this.publishForMs = publishForMs;
  }

  /** The key to sign with, made on first use. */
  async current(now = Date.now()): Promise<SigningKey> {
    const [newest] = await this.keys.find({}).sort({ createdAt: -1 }).limit(1).toArray();
    return newest ? this.fromDocument(newest) : this.rotate(now);
  }

  /** Makes a new key the signing key; the old ones stay published. */
  async rotate(now = Date.now()): Promise<SigningKey> {
    const key = generateSigningKey(now);
    await this.keys.insertOne({
      _id: key.kid,
      privateJwk: key.privateKey.export({ format: 'jwk' }),
      publicJwk: key.publicJwk,
      createdAt: key.createdAt,
    });
    return key;
  }

  /** The public keys that verify tokens now: the JWKS document's `keys`. */
  async published(now = Date.now()): Promise<PublicJwk[]> {
    const documents = await this.keys
      .find({ createdAt: { $gte: now - this.publishForMs } })
      .sort({ createdAt: -1 })
      .toArray();
    const keys = documents.map((document) => document.publicJwk);
    // The signing key is always published, however old.
    const signing = await this.current(now);
    return keys.some((key) => key.kid === signing.kid) ? keys : [signing.publicJwk, ...keys];
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
