import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the schemas live: avro/<topic>/<EventType>.avsc, and every released version under history/. */
export const schemasRoot = join(import.meta.dirname, '..');
export const avroDir = join(schemasRoot, 'avro');
export const historyDir = join(schemasRoot, 'history');

export interface AvroRecordSchema {
  readonly type: 'record';
  readonly name: string;
  readonly namespace: string;
  readonly doc?: string;
  readonly fields: ReadonlyArray<{ readonly name: string; readonly type: unknown; readonly doc?: string }>;
}

export interface SchemaFile {
  readonly topic: string;
  readonly eventType: string;
  readonly schema: AvroRecordSchema;
}

function readJson(file: string): AvroRecordSchema {
  return JSON.parse(readFileSync(file, 'utf8')) as AvroRecordSchema;
}

/** Every current event schema, sorted by topic and type. */
export function currentSchemas(): SchemaFile[] {
  return readdirSync(avroDir)
    .sort()
    .flatMap((topic) =>
      readdirSync(join(avroDir, topic))
        .filter((file) => file.endsWith('.avsc'))
        .sort()
        .map((file) => ({
          topic,
          eventType: file.slice(0, -'.avsc'.length),
          schema: readJson(join(avroDir, topic, file)),
        })),
    );
}

/** The released versions of one event type, oldest first (history/<topic>/<EventType>/v<N>.avsc). */
export function releasedVersions(topic: string, eventType: string): AvroRecordSchema[] {
  const dir = join(historyDir, topic, eventType);
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((file) => /^v\d+\.avsc$/.test(file))
    .sort((a, b) => Number(a.slice(1, -5)) - Number(b.slice(1, -5)))
    .map((file) => readJson(join(dir, file)));
}
