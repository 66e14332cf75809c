import type { ConsumedBatch, RawRecord } from './consumer.ts';
import type { EventCodec } from './codec.ts';
import { decodeHeaders, type RecordedEvent } from './events.ts';
import type { Position } from './position.ts';

/** A record that could not be read as an event, kept with why and where. */
export interface PoisonRecord {
  readonly poison: true;
  readonly position: Position;
  readonly record: RawRecord;
  readonly error: Error;
}

/** Reads one record as an event; a record that cannot be read comes back as poison, not thrown. */
export async function readEvent(
  codec: EventCodec,
  topic: string,
  partition: number,
  record: RawRecord,
): Promise<RecordedEvent | PoisonRecord> {
  const position = { topic, partition, offset: record.offset };
  try {
    if (record.value === null) throw new Error('record has no value');
    const { type, metadata } = decodeHeaders(record.headers);
    const data = await codec.decode(type, record.value);
    return { type, data, metadata, position, schemaId: record.value.readInt32BE(1) } as RecordedEvent;
  } catch (error) {
    return {
      poison: true,
      position,
      record,
      error: error instanceof Error ? error : new Error(String(error)),
    };
  }
}

export async function readBatch(
  codec: EventCodec,
  batch: ConsumedBatch,
): Promise<Array<RecordedEvent | PoisonRecord>> {
  const events: Array<RecordedEvent | PoisonRecord> = [];
  for (const record of batch.records)
    events.push(await readEvent(codec, batch.topic, batch.partition, record));
  return events;
}

export function isPoison(event: RecordedEvent | PoisonRecord): event is PoisonRecord {
  return 'poison' in event;
}
