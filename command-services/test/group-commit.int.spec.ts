// Group commit, checked as a property: random bursts of concurrent commands on a few aggregates
// (creates, renames, retires and restores, some expecting a version, some retried under an
// Idempotency-Key). Whatever the interleaving, every version is written exactly once, and the log
// and every answer equal a serial run of the accepted commands through the decider.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { RecordedEvent } from '@engage/event-log';
import { formatPosition } from '@engage/event-log';
import { DomainError } from '../src/runtime/decider.ts';
import type { CommandAnswer, CommandBus, CommandRequest } from '../src/runtime/command-bus.ts';
import { kudosKindDecider, type KudosKindCommand, type KudosKindState } from '../src/kudos-kinds/decider.ts';
import type { RunningCommandService } from '../src/service.ts';
import { newPrefix, readTopic, request, startInProcess, testConfig } from './support.ts';

type Outcome = { answer: CommandAnswer } | { code: string };
interface Sent {
  readonly request: CommandRequest<KudosKindCommand>;
  readonly outcome: Outcome;
}

const commandArb = fc.oneof(
  fc
    .constantFrom('A', 'B', 'C')
    .map((name): KudosKindCommand => ({ type: 'CreateKudosKind', data: { name, description: 'd' } })),
  fc
    .constantFrom('A', 'B', 'C')
    .map((name): KudosKindCommand => ({ type: 'UpdateKudosKind', data: { name } })),
  fc.constant<KudosKindCommand>({ type: 'RetireKudosKind' }),
  fc.constant<KudosKindCommand>({ type: 'RestoreKudosKind' }),
);
const burstArb = fc.array(
  fc.record({
    aggregate: fc.integer({ min: 0, max: 2 }),
    command: commandArb,
    expectedVersion: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 3 },
      { arbitrary: fc.integer({ min: 0, max: 4 }), weight: 1 },
    ),
    key: fc.option(fc.constantFrom('k1', 'k2'), { nil: undefined }),
    delayMs: fc.integer({ min: 0, max: 3 }),
  }),
  { minLength: 5, maxLength: 30 },
);

/** What the decider alone answers for `command` on `state` at `version`: events, or a refusal's code. */
function decideSerially(
  sent: CommandRequest<KudosKindCommand>,
  state: KudosKindState,
  version: number,
): { events: ReturnType<typeof kudosKindDecider.decide> } | { code: string } {
  if (sent.expectedVersion !== undefined && sent.expectedVersion !== version)
    return { code: 'VERSION_CONFLICT' };
  try {
    return {
      events: kudosKindDecider.decide(sent.command, state, {
        aggregateId: sent.aggregateId,
        now: sent.now,
        actor: sent.actor,
      }),
    };
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code };
    throw error;
  }
}

/** Checks one aggregate's commands against its log; answers what does not hold (empty when all does). */
function problemsOf(aggregateId: string, sent: readonly Sent[], log: readonly RecordedEvent[]): string[] {
  const problems: string[] = [];
  const versions = log.map((event) => event.metadata.aggregateVersion);
  if (versions.join() !== versions.map((_, index) => index + 1).join())
    problems.push(`${aggregateId}: versions ${versions.join()} are not 1..n once each`);
  // The appending commands, in log order, must be what a serial run of the decider appends.
  const byCorrelation = new Map(sent.map((entry) => [entry.request.correlationId, entry]));
  const order: Sent[] = [];
  for (const event of log) {
    const entry = byCorrelation.get(event.metadata.correlationId);
    if (entry === undefined)
      problems.push(`${aggregateId}: event v${event.metadata.aggregateVersion} from no command sent`);
    else if (order.at(-1) !== entry) order.push(entry);
  }
  const states: Array<{ state: KudosKindState; version: number }> = [
    { state: kudosKindDecider.initialState, version: 0 },
  ];
  let cursor = 0;
  for (const entry of order) {
    const { state, version } = states.at(-1) ?? { state: kudosKindDecider.initialState, version: 0 };
    const decided = decideSerially(entry.request, state, version);
    const written = log.filter((event) => event.metadata.correlationId === entry.request.correlationId);
    if (
      !('events' in decided) ||
      decided.events.map((event) => event.type).join() !== written.map((event) => event.type).join()
    )
      problems.push(
        `${aggregateId}: ${entry.request.command.type} wrote ${written.map((e) => e.type).join()} but serially decides ${JSON.stringify(decided)}`,
      );
    const last = written.at(-1);
    if (
      !('answer' in entry.outcome) ||
      last === undefined ||
      entry.outcome.answer.version !== last.metadata.aggregateVersion ||
      entry.outcome.answer.position !== formatPosition(last.position)
    )
      problems.push(
        `${aggregateId}: ${entry.request.command.type} answered ${JSON.stringify(entry.outcome)}, its last event is v${last?.metadata.aggregateVersion}`,
      );
    cursor += written.length;
    states.push({
      state: written.reduce((folded, event) => kudosKindDecider.evolve(folded, event), state),
      version: cursor,
    });
  }
  // Every other command — refused, changing nothing, or answered from its key — fits somewhere in that order.
  const firstByKey = new Map<string, Sent>();
  for (const entry of order)
    if (entry.request.idempotencyKey !== undefined) firstByKey.set(entry.request.idempotencyKey, entry);
  for (const entry of sent) {
    if (order.includes(entry)) continue;
    const first =
      entry.request.idempotencyKey === undefined ? undefined : firstByKey.get(entry.request.idempotencyKey);
    if (
      first !== undefined &&
      'answer' in entry.outcome &&
      'answer' in first.outcome &&
      JSON.stringify(entry.outcome.answer) === JSON.stringify(first.outcome.answer)
    )
      continue;
    const fits = states.some(({ state, version }) => {
      const decided = decideSerially(entry.request, state, version);
      if ('code' in decided) return 'code' in entry.outcome && entry.outcome.code === decided.code;
      const at = log[version - 1];
      return (
        decided.events.length === 0 &&
        'answer' in entry.outcome &&
        entry.outcome.answer.version === version &&
        entry.outcome.answer.position === (at === undefined ? null : formatPosition(at.position))
      );
    });
    if (!fits)
      problems.push(
        `${aggregateId}: ${JSON.stringify(entry.request.command)} (expecting ${entry.request.expectedVersion}) → ${JSON.stringify(entry.outcome)} fits no point of the serial order`,
      );
  }
  return problems;
}

