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

export const compatibility = 'BACKWARD_TRANSITIVE';

const contentType = 'application/vnd.schemaregistry.v1+json';

interface RegistryAnswer {
  readonly id?: number;
  readonly message?: string;
}

async function call(
  url: string,
  method: string,
  body: unknown,
): Promise<{ status: number; json: RegistryAnswer }> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': contentType, accept: contentType },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as RegistryAnswer) : {} };
}

/**
 * Registers every event schema through the Confluent-compatible API and sets each subject to
 * BACKWARD_TRANSITIVE, so the registry refuses a change that cannot read old events. Idempotent
 * (an unchanged schema keeps its id) and safe when several services start at once (a rule another
 * one just set is fine).
 */
export async function registerSchemas(registryUrl: string): Promise<RegisteredSchemas> {
  const idOf = new Map<EventType, number>();
  const types = Object.keys(avroSchemas) as EventType[];
  // A few at a time: the registry is a small server on a small machine.
  for (let start = 0; start < types.length; start += 8) {
    await Promise.all(
      types.slice(start, start + 8).map(async (type) => {
        const subject = encodeURIComponent(subjectOf(type));
        const registered = await call(`${registryUrl}/subjects/${subject}/versions`, 'POST', {
          schemaType: 'AVRO',
          schema: JSON.stringify(avroSchemas[type]),
        });
        if (registered.status !== 200 || typeof registered.json.id !== 'number') {
          throw new Error(
            `the registry refused ${subjectOf(type)} (${registered.status}): ${registered.json.message ?? ''}`,
          );
        }
        const rule = await call(`${registryUrl}/config/${subject}`, 'PUT', { compatibility });
        if (rule.status !== 200 && !/already exists/i.test(rule.json.message ?? '')) {
          throw new Error(`setting ${compatibility} on ${subjectOf(type)} failed (${rule.status})`);
        }
        idOf.set(type, registered.json.id);
      }),
    );
  }
  return { idOf };
}
