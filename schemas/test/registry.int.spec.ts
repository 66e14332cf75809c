import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { avroSchemas, type EventType } from '../src/generated/events.ts';
import { registerSchemas, subjectOf } from '../src/registry.ts';

const registryUrl = process.env['SCHEMA_REGISTRY_URL'] ?? '';

describe('registering the event schemas', () => {
  const registry = new SchemaRegistry({ host: registryUrl });

  it('registers every event type under topic-record-name subjects, idempotently', async () => {
    const first = await registerSchemas(registryUrl);
    const second = await registerSchemas(registryUrl);
    expect(first.idOf.size).toBe(Object.keys(avroSchemas).length);
    expect(Object.fromEntries(second.idOf)).toEqual(Object.fromEntries(first.idOf));
    expect(subjectOf('KudosGiven')).toBe('kudos-engage.kudos.KudosGiven');
    const subjects = (await (await fetch(`${registryUrl}/subjects`)).json()) as string[];
    for (const type of Object.keys(avroSchemas) as EventType[]) expect(subjects).toContain(subjectOf(type));
  });

  it('is safe when several services register at once', async () => {
    const all = await Promise.all([
      registerSchemas(registryUrl),
      registerSchemas(registryUrl),
      registerSchemas(registryUrl),
    ]);
    expect(new Set(all.map((registered) => JSON.stringify([...registered.idOf].sort()))).size).toBe(1);
    const config = (await (await fetch(`${registryUrl}/config/${subjectOf('PostLiked')}`)).json()) as {
      compatibilityLevel: string;
    };
    expect(config.compatibilityLevel).toBe('BACKWARD_TRANSITIVE');
  });

  it('has the registry refuse an incompatible version of a subject', async () => {
    const subject = `compat-test-engage.test.Probe${randomUUID().slice(0, 8)}`;
    const v1 = {
      type: 'record',
      name: 'Probe',
      namespace: 'engage.test',
      fields: [{ name: 'a', type: 'string' }],
    };
    const options = { subject, compatibility: COMPATIBILITY.BACKWARD_TRANSITIVE };
    await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, options);
    const v2 = { ...v1, fields: [...v1.fields, { name: 'b', type: 'string' }] };
    await expect(
      registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2) }, options),
    ).rejects.toMatchObject({
      status: 409,
    });
    const v2ok = { ...v1, fields: [...v1.fields, { name: 'b', type: 'string', default: '' }] };
    await expect(
      registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2ok) }, options),
    ).resolves.toEqual({
      id: expect.any(Number),
    });
  });
});
