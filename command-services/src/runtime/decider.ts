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

export type DomainErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 503;

/** A rule the command broke, with the HTTP status and machine-readable code clients act on. */
export class DomainError extends Error {
  readonly code: string;
  readonly statusCode: DomainErrorStatus;

  constructor(code: string, message: string, statusCode: DomainErrorStatus = 409) {
    super(message);
    this.code = code;
    this.statusCode = statusCode;
  }
}
