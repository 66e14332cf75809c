/** A fresh Idempotency-Key: one per intended write, reused by every retry of it. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