describe('group commit per aggregate', () => {
  const prefix = newPrefix();
  const topic = `${prefix}catalogs`;
  let service: RunningCommandService;
  const bus = (): CommandBus<KudosKindCommand, KudosKindState> =>
    service.buses.get(topic) as unknown as CommandBus<KudosKindCommand, KudosKindState>;

  beforeAll(async () => {
    service = await startInProcess(testConfig(prefix));
  });

  afterAll(async () => {
    await service.stop();
  });

  it('answers and logs random concurrent bursts as some serial order of the accepted commands', async () => {
    const seed = Number(process.env['PROPERTY_SEED'] ?? Date.now() % 100_000);
    const bursts = fc.sample(burstArb, { numRuns: 25, seed });
    const runs: Array<{ aggregates: string[]; sent: Sent[] }> = [];
    for (const burst of bursts) {
      const aggregates = [randomUUID(), randomUUID(), randomUUID()];
      // Two aggregates exist before the burst (as a popular post does); the third may be created in it.
      const existing: Sent[] = [];
      for (const aggregateId of aggregates.slice(0, 2)) {
        const creating = request(aggregateId, {
          type: 'CreateKudosKind',
          data: { name: 'A', description: 'd' },
        });
        existing.push({ request: creating, outcome: { answer: await bus().handle(creating) } });
      }
      const sent = await Promise.all(
        burst.map(async ({ aggregate, command, expectedVersion, key, delayMs }) => {
          const aggregateId = aggregates[aggregate] ?? '';
          const sending = request(aggregateId, command, {
            ...(expectedVersion === undefined ? {} : { expectedVersion }),
            ...(key === undefined ? {} : { idempotencyKey: `${aggregateId}-${key}` }),
          });
          await sleep(delayMs);
          const outcome: Outcome = await bus()
            .handle(sending)
            .then(
              (answer) => ({ answer }),
              (error: unknown) => ({ code: error instanceof DomainError ? error.code : String(error) }),
            );
          return { request: sending, outcome };
        }),
      );
      runs.push({ aggregates, sent: [...existing, ...sent] });
    }
    const log = await readTopic(topic);
    const problems = runs.flatMap(({ aggregates, sent }) =>
      aggregates.flatMap((aggregateId) =>
        problemsOf(
          aggregateId,
          sent.filter((entry) => entry.request.aggregateId === aggregateId),
          log.filter((event) => event.metadata.aggregateId === aggregateId),
        ),
      ),
    );
    expect({ seed, problems }).toEqual({ seed, problems: [] });
    // The bursts did exercise groups: in many runs an aggregate took several commands that appended.
    const busy = runs.flatMap(({ aggregates, sent }) =>
      aggregates.filter(
        (aggregateId) =>
          new Set(
            log
              .filter((event) => event.metadata.aggregateId === aggregateId)
              .map((event) => event.metadata.correlationId),
          ).size >= 2 && sent.length > 0,
      ),
    );
    expect(busy.length).toBeGreaterThan(10);
  }, 300_000);
});
