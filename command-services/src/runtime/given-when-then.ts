import { isDeepStrictEqual } from 'node:util';
import type { DomainEvent } from '@engage/event-log';
import { DomainError, type CommandContext, type Decider } from './decider.ts';

const defaultContext: CommandContext = {
  aggregateId: 'aggregate-1',
  now: Date.UTC(2026, 10, 24, 9, 0, 0),
  actor: 'user-1',
};

/**
 * Specification helper for deciders:
 *   given(decider, [past events]).when(command, context).then([expected events])
 *   given(decider, [past events]).when(command).thenRejects('CODE')
 *   given(decider, [past events]).when(command).accepted()  // the events, to inspect
 */
export function given<Command, State>(
  decider: Decider<Command, State>,
  history: readonly DomainEvent[] = [],
) {
  const state = history.reduce((current, event) => decider.evolve(current, event), decider.initialState);
  return {
    state,
    when(command: Command, context: Partial<CommandContext> = {}) {
      const run = (): readonly DomainEvent[] =>
        decider.decide(command, state, { ...defaultContext, ...context });
      return {
        /** The events the command produced (it must be accepted). */
        accepted(): readonly DomainEvent[] {
          return run();
        },
        then(expected: readonly DomainEvent[]): void {
          const actual = run();
          if (!isDeepStrictEqual(actual, expected)) {
            throw new Error(
              `expected events\n${JSON.stringify(expected, null, 2)}\nbut got\n${JSON.stringify(actual, null, 2)}`,
            );
          }
        },
        thenRejects(code: string): DomainError {
          try {
            const events = run();
            throw new Error(`expected ${code} but the command was accepted with ${JSON.stringify(events)}`);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            if (error.code !== code)
              throw new Error(`expected ${code} but got ${error.code}: ${error.message}`);
            return error;
          }
        },
      };
    },
  };
}
