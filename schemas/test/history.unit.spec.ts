import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentSchemas, releasedVersions, type AvroRecordSchema } from '../src/catalog.ts';
import { generateTypes } from '../src/codegen.ts';
import { historyProblems, incompatibility } from '../src/compatibility.ts';

const userRegistered = (): AvroRecordSchema => {
  const found = currentSchemas().find((file) => file.eventType === 'UserRegistered');
  if (!found) throw new Error('UserRegistered.avsc is missing');
  return found.schema;
};

describe('committed event schemas', () => {
  it('are each released, and read the data of every earlier committed version', () => {
    expect(historyProblems()).toEqual([]);
  });

  it('are past-tense records, one per event type, each in its topic namespace', () => {
    for (const { topic, eventType, schema } of currentSchemas()) {
      expect(schema.name).toBe(eventType);
      expect(schema.namespace).toBe(`engage.${topic.replaceAll('-', '_')}`);
      expect(eventType).toMatch(/(ed|Set|Sent|Read|Left|Given)$/);
    }
  });

  it('have TypeScript types generated from them that are up to date', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', 'src', 'generated', 'events.ts'), 'utf8');
    expect(committed).toBe(generateTypes(currentSchemas()));
  });

  it('keep a history for every event type', () => {
    for (const { topic, eventType } of currentSchemas()) {
      expect({ eventType, versions: releasedVersions(topic, eventType).length }).toEqual({
        eventType,
        versions: expect.any(Number),
      });
      expect(releasedVersions(topic, eventType).length).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('the compatibility check', () => {
  const withFields = (fields: AvroRecordSchema['fields']): AvroRecordSchema => ({
    ...userRegistered(),
    fields,
  });

  it('accepts a new optional field with a default', () => {
    const next = withFields([
      ...userRegistered().fields,
      { name: 'pronouns', type: ['null', 'string'], default: null } as never,
    ]);
    expect(incompatibility(next, userRegistered())).toBeUndefined();
  });

  it('rejects a new field without a default: old events have no value for it', () => {
    const next = withFields([...userRegistered().fields, { name: 'department', type: 'string' }]);
    expect(incompatibility(next, userRegistered())).toMatch(/department/);
  });

  it('rejects a field whose type changes incompatibly', () => {
    const next = withFields(
      userRegistered().fields.map((field) => (field.name === 'email' ? { ...field, type: 'int' } : field)),
    );
    expect(incompatibility(next, userRegistered())).toBeDefined();
  });

  it('rejects a change that only an older version cannot be read by (transitive)', () => {
    const v1 = withFields([{ name: 'userId', type: 'string' }]);
    const v2 = withFields([
      { name: 'userId', type: 'string' },
      { name: 'team', type: 'string', default: 'none' } as never,
    ]);
    const v3 = withFields([
      { name: 'userId', type: 'string' },
      { name: 'team', type: 'string' },
    ]);
    expect(incompatibility(v2, v1)).toBeUndefined();
    expect(incompatibility(v3, v2)).toBeUndefined();
    expect(incompatibility(v3, v1)).toMatch(/team/);
  });
});
