// The projectors' Prometheus series: how far each projection is behind each partition, in events
// and in seconds, and what it dead-lettered. Served by `serveMetrics` (server.ts).
import { Counter, Gauge, metrics } from '@engage/event-log';

const labelNames = ['projection', 'topic', 'partition'] as const;

const lagEvents = new Gauge({
  name: 'engage_projection_lag_events',
  help: 'Offsets (records and commit markers) of a partition a projection has not applied, at its last batch',
  labelNames,
  registers: [metrics],
});

const lagSeconds = new Gauge({
  name: 'engage_projection_lag_seconds',
  help: 'Age of the last event a projection applied while it was behind (0 when caught up)',
  labelNames,
  registers: [metrics],
});

const deadLetters = new Counter({
  name: 'engage_dead_letters_total',
  help: 'Records a projection could not apply and sent to its dead-letter topic',
  labelNames: ['projection', 'topic'],
  registers: [metrics],
});

/** After a batch: the partition's end when fetched, the last offset applied and that event's time. */
export function recordApplied(
  projection: string,
  batch: { readonly topic: string; readonly partition: number; readonly highWatermark: number },
  lastOffset: number,
  lastOccurredAt: number | undefined,
): void {
  const labels = { projection, topic: batch.topic, partition: String(batch.partition) };
  // Events are appended in transactions: the offset after the last one applied is its commit marker,
  // which no reader sees, so a caught-up partition ends two offsets past it. Offsets beyond that
  // (the next transactions' records and markers) are what is left to apply.
  const behind = Math.max(0, batch.highWatermark - lastOffset - 2);
  lagEvents.set(labels, behind);
  lagSeconds.set(
    labels,
    behind > 0 && lastOccurredAt !== undefined ? (Date.now() - lastOccurredAt) / 1000 : 0,
  );
}

export function recordDeadLettered(projection: string, topic: string, count: number): void {
  deadLetters.inc({ projection, topic }, count);
}
