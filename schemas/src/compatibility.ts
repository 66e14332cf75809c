import avro from 'avsc';
import { currentSchemas, releasedVersions, type AvroRecordSchema } from './catalog.ts';

/**
 * Whether data written with `writer` can be read with `reader` (Avro schema resolution), which is
 * what BACKWARD compatibility asks of a new schema towards an old one. Returns the reason if not.
 */
export function incompatibility(reader: AvroRecordSchema, writer: AvroRecordSchema): string | undefined {
  try {
    avro.Type.forSchema(reader as avro.Schema).createResolver(avro.Type.forSchema(writer as avro.Schema));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export interface HistoryProblem {
  readonly eventType: string;
  readonly problem: string;
}

const canonical = (schema: AvroRecordSchema): string => JSON.stringify(schema);

/**
 * BACKWARD_TRANSITIVE over the committed history: the current schema of each event type is its
 * newest released version, and reads data written with every earlier one.
 */
export function historyProblems(): HistoryProblem[] {
  const problems: HistoryProblem[] = [];
  for (const { topic, eventType, schema } of currentSchemas()) {
    const versions = releasedVersions(topic, eventType);
    const latest = versions.at(-1);
    if (latest === undefined || canonical(latest) !== canonical(schema)) {
      problems.push({
        eventType,
        problem: `avro/${topic}/${eventType}.avsc is not released: run \`npm run release -w schemas\` to add it to history/`,
      });
    }
    versions.forEach((earlier, index) => {
      if (canonical(earlier) === canonical(schema)) return;
      const reason = incompatibility(schema, earlier);
      if (reason !== undefined) {
        problems.push({ eventType, problem: `cannot read data written with v${index + 1}: ${reason}` });
      }
    });
  }
  return problems;
}
