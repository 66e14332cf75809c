import { describe, expect, it } from '@jest/globals';
import type { DomainEvent, RecordedEvent } from '@engage/event-log';
import { inboxProjection, type InboxDocument } from './projection.ts';

const at = Date.UTC(2026, 10, 25, 9, 0);
let offset = 0;
const recorded = (event: DomainEvent): RecordedEvent => ({
  ...event,
  metadata: {
    eventId: `e${++offset}`,
    aggregateId: 'a',
    aggregateVersion: offset,
    correlationId: 'c',
    causationId: null,
    actor: null,
    occurredAt: at,
    prevHash: '',
    idempotencyKey: null,
  },
  position: { topic: 't', partition: 0, offset },
});

/** The inbox after these events, as the projector folds them: documents by id. */
function inboxAfter(events: DomainEvent[]): Map<string, InboxDocument> {
  const docs = new Map<string, InboxDocument>();
  for (const event of events.map(recorded))
    for (const id of inboxProjection.documentIds(event)) {
      const next = inboxProjection.evolve(docs.get(id) ?? null, event, id);
      if (next === null) docs.delete(id);
      else docs.set(id, next);
    }
  return docs;
}
const of = (docs: Map<string, InboxDocument>, recipient: string) =>
  [...docs.values()].filter((doc) => doc.recipient === recipient).map((doc) => [doc.type, doc.data]);

describe('who is told what', () => {
  it('tells the receiver of kudos, and the giver when a moderator revokes it', () => {
    const docs = inboxAfter([
      {
        type: 'KudosGiven',
        data: {
          kudosId: 'k1',
          from: 'ann',
          to: 'bob',
          kindId: 'thanks',
          reason: 'Help',
          budgetPeriod: '2026-W48',
          givenAt: at,
        },
      },
      {
        type: 'KudosRevoked',
        data: {
          kudosId: 'k1',
          from: 'ann',
          to: 'bob',
          kindId: 'thanks',
          budgetPeriod: '2026-W48',
          reason: 'Spam',
          revokedBy: 'admin',
          revokedAt: at,
          givenAt: at,
        },
      },
    ] as DomainEvent[]);
    expect(of(docs, 'bob')).toEqual([
      ['kudos-received', { kudosId: 'k1', from: 'ann', kind: 'thanks', reason: 'Help' }],
    ]);
    expect(of(docs, 'ann')).toEqual([['kudos-revoked', { kudosId: 'k1', to: 'bob', reason: 'Spam' }]]);
  });

  it("tells a post's author of comments (not their own) and groups likes into one growing notification", () => {
    const like = (userId: string): DomainEvent => ({
      type: 'PostLiked',
      data: { postId: 'p1', userId, likedAt: at, postAuthorId: 'ann' },
    });
    const docs = inboxAfter([
      {
        type: 'CommentPosted',
        data: {
          postId: 'p1',
          commentId: 'c1',
          authorId: 'bob',
          text: 'Nice',
          postedAt: at,
          postAuthorId: 'ann',
        },
      },
      {
        type: 'CommentPosted',
        data: {
          postId: 'p1',
          commentId: 'c2',
          authorId: 'ann',
          text: 'Thanks',
          postedAt: at,
          postAuthorId: 'ann',
        },
      },
      like('bob'),
      like('cat'),
      like('ann'),
      { type: 'PostUnliked', data: { postId: 'p1', userId: 'cat', unlikedAt: at } },
      { type: 'PostUnliked', data: { postId: 'p1', userId: 'ann', unlikedAt: at } },
      like('dan'),
    ]);
    expect(of(docs, 'ann')).toEqual([
      ['comment', { postId: 'p1', commentId: 'c1', authorId: 'bob', text: 'Nice' }],
      ['likes', { postId: 'p1', count: 2, lastLikerId: 'dan' }],
    ]);
  });

  it('tells owners of joins and requests, askers of answers, and people of mentions and role changes', () => {
    const docs = inboxAfter([
      {
        type: 'InitiativeJoinRequested',
        data: { initiativeId: 'i1', userId: 'bob', requestedAt: at, ownerId: 'ann' },
      },
      {
        type: 'InitiativeMemberJoined',
        data: { initiativeId: 'i1', userId: 'bob', approvedBy: 'ann', joinedAt: at, ownerId: 'ann' },
      },
      {
        type: 'InitiativeJoinRequestDeclined',
        data: { initiativeId: 'i1', userId: 'cat', declinedBy: 'ann', declinedAt: at },
      },
      {
        type: 'InitiativeJoinRequestDeclined',
        data: { initiativeId: 'i1', userId: 'dan', declinedBy: 'dan', declinedAt: at },
      },
      {
        type: 'PostCreated',
        data: {
          postId: 'p2',
          authorId: 'ann',
          text: 'Hi @eve',
          initiativeId: null,
          imageFileIds: [],
          images: [],
          mentions: ['eve', 'ann'],
          createdAt: at,
        },
      },
      { type: 'RoleAssigned', data: { userId: 'eve', role: 'admin', assignedBy: 'root', assignedAt: at } },
    ]);
    expect(of(docs, 'ann')).toEqual([
      ['join-requested', { initiativeId: 'i1', userId: 'bob' }],
      ['initiative-joined', { initiativeId: 'i1', userId: 'bob' }],
    ]);
    expect(of(docs, 'bob')).toEqual([['join-approved', { initiativeId: 'i1', by: 'ann' }]]);
    expect(of(docs, 'cat')).toEqual([['join-declined', { initiativeId: 'i1', by: 'ann' }]]);
    expect(of(docs, 'dan')).toEqual([]);
    expect(of(docs, 'eve')).toEqual([
      ['mention', { postId: 'p2', by: 'ann', text: 'Hi @eve' }],
      ['roles-changed', { role: 'admin', assigned: true, by: 'root' }],
    ]);
  });

  it('derives ids from causes, so replaying the same events makes the same notifications', () => {
    const events = [
      {
        type: 'KudosGiven',
        data: {
          kudosId: 'k9',
          from: 'ann',
          to: 'bob',
          kindId: 'thanks',
          reason: 'Help',
          budgetPeriod: '2026-W48',
          givenAt: at,
        },
      },
      {
        type: 'BroadcastSent',
        data: { broadcastId: 'broadcast-1', title: 'Hi', message: 'All', sentBy: 'admin', sentAt: at },
      },
    ] as DomainEvent[];
    const ids = (docs: Map<string, InboxDocument>) => [...docs.keys()].sort();
    expect(ids(inboxAfter(events))).toEqual(['broadcast-1', 'kudos:k9']);
    expect(ids(inboxAfter([...events, ...events]))).toEqual(['broadcast-1', 'kudos:k9']);
    expect(inboxAfter(events).get('broadcast-1')).toMatchObject({ kind: 'broadcast', recipient: '*' });
  });
});
