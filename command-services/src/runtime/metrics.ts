// The command side's Prometheus series: each command decided on this instance, by type and outcome
// (`accepted`, or the code it was refused with). Served at `GET /metrics` (auth's httpMetrics).
import { Counter, metrics } from '@engage/event-log';
import { DomainError } from './decider.ts';

const outcomes = new Counter({
  name: 'engage_commands_total',
  help: 'Commands decided on this instance, by topic, command type and outcome code',
  labelNames: ['topic', 'command', 'outcome'],
  registers: [metrics],
});

/** Records read from the log while taking a partition (only the tail past the snapshots' checkpoint). */
export const replayedRecords = new Counter({
  name: 'engage_command_bus_replayed_records_total',
  help: 'Records read from the log while hydrating a newly owned partition, by topic',
  labelNames: ['topic'],
  registers: [metrics],
});

/** Counts the command once it is answered; the answer (or the refusal) passes through unchanged. */
export function countOutcome<T>(
  topic: string,
  command: unknown,
  answer: Promise<T>,
  options: { readonly countAccepted: boolean } = { countAccepted: true },
): Promise<T> {
  const type = (command as { type?: unknown }).type;
  const labels = { topic, command: typeof type === 'string' ? type : 'unknown' };
  return answer.then(
    (value) => {
      if (options.countAccepted) outcomes.inc({ ...labels, outcome: 'accepted' });
      return value;
    },
    (error: unknown) => {
      outcomes.inc({ ...labels, outcome: error instanceof DomainError ? error.code : 'ERROR' });
      throw error;
    },
  );
}
