import type { SchemaFile } from './catalog.ts';

type AvroType = string | readonly AvroType[] | { readonly type: string; readonly [key: string]: unknown };

const primitive: Record<string, string> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
};

const shortName = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

/** Renders Avro types as TypeScript, collecting named enums and records as declarations. */
class Renderer {
  readonly declarations = new Map<string, string>();

  type(avro: AvroType): string {
    if (typeof avro === 'string') return primitive[avro] ?? shortName(avro);
    if (Array.isArray(avro))
      return (avro as readonly AvroType[]).map((member) => this.type(member)).join(' | ');
    const complex = avro as { readonly type: string; readonly [key: string]: unknown };
    switch (complex.type) {
      case 'array':
        return `Array<${this.type(complex['items'] as AvroType)}>`;
      case 'map':
        return `Record<string, ${this.type(complex['values'] as AvroType)}>`;
      case 'enum': {
        const name = complex['name'] as string;
        const symbols = complex['symbols'] as string[];
        this.declarations.set(
          name,
          `export type ${name} = ${symbols.map((symbol) => `'${symbol}'`).join(' | ')};`,
        );
        return name;
      }
      case 'record': {
        const name = complex['name'] as string;
        this.declarations.set(
          name,
          this.record(name, complex['fields'] as Field[], complex['doc'] as string | undefined),
        );
        return name;
      }
      default:
        // A primitive with attributes, such as { type: 'long', logicalType: 'timestamp-millis' }.
        return primitive[complex.type] ?? shortName(complex.type);
    }
  }

  record(name: string, fields: readonly Field[], doc: string | undefined): string {
    const lines = fields.map((field) => {
      const comment = field.doc ? `  /** ${field.doc} */\n` : '';
      const logical = (field.type as { logicalType?: string }).logicalType;
      const note = logical === 'timestamp-millis' ? ' // epoch milliseconds' : '';
      return `${comment}  readonly ${field.name}: ${this.type(field.type)};${note}`;
    });
    return `${doc ? `/** ${doc} */\n` : ''}export interface ${name} {\n${lines.join('\n')}\n}`;
  }
}

interface Field {
  readonly name: string;
  readonly type: AvroType;
  readonly doc?: string;
}

/** The generated module: event data types, the event-type → data map, topics and schemas. */
export function generateTypes(schemas: readonly SchemaFile[]): string {
  const renderer = new Renderer();
  const events: string[] = [];
  for (const { eventType, schema } of schemas) {
    renderer.declarations.set(eventType, renderer.record(eventType, schema.fields as Field[], schema.doc));
    events.push(eventType);
  }
  const topics = [...new Set(schemas.map((file) => file.topic))];
  return [
    '// Generated from schemas/avro by `npm run generate -w schemas`. Do not edit.',
    '',
    ...[...renderer.declarations.values()].map((declaration) => `${declaration}\n`),
    '/** The data of each event type. */',
    'export interface EventDataByType {',
    ...events.map((type) => `  ${type}: ${type};`),
    '}',
    '',
    'export type EventType = keyof EventDataByType;',
    '',
    `export const topics = ${JSON.stringify(topics)} as const;`,
    '',
    'export type Topic = (typeof topics)[number];',
    '',
    '/** The topic each event type is written to (one topic per aggregate type). */',
    'export const topicOfEvent: { readonly [T in EventType]: Topic } = {',
    ...schemas.map(({ eventType, topic }) => `  ${eventType}: '${topic}',`),
    '};',
    '',
    '/** The Avro schema of each event type, as committed in schemas/avro. */',
    'export const avroSchemas: { readonly [T in EventType]: object } = {',
    ...schemas.map(({ eventType, schema }) => `  ${eventType}: ${JSON.stringify(schema)},`),
    '};',
    '',
  ].join('\n');
}
