import { createHash } from 'node:crypto';
import type { AuditEvent } from './schemas.ts';

/** The columns of a CSV export, in this order, always (the first line names them). */
export const csvColumns = [
  'position',
  'topic',
  'partition',
  'offset',
  'eventId',
  'type',
  'aggregateId',
  'version',
  'occurredAt',
  'actor',
  'correlationId',
  'causationId',
  'prevHash',
  'schemaSubject',
  'schemaVersion',
  'data',
] as const;

/** One RFC 4180 field: quoted when it holds a comma, a quote or a line break, quotes doubled. */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvRecord = (fields: ReadonlyArray<string | number | null>) => `${fields.map(csvField).join(',')}\r\n`;

function csvLine(event: AuditEvent): string {
  return csvRecord([
    event.position,
    event.topic,
    event.partition,
    event.offset,
    event.eventId,
    event.type,
    event.aggregateId,
    event.version,
    event.occurredAt,
    event.actor,
    event.correlationId,
    event.causationId,
    event.prevHash,
    event.schema?.subject ?? null,
    event.schema?.version ?? null,
    JSON.stringify(event.data),
  ]);
}

export type ExportFormat = 'ndjson' | 'csv';

/** What the trailer states about the body before it. */
export interface ExportSummary {
  readonly format: ExportFormat;
  readonly count: number;
  /** SHA-256 (hex) of every byte before the trailer line. */
  readonly sha256: string;
}

/**
 * The export, chunk by chunk: the body (a CSV header then one record per event, or one JSON line per
 * event), then one trailer line with the count, the body's SHA-256 and `sign`'s signature over them.
 * It holds one event at a time, so memory stays flat however many events there are.
 */
export async function* exportChunks(
  events: AsyncIterable<AuditEvent>,
  format: ExportFormat,
  sign: (summary: ExportSummary) => Promise<string>,
): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  let count = 0;
  const emit = (text: string) => {
    const chunk = Buffer.from(text);
    hash.update(chunk);
    return chunk;
  };
  if (format === 'csv') yield emit(csvRecord(csvColumns));
  let pending: string[] = [];
  for await (const event of events) {
    pending.push(format === 'csv' ? csvLine(event) : `${JSON.stringify(event)}\n`);
    count += 1;
    // A few hundred events per chunk: fewer, larger writes.
    if (pending.length >= 256) {
      yield emit(pending.join(''));
      pending = [];
    }
  }
  if (pending.length > 0) yield emit(pending.join(''));
  const summary = { format, count, sha256: hash.digest('hex') };
  const signature = await sign(summary);
  yield Buffer.from(
    format === 'csv'
      ? `#trailer count=${count} sha256=${summary.sha256} signature=${signature}\r\n`
      : `${JSON.stringify({ trailer: { count, sha256: summary.sha256, signature } })}\n`,
  );
}
