import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { systemOfRecord } from '@engage/auth';

interface RefreshTokenDocument {
  /** sha256 of the token: the token itself is never stored. */
  _id: string;
  familyId: string;
  userId: string;
  usedAt: Date | null;
  expiresAt: Date;
}

interface FamilyDocument {
  _id: string;
  revokedAt: Date | null;
}

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

export type Redemption =
  { readonly userId: string; readonly familyId: string } | { readonly refused: string };

/**
 * Rotating refresh tokens: each works once and is replaced by a new one of the same family; using
 * one twice (a stolen copy, or its owner after the thief) revokes the whole family.
 */
export class RefreshTokenStore {
  private readonly tokens: mongoose.mongo.Collection<RefreshTokenDocument>;
  private readonly families: mongoose.mongo.Collection<FamilyDocument>;
  private readonly ttlMs: number;

  constructor(db: mongoose.Connection, ttlMs = 30 * 24 * 3_600_000) {
    this.tokens = systemOfRecord(db).collection<RefreshTokenDocument>('auth_refresh_tokens');
    this.families = systemOfRecord(db).collection<FamilyDocument>('auth_refresh_families');
    this.ttlMs = ttlMs;
  }

  /** A new token, in a new family (a sign-in) or in the family of the token it replaces. */
  async issue(userId: string, familyId?: string, now = Date.now()): Promise<string> {
    const family = familyId ?? randomUUID();
    if (familyId === undefined) await this.families.insertOne({ _id: family, revokedAt: null });
    const token = randomBytes(32).toString('base64url');
    await this.tokens.insertOne({
      _id: hash(token),
      familyId: family,
      userId,
      usedAt: null,
      expiresAt: new Date(now + this.ttlMs),
    });
    return token;
  }

  /** Uses a token up. Refuses an unknown, expired or revoked one; a reused one revokes its family. */
  async redeem(token: string, now = Date.now()): Promise<Redemption> {
    const found = await this.tokens.findOne({ _id: hash(token) });
    if (found === null) return { refused: 'unknown refresh token' };
    const family = await this.families.findOne({ _id: found.familyId });
    if (family === null || family.revokedAt !== null) return { refused: 'this refresh token was revoked' };
    if (found.expiresAt.getTime() <= now) return { refused: 'this refresh token has expired; sign in again' };
    const used = await this.tokens.updateOne(
      { _id: found._id, usedAt: null },
      { $set: { usedAt: new Date(now) } },
    );
    if (used.modifiedCount !== 1) {
      await this.revokeFamily(found.familyId, now);
      return { refused: 'this refresh token was already used; every token of its sign-in is now revoked' };
    }
    return { userId: found.userId, familyId: found.familyId };
  }

  /** Revokes the family of a token (RFC 7009: an unknown token is no error). */
  async revoke(token: string, now = Date.now()): Promise<void> {
    const found = await this.tokens.findOne({ _id: hash(token) });
    if (found !== null) await this.revokeFamily(found.familyId, now);
  }

  private async revokeFamily(familyId: string, now: number): Promise<void> {
    await this.families.updateOne({ _id: familyId, revokedAt: null }, { $set: { revokedAt: new Date(now) } });
  }
}
