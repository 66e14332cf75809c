import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type mongoose from 'mongoose';
import { DomainError } from './decider.ts';

/** How long an Idempotency-Key is compared with the request that first used it. */
export const idempotencyRetentionMs = 24 * 60 * 60 * 1000;

interface KeyDocument {
  _id: string;
  /** What the first request was: who sent what to which route. */
  fingerprint: string;
  createdAt: Date;
}

/** Canonical JSON: the same object with its keys in another order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Who sent what to which route: two requests with the same fingerprint are the same request. */
export function fingerprintOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(
      canonical([
        request.principal?.sub ?? null,
        request.method,
        request.routeOptions.url ?? request.url,
        request.params ?? null,
        request.query ?? null,
        request.body ?? null,
      ]),
    )
    .digest('hex');
}

/**
 * The first request of each Idempotency-Key (IETF draft-ietf-httpapi-idempotency-key-header): a key
 * sent again with another request (another body, route or user) is refused with 422
 * IDEMPOTENCY_KEY_REUSED before anything is decided, so nothing is appended. Keys are compared for
 * `idempotencyRetentionMs` (24 h); the same request sent again gets the first answer from the
 * command runtime (which keeps keys in the events' headers, for as long as the log).
 */
export class IdempotencyStore {
  private readonly keys: mongoose.mongo.Collection<KeyDocument>;
  private readonly retentionMs: number;
  private indexed: Promise<unknown> | undefined;

  constructor(db: mongoose.Connection, retentionMs = idempotencyRetentionMs) {
    this.keys = db.collection<KeyDocument>('idempotency_keys');
    this.retentionMs = retentionMs;
  }

  /**
   * Records `key` for `fingerprint`, or checks it against the request that recorded it. Answers
   * whether this call recorded it (so a refused first request can give it back).
   */
  async claim(key: string, fingerprint: string, now = new Date()): Promise<boolean> {
    // Expired keys are removed by MongoDB; the check below does not rely on it.
    this.indexed ??= this.keys
      .createIndex({ createdAt: 1 }, { expireAfterSeconds: Math.ceil(this.retentionMs / 1000) })
      .catch(() => undefined);
    const expired = new Date(now.getTime() - this.retentionMs);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const known = await this.keys.findOne({ _id: key });
      if (known !== null && known.createdAt > expired) {
        if (known.fingerprint === fingerprint) return false;
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          'this Idempotency-Key was already used for another request (another body, route or user); send a new key for a new request',
        );
      }
      try {
        if (known === null) await this.keys.insertOne({ _id: key, fingerprint, createdAt: now });
        else {
          const replaced = await this.keys.replaceOne(
            { _id: key, createdAt: known.createdAt },
            { fingerprint, createdAt: now },
          );
          if (replaced.modifiedCount === 0) continue;
        }
        return true;
      } catch (error) {
        // Another request claimed it at the same moment: compare with that one.
        if ((error as { code?: number }).code !== 11000) throw error;
      }
    }
    throw new DomainError('IDEMPOTENCY_KEY_BUSY', 'this Idempotency-Key is in use right now; retry');
  }

  /** Gives a key back after its first request was refused, so a corrected request may use it. */
  async release(key: string, fingerprint: string): Promise<void> {
    await this.keys.deleteOne({ _id: key, fingerprint });
  }

  /** Wraps every command route registered after this on `app`. */
  guard(app: FastifyInstance): void {
    const claim = (key: string, fingerprint: string) => this.claim(key, fingerprint);
    const release = (key: string, fingerprint: string) => this.release(key, fingerprint);
    app.addHook('onRoute', (route) => {
      if (route.method === 'GET' || route.method === 'HEAD') return;
      const handler = route.handler as (...args: Parameters<RouteHandlerMethod>) => unknown;
      route.handler = async function (this: FastifyInstance, request, reply) {
        const header = request.headers['idempotency-key'];
        const key = Array.isArray(header) ? header[0] : header;
        if (key === undefined || key.length < 8 || key.length > 200)
          return handler.call(this, request, reply);
        const fingerprint = fingerprintOf(request);
        const claimed = await claim(key, fingerprint);
        try {
          return await handler.call(this, request, reply);
        } catch (error) {
          if (claimed) await release(key, fingerprint).catch(() => undefined);
          throw error;
        }
      };
    });
  }
}
