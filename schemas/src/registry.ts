import { COMPATIBILITY, type SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { avroSchemas, topicOfEvent, type EventType } from './generated/events.ts';

export interface RegisteredSchemas {
  /** The registry's id for the current schema of each event type. */
  readonly idOf: ReadonlyMap<EventType, number>;
}

interface NamedSchema {
  readonly name: string;
  readonly namespace: string;
}

/** The topic-record-name strategy: `<topic>-<fully.qualified.Record>`, so one topic carries many types. */
export function subjectOf(type: EventType): string {
  const schema = avroSchemas[type] as NamedSchema;
  return `${topicOfEvent[type]}-${schema.namespace}.${schema.name}`;
}

/**
 * Registers every event schema (idempotent: an unchanged schema keeps its id), each subject with
 * BACKWARD_TRANSITIVE compatibility, so the registry refuses a change that cannot read old events.
 */
export async function registerSchemas(registry: SchemaRegistry): Promise<RegisteredSchemas> {
  const idOf = new Map<EventType, number>();
  const types = Object.keys(avroSchemas) as EventType[];
  // A few at a time: the registry is a small server on a small machine.
  for (let start = 0; start < types.length; start += 8) {
    await Promise.all(
      types.slice(start, start + 8).map(async (type) => {
        const { id } = await registry.register(
          { type: SchemaType.AVRO, schema: JSON.stringify(avroSchemas[type]) },
          { subject: subjectOf(type), compatibility: COMPATIBILITY.BACKWARD_TRANSITIVE },
        );
        idOf.set(type, id);
      }),
    );
  }
  return { idOf };
}
