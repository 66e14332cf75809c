import {
  answerUnknownRoutes,
  registerErrorHandler as registerSharedErrorHandler,
  type Refusal,
} from '@engage/auth';
import type { FastifyInstance } from 'fastify';
import { NotOwnerError } from './command-bus.ts';
import { DomainError, type DomainErrorCode } from './decider.ts';

type Status = 400 | 401 | 403 | 404 | 409 | 422 | 503;

/** The one table from a refusal's code to its HTTP status. `INVALID_<FIELD>` codes are all 400. */
const statuses: { readonly [Code in Exclude<DomainErrorCode, `INVALID_${string}`>]: Status } = {
  ACTOR_REQUIRED: 403,
  ALREADY_EXISTS: 409,
  ALREADY_REVOKED: 409,
  BUILT_IN_PERMISSION: 409,
  EMAIL_TAKEN: 409,
  FILE_EXISTS: 409,
  FILE_NOT_FOUND: 404,
  FORBIDDEN: 403,
  IDEMPOTENCY_KEY_BUSY: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  INITIATIVE_ARCHIVED: 409,
  KIND_RETIRED: 409,
  LOG_UNAVAILABLE: 503,
  KUDOS_BUDGET_EXHAUSTED: 409,
  NAME_TAKEN: 409,
  NEW_OWNER_NOT_A_MEMBER: 409,
  NO_JOIN_REQUEST: 404,
  NO_SUCH_MEMBER: 404,
  NOT_A_MEMBER: 403,
  NOT_AUTHOR: 403,
  NOT_FOUND: 404,
  NOT_OWNER: 403,
  NOT_READY: 503,
  NOT_YOUR_FILE: 400,
  NOT_YOUR_KUDOS: 403,
  NOTHING_TO_CHANGE: 400,
  OWNER_CANNOT_LEAVE: 409,
  POST_DELETED: 404,
  RECEIVER_INACTIVE: 409,
  SELF_KUDOS: 409,
  TOO_MANY_IMAGES: 400,
  TOO_MANY_MENTIONS: 400,
  UNAUTHENTICATED: 401,
  UNKNOWN_COMMAND: 400,
  UNKNOWN_FILE: 400,
  UNKNOWN_GENDER: 400,
  UNKNOWN_INITIATIVE: 404,
  UNKNOWN_KIND: 404,
  UNKNOWN_MENTION: 400,
  UNKNOWN_RECEIVER: 404,
  UNKNOWN_ROLE: 404,
  UNKNOWN_STATUS: 404,
  USER_INACTIVE: 409,
  VERSION_CONFLICT: 409,
  WEAK_PASSWORD: 400,
  WRONG_CATALOG: 400,
  WRONG_FILE_PURPOSE: 400,
};

/** Every refusal code but the `INVALID_<FIELD>` family: each one a client may have to explain. */
export const refusalCodes = Object.keys(statuses);

/** The HTTP status of a refusal's code. */
export const statusOf = (code: DomainErrorCode): Status =>
  code.startsWith('INVALID_') ? 400 : statuses[code as keyof typeof statuses];

/**
 * A refusal the partition's owner answered to a forwarded command: a domain error to the code that
 * sent it (its code is one of ours), answered with the status the owner gave.
 */
export class ForwardedRefusal extends DomainError {
  readonly statusCode: number;

  constructor(statusCode: number, code: string, message: string, field?: string) {
    super(code as DomainErrorCode, message, field === undefined ? {} : { field });
    this.statusCode = statusCode;
  }
}

/** How soon a client may try again after a 503 (seconds): about the bound a command waits on Kafka. */
const retryAfterSeconds = '5';

/**
 * The command side's refusals as HTTP answers: domain errors by the table, a stale owner as 421;
 * a 503 (no writer in time, Kafka not taking appends) says when to retry.
 */
export function refusalOf(error: unknown): Refusal | undefined {
  const retry = (refusal: Refusal): Refusal =>
    refusal.statusCode === 503 ? { ...refusal, headers: { 'retry-after': retryAfterSeconds } } : refusal;
  if (error instanceof ForwardedRefusal)
    return retry({ statusCode: error.statusCode, code: error.code, field: error.field });
  if (error instanceof DomainError)
    return retry({ statusCode: statusOf(error.code), code: error.code, field: error.field });
  if (error instanceof NotOwnerError) return { statusCode: 421, code: error.code };
  return undefined;
}

/** The shared error handler, answering the command side's refusals. */
export function registerErrorHandler(app: FastifyInstance): void {
  answerUnknownRoutes(app);
  registerSharedErrorHandler(app, refusalOf);
}
