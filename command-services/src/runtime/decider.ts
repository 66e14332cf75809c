import type { DomainEvent } from '@engage/event-log';

/** What a command knows besides its own data: the time and who sent it (never read from the clock). */
export interface CommandContext {
  readonly aggregateId: string;
  readonly now: number;
  readonly actor: string | null;
}

/**
 * The pure core of an aggregate type: `decide` turns a command and the current state into events
 * (or throws a DomainError); `evolve` folds one event into the state. No I/O in either.
 */
export interface Decider<Command, State> {
  /**
   * The version of `State` and `evolve` (default 1). Bump it whenever either changes: snapshots
   * written under another version are ignored, and the aggregates are folded from the log again.
   */
  readonly version?: number;
  readonly initialState: State;
  decide(command: Command, state: State, context: CommandContext): readonly DomainEvent[];
  evolve(state: State, event: DomainEvent): State;
}

/**
 * Every code a command can be refused with. The core names the rule broken; the shell decides what
 * that means over HTTP (runtime/errors.ts maps each code to a status). `INVALID_<FIELD>` codes name
 * a malformed field.
 */
export type DomainErrorCode =
  | `INVALID_${string}`
  | 'ACTOR_REQUIRED'
  | 'ALREADY_EXISTS'
  | 'ALREADY_REVOKED'
  | 'BUILT_IN_PERMISSION'
  | 'EMAIL_TAKEN'
  | 'FILE_EXISTS'
  | 'FILE_NOT_FOUND'
  | 'FORBIDDEN'
  | 'IDEMPOTENCY_KEY_BUSY'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INITIATIVE_ARCHIVED'
  | 'KIND_RETIRED'
  | 'LOG_UNAVAILABLE'
  | 'KUDOS_BUDGET_EXHAUSTED'
  | 'NAME_TAKEN'
  | 'NEW_OWNER_NOT_A_MEMBER'
  | 'NO_JOIN_REQUEST'
  | 'NO_SUCH_MEMBER'
  | 'NOT_A_MEMBER'
  | 'NOT_AUTHOR'
  | 'NOT_FOUND'
  | 'NOT_OWNER'
  | 'NOT_READY'
  | 'NOT_YOUR_FILE'
  | 'NOT_YOUR_KUDOS'
  | 'NOTHING_TO_CHANGE'
  | 'OWNER_CANNOT_LEAVE'
  | 'POST_DELETED'
  | 'RECEIVER_INACTIVE'
  | 'SELF_KUDOS'
  | 'TOO_MANY_IMAGES'
  | 'TOO_MANY_MENTIONS'
  | 'UNAUTHENTICATED'
  | 'UNKNOWN_COMMAND'
  | 'UNKNOWN_FILE'
  | 'UNKNOWN_GENDER'
  | 'UNKNOWN_INITIATIVE'
  | 'UNKNOWN_KIND'
  | 'UNKNOWN_MENTION'
  | 'UNKNOWN_RECEIVER'
  | 'UNKNOWN_ROLE'
  | 'UNKNOWN_STATUS'
  | 'USER_INACTIVE'
  | 'VERSION_CONFLICT'
  | 'WEAK_PASSWORD'
  | 'WRONG_CATALOG'
  | 'WRONG_FILE_PURPOSE';

/** A rule the command broke: a code clients act on, a sentence, and the field it is about if any. */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly field: string | undefined;

  constructor(code: DomainErrorCode, message: string, options: { readonly field?: string } = {}) {
    super(message);
    this.code = code;
    this.field = options.field;
  }
}
