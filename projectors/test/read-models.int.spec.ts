import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type mongoose from 'mongoose';
import type { DomainEvent, EventCodec } from '@engage/event-log';
import { projections } from '../src/projections.ts';
import { rewindCheckpoint } from '../src/runtime/checkpoints.ts';
import { collectionOf, projectionKey } from '../src/runtime/projection.ts';
import { Projector } from '../src/runtime/projector.ts';
import { caughtUp, codec, connect, documents, kafka, newPrefix, writeHistory } from './support.ts';

const monday = Date.UTC(2026, 10, 23, 10, 0);
const hour = 3_600_000;
const profile = (email: string, firstName: string, lastName: string) => ({
  email,
  firstName,
  lastName,
  bio: null,
  birthDate: null,
  mobile: null,
  gender: null,
});
const on = (aggregateId: string, event: DomainEvent) => ({ aggregateId, event });

describe('the read models of people, kudos and status', () => {
  const client = kafka();
  const prefix = newPrefix();
  let eventCodec: EventCodec;
  let db: mongoose.Connection;

  const runAll = async (): Promise<Projector[]> => {
    const running = projections.map(
      (projection) =>
        new Projector({ kafka: client, codec: eventCodec, db, projection, topicPrefix: prefix }),
    );
    await Promise.all(running.map((projector) => projector.start()));
    for (const projector of running) await caughtUp(client, db, projector);
    await Promise.all(running.map((projector) => projector.stop()));
    return running;
  };

  beforeAll(async () => {
    eventCodec = await codec();
    db = await connect(`read_models_${prefix.replaceAll('-', '')}`);
    await writeHistory(client, eventCodec, `${prefix}catalogs`, [
      on('k1', {
        type: 'KudosKindCreated',
        data: { kindId: 'k1', name: 'Team player', description: '', createdBy: 'admin', createdAt: monday },
      }),
      on('remote', {
        type: 'StatusCreated',
        data: { statusId: 'remote', name: 'Remote', description: '', createdBy: 'admin', createdAt: monday },
      }),
      on('auditor', {
        type: 'RoleCreated',
        data: {
          roleId: 'auditor',
          name: 'auditor',
          description: '',
          permissions: ['audit:read'],
          createdBy: 'admin',
          createdAt: monday,
        },
      }),
      on('kudos-budget', {
        type: 'KudosBudgetChanged',
        data: { perPeriod: 5, period: 'WEEK', changedBy: 'admin', changedAt: monday },
      }),
    ]);
    await writeHistory(client, eventCodec, `${prefix}users`, [
      on('ada', {
        type: 'UserRegistered',
        data: {
          userId: 'ada',
          ...profile('ada@example.com', 'Ada', 'Lovelace'),
          registeredBy: 'admin',
          registeredAt: monday,
        },
      }),
      on('bob', {
        type: 'UserRegistered',
        data: {
          userId: 'bob',
          ...profile('bob@example.com', 'Bob', 'Noyce'),
          registeredBy: null,
          registeredAt: monday,
        },
      }),
      on('ada', {
        type: 'RoleAssigned',
        data: { userId: 'ada', role: 'auditor', assignedBy: 'admin', assignedAt: monday },
      }),
      on('bob', {
        type: 'UserProfileUpdated',
        data: {
          userId: 'bob',
          ...profile('robert@example.com', 'Robert', 'Noyce'),
          avatarFileId: 'f1',
          avatar: {
            fileId: 'f1',
            variants: [
              { name: '256', url: '/files/f1/256', width: 256, height: 256 },
              { name: '64', url: '/files/f1/64', width: 64, height: 64 },
            ],
          },
          updatedBy: 'bob',
          updatedAt: monday + hour,
        },
      }),
    ]);
    await writeHistory(client, eventCodec, `${prefix}kudos`, [
      on('ada', {
        type: 'KudosGiven',
        data: {
          kudosId: 'kd1',
          from: 'ada',
          to: 'bob',
          kindId: 'k1',
          reason: 'Fixed the build',
          budgetPeriod: '2026-W48',
          givenAt: monday + hour,
        },
      }),
      on('ada', {
        type: 'KudosGiven',
        data: {
          kudosId: 'kd2',
          from: 'ada',
          to: 'bob',
          kindId: 'k1',
          reason: 'Oops',
          budgetPeriod: '2026-W48',
          givenAt: monday + 2 * hour,
        },
      }),
      on('ada', {
        type: 'KudosRevoked',
        data: {
          kudosId: 'kd2',
          from: 'ada',
          to: 'bob',
          kindId: 'k1',
          budgetPeriod: '2026-W48',
          reason: 'Duplicate',
          revokedBy: 'admin',
          revokedAt: monday + 3 * hour,
          givenAt: monday + 2 * hour,
        },
      }),
    ]);
    await writeHistory(client, eventCodec, `${prefix}user-status`, [
      on('bob', {
        type: 'StatusSet',
        data: {
          userId: 'bob',
          statusId: 'remote',
          reason: 'Home office',
          effectiveAt: monday + hour,
          recordedAt: monday + hour,
          setBy: 'bob',
        },
      }),
      on('bob', {
        type: 'StatusSet',
        data: {
          userId: 'bob',
          statusId: 'sick',
          reason: 'Correction',
          effectiveAt: monday - 24 * hour,
          recordedAt: monday + 4 * hour,
          setBy: 'bob',
        },
      }),
    ]);
    const variant = (name: string, size: number) => ({
      name,
      contentType: 'image/webp',
      width: size,
      height: size,
      bytes: 100,
      storageKey: `x/${name}`,
    });
    const uploaded = (fileId: string) => ({
      type: 'FileUploaded' as const,
      data: {
        fileId,
        ownerId: 'bob',
        contentType: 'image/jpeg',
        bytes: 1000,
        width: 300,
        height: 300,
        variants: [variant('256', 256), variant('64', 64)],
        uploadedAt: monday,
        purpose: 'avatar',
        sha256: 'ab',
      },
    });
    await writeHistory(client, eventCodec, `${prefix}files`, [
      on('f1', uploaded('f1')),
      on('f2', uploaded('f2')),
      on('f2', { type: 'FileDeleted', data: { fileId: 'f2', deletedBy: 'bob', deletedAt: monday + hour } }),
    ]);
    await runAll();
  }, 120_000);

  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  const collection = (name: string) =>
    collectionOf({ name, version: projections.find((projection) => projection.name === name)?.version ?? 1 });

  it('show a profile with roles, current status, kudos received per kind and search terms', async () => {
    const bob = await db.collection(collection('user-profile')).findOne({ _id: 'bob' } as never);
    expect(bob).toMatchObject({
      email: 'robert@example.com',
      firstName: 'Robert',
      avatar: {
        id: 'f1',
        variants: {
          '256': { url: '/files/f1/256', width: 256, height: 256 },
          '64': { url: '/files/f1/64', width: 64, height: 64 },
        },
      },
      active: true,
      status: { status: 'remote', reason: 'Home office', effectiveAt: monday + hour },
      kudosReceived: { total: 1, byKind: { k1: 1 } },
    });
    expect(bob?.['searchTerms']).toEqual(
      expect.arrayContaining(['r', 'rob', 'noyce', 'robert n', 'robert@example.com']),
    );
    expect(bob?.['searchTerms']).not.toContain('bob');
    const ada = await db.collection(collection('user-profile')).findOne({ _id: 'ada' } as never);
    expect(ada).toMatchObject({ roles: ['auditor'], kudosReceived: { total: 0, byKind: {} } });
  });

  it('list kudos with their revocation', async () => {
    expect(await documents(db, collection('kudos'))).toEqual([
      expect.objectContaining({
        _id: 'kd1',
        from: 'ada',
        to: 'bob',
        kind: 'k1',
        revoked: false,
        revocation: null,
      }),
      expect.objectContaining({
        _id: 'kd2',
        revoked: true,
        revocation: { by: 'admin', reason: 'Duplicate', at: monday + 3 * hour },
      }),
    ]);
  });

  it('keep the status timeline with both times', async () => {
    const history = await db
      .collection(collection('status-history'))
      .find({ userId: 'bob' })
      .sort({ effectiveAt: -1 })
      .toArray();
    expect(
      history.map((entry): unknown[] => [entry['status'], entry['effectiveAt'], entry['recordedAt']]),
    ).toEqual([
      ['remote', monday + hour, monday + hour],
      ['sick', monday - 24 * hour, monday + 4 * hour],
    ]);
  });

  it('count the leaderboard per week, month and all time, minus revoked kudos', async () => {
    const board = await documents(db, collection('leaderboard'));
    expect(board.map((entry) => [entry['_id'], entry['count']])).toEqual([
      ['all:all:bob', 1],
      ['month:2026-11:bob', 1],
      ['week:2026-W48:bob', 1],
    ]);
  });

  it('keep every kudos and status event with its position in the audit log', async () => {
    const audit = await documents(db, collection('audit-log'));
    expect(audit).toHaveLength(5);
    expect(audit.map((entry) => entry['type']).sort()).toEqual([
      'KudosGiven',
      'KudosGiven',
      'KudosRevoked',
      'StatusSet',
      'StatusSet',
    ]);
    for (const entry of audit)
      expect(entry['position']).toBe(
        [entry['topic'], entry['partition'], entry['offset']].map(String).join(':'),
      );
  });

  it('keep the catalogs', async () => {
    expect(await documents(db, collection('statuses'))).toEqual([
      expect.objectContaining({ _id: 'remote', name: 'Remote', active: true }),
    ]);
    expect(await documents(db, collection('roles'))).toEqual([
      expect.objectContaining({ _id: 'auditor', permissions: ['audit:read'] }),
    ]);
    expect(await documents(db, collection('kudos-budget'))).toEqual([
      expect.objectContaining({ perPeriod: 5, period: 'WEEK' }),
    ]);
  });

  it('keep uploaded files with their owner, purpose and variant URLs, and forget deleted ones', async () => {
    expect(await documents(db, collection('files'))).toEqual([
      expect.objectContaining({
        _id: 'f1',
        owner: 'bob',
        purpose: 'avatar',
        variants: [
          { name: '256', url: '/files/f1/256', width: 256, height: 256 },
          { name: '64', url: '/files/f1/64', width: 64, height: 64 },
        ],
      }),
    ]);
  });

  it('end with the same documents when every event is delivered a second time', async () => {
    const before = await Promise.all(
      projections.map((projection) => documents(db, collectionOf(projection), true)),
    );
    await Promise.all(projections.map((projection) => rewindCheckpoint(db, projectionKey(projection))));
    const again = await runAll();
    expect(again.reduce((sum, projector) => sum + projector.applied, 0)).toBe(0);
    const after = await Promise.all(
      projections.map((projection) => documents(db, collectionOf(projection), true)),
    );
    expect(after).toEqual(before);
  });
});
