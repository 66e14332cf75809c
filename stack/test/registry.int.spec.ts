import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';

const registryUrl = process.env['SCHEMA_REGISTRY_URL'] ?? '';

describe('schema registry (Confluent-compatible API)', () => {
  const registry = new SchemaRegistry({ host: registryUrl });

  it('registers an Avro schema and round-trips a record in the Confluent wire format', async () => {
    const name = `Smoke${randomUUID().replaceAll('-', '')}`;
    const schema = {
      type: 'record',
      name,
      namespace: 'engage.smoke',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'count', type: 'int' },
      ],
    };
    const subject = `smoke-engage.smoke.${name}`;
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject },
    );

    const encoded = await registry.encode(id, { id: 'abc', count: 42 });
    expect(encoded[0]).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(id);
    expect(encoded.length).toBeGreaterThan(5);
    await expect(registry.decode(encoded)).resolves.toEqual({ id: 'abc', count: 42 });

    const subjects = (await (await fetch(`${registryUrl}/subjects`)).json()) as string[];
    expect(subjects).toContain(subject);
    const latest = (await (await fetch(`${registryUrl}/subjects/${subject}/versions/latest`)).json()) as {
      id: number;
    };
    expect(latest.id).toBe(id);
  });

  it('refuses a record that does not fit the schema', async () => {
    const name = `Strict${randomUUID().replaceAll('-', '')}`;
    const schema = {
      type: 'record',
      name,
      namespace: 'engage.smoke',
      fields: [{ name: 'count', type: 'int' }],
    };
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject: `smoke-engage.smoke.${name}` },
    );
    await expect(registry.encode(id, { count: 'many' })).rejects.toThrow();
  });
});
