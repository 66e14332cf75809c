// A named entry's creation or rename goes through its name's claim: a change the catalog refuses
// (a stale If-Match, an unknown entry) is refused before the claim, so it appends nothing at all.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CommandBus, CommandRequest } from '../runtime/command-bus.ts';
import type { RunningCommandService } from '../service.ts';
import { newPrefix, readTopic, startInProcess, testConfig } from '../../test/support.ts';
import type { CatalogCommand, CatalogState } from './decider.ts';
import { createNamed, renameNamed } from './names.ts';

describe('named catalog entries', () => {
  const prefix = newPrefix();
  const topic = `${prefix}catalogs`;
  let service: RunningCommandService;
  const catalogs = () => service.buses.get(topic) as unknown as CommandBus<CatalogCommand, CatalogState>;
  const request = (
    aggregateId: string,
    command: CatalogCommand,
    extra: Partial<CommandRequest<CatalogCommand>> = {},
  ): CommandRequest<CatalogCommand> => ({
    aggregateId,
    command,
    actor: 'admin',
    correlationId: randomUUID(),
    now: Date.now(),
    ...extra,
  });
  const appendedFor = async (correlationId: string) =>
    (await readTopic(topic)).filter((event) => event.metadata.correlationId === correlationId);

  beforeAll(async () => {
    service = await startInProcess(testConfig(prefix));
  });

  afterAll(async () => {
    await service.stop();
  });

  it('refuses a creation expecting a version its new entry cannot have, and appends nothing', async () => {
    const refused = request(
      randomUUID(),
      { type: 'CreateGender', data: { name: 'Conditional' } },
      {
        expectedVersion: 3,
      },
    );
    await expect(createNamed(catalogs(), 'genders', 'Conditional', refused)).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    expect(await appendedFor(refused.correlationId)).toEqual([]);
    // The name was never claimed: the same name is free for the next creation.
    const created = request(randomUUID(), { type: 'CreateGender', data: { name: 'Conditional' } });
    await expect(createNamed(catalogs(), 'genders', 'Conditional', created)).resolves.toMatchObject({
      version: 1,
    });
  });

  it('refuses renaming an entry to a new name with a stale If-Match, and appends nothing', async () => {
    const id = randomUUID();
    await createNamed(
      catalogs(),
      'genders',
      'Before',
      request(id, { type: 'CreateGender', data: { name: 'Before' } }),
    );
    const stale = request(
      id,
      { type: 'UpdateGender', data: { name: 'After', active: true } },
      { expectedVersion: 7 },
    );
    await expect(
      renameNamed(catalogs(), 'genders', { current: 'Before', name: 'After' }, stale),
    ).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(await appendedFor(stale.correlationId)).toEqual([]);
  });

  it('answers a dry run with the version the command would reach, and appends nothing', async () => {
    const dryRun = request(
      randomUUID(),
      { type: 'CreateGender', data: { name: 'Hypothetical' } },
      {
        dryRun: true,
      },
    );
    await expect(catalogs().handle(dryRun)).resolves.toEqual({
      id: dryRun.aggregateId,
      version: 1,
      position: null,
    });
    expect(await appendedFor(dryRun.correlationId)).toEqual([]);
  });
});
