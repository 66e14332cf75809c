import type mongoose from 'mongoose';
import { systemOfRecord } from '@engage/auth';

export interface LoginLimit {
  /** Failed sign-ins allowed per window. */
  readonly failures: number;
  readonly windowMs: number;
}

export interface LoginLimits {
  /** Per account (email): guards one person's password against guessing. */
  readonly perAccount: LoginLimit;
  /** Per client address: guards every account against one guesser trying many emails. */
  readonly perAddress: LoginLimit;
}

export const defaultLoginLimits: LoginLimits = {
  perAccount: { failures: 5, windowMs: 15 * 60_000 },
  perAddress: { failures: 50, windowMs: 15 * 60_000 },
};

interface CounterDocument {
  /** `<kind>:<key>:<window index>` */
  _id: string;
  failures: number;
  expiresAt: Date;
}

/**
 * Counts failed sign-ins per account and per address in fixed windows, in MongoDB so every
 * instance sees the same counts. While either count is at its limit, sign-ins are refused
 * (even with the right password) until the window ends.
 */
export class LoginThrottle {
  private readonly counters: mongoose.mongo.Collection<CounterDocument>;
  private readonly limits: LoginLimits;

  constructor(db: mongoose.Connection, limits: LoginLimits = defaultLoginLimits) {
    this.limits = limits;
    this.counters = systemOfRecord(db).collection<CounterDocument>('auth_login_failures');
  }

  /** Counters delete themselves once their window is over (where the server runs TTL indexes). */
  async ensureIndexes(): Promise<void> {
    await this.counters.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  }

  /** Seconds until another attempt may be made, or null when one may be made now. */
  async retryAfter(account: string, address: string, now = Date.now()): Promise<number | null> {
    const checks = this.keys(account, address, now);
    const counters = await this.counters.find({ _id: { $in: checks.map((check) => check.id) } }).toArray();
    let wait: number | null = null;
    for (const check of checks) {
      const counter = counters.find((each) => each._id === check.id);
      if (counter !== undefined && counter.failures >= check.limit.failures) {
        const seconds = Math.ceil((check.windowEnd - now) / 1000);
        wait = Math.max(wait ?? 0, seconds);
      }
    }
    return wait;
  }

  async failed(account: string, address: string, now = Date.now()): Promise<void> {
    await Promise.all(
      this.keys(account, address, now).map((check) =>
        this.counters.updateOne(
          { _id: check.id },
          { $inc: { failures: 1 }, $setOnInsert: { expiresAt: new Date(check.windowEnd) } },
          { upsert: true },
        ),
      ),
    );
  }

  private keys(account: string, address: string, now: number) {
    const window = (limit: LoginLimit) => Math.floor(now / limit.windowMs);
    const { perAccount, perAddress } = this.limits;
    return [
      {
        id: `account:${account.trim().toLowerCase()}:${window(perAccount)}`,
        limit: perAccount,
        windowEnd: (window(perAccount) + 1) * perAccount.windowMs,
      },
      {
        id: `address:${address}:${window(perAddress)}`,
        limit: perAddress,
        windowEnd: (window(perAddress) + 1) * perAddress.windowMs,
      },
    ];
  }
}
