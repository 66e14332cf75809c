import type { Admin } from 'kafkajs';
import type mongoose from 'mongoose';

export interface CheckResult {
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  readonly detail?: string;
}

export type Check = () => Promise<string>;

/** Runs a check with a deadline, turning any failure into a `down` result with its reason. */
export async function runCheck(check: Check, timeoutMs: number): Promise<CheckResult> {
  const began = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - began), detail };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { status: 'down', latencyMs: Math.round(performance.now() - began), detail };
  } finally {
    clearTimeout(timer);
  }
}

export function kafkaCheck(admin: Admin): Check {
  return async () => {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return `${cluster.brokers.length} broker(s), controller ${cluster.controller ?? 'none'}`;
  };
}

export function registryCheck(schemaRegistryUrl: string): Check {
  return async () => {
    const response = await fetch(`${schemaRegistryUrl}/config`);
    if (!response.ok) throw new Error(`registry answered ${response.status}`);
    const body = (await response.json()) as { compatibilityLevel?: string };
    return `compatibility ${body.compatibilityLevel ?? 'unknown'}`;
  };
}

export function mongoCheck(connection: mongoose.Connection): Check {
  return async () => {
    const db = connection.db;
    if (db === undefined) throw new Error('not connected');
    const info = await db.admin().command({ buildInfo: 1 });
    return `server ${String(info['version'])}`;
  };
}

/** Another service's `/health`: up when it answers 200. */
export function serviceCheck(baseUrl: string): Check {
  return async () => {
    const response = await fetch(`${baseUrl.replace(/\/$/, '')}/health`);
    if (!response.ok) throw new Error(`${baseUrl}/health answered ${response.status}`);
    return `${baseUrl} answers`;
  };
}
