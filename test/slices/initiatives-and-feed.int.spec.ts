// Initiatives, posts, comments and likes through HTTP, Kafka and MongoDB, with the feeds they make.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { createKafka, endOffsets } from '@engage/event-log';
import {
  collectionOf,
  projectionKey,
  projections,
  rewindCheckpoint,
  type Projection,
} from '@engage/projectors';
import { startSystem, type Answer, type System } from './system.ts';

const admin = { email: 'social.admin@example.com', password: 'the admin passphrase, long' };

describe('initiatives and the feed through HTTP', () => {
  let system: System;
  let adminToken: string;

  const person = (name: string) => system.person(name, 'posts:write');
  const positionOf = (answer: Answer) => String(answer.body['position']);
  const offsets = async (): Promise<Record<string, number>> => {
    const kafka = createKafka(process.env['KAFKA_BROKERS'] ?? '', 'social-offsets');
    const topics = ['initiatives', 'posts'].map((topic) => `${system.prefix}${topic}`);
    return Object.fromEntries(await endOffsets(kafka, topics));
  };
  const items = (answer: Answer) => answer.body['items'] as Array<Record<string, unknown>>;

  beforeAll(async () => {
    system = await startSystem(admin);
    adminToken = await system.signIn(admin.email, admin.password, 'posts:moderate');
  }, 120_000);

  afterAll(async () => {
    await (system as System | undefined)?.stop();
  });

  it('lets one person start a public initiative, another join, post, comment and like, and both see it', async () => {
    const ann = await person('Ann');
    const bob = await person('Bob');
    const created = await system.command('POST', '/initiatives', ann.token, {
      name: 'Green Office',
      description: 'Less paper, more plants',
      visibility: 'public',
      startsAt: '2026-12-01',
      endsAt: '2027-03-01',
    });
    expect(created).toMatchObject({ status: 201, body: { version: 1 } });
    const initiativeId = created.body['id'] as string;
    const joined = await system.command('POST', `/initiatives/${initiativeId}/members`, bob.token);
    expect(joined).toMatchObject({ status: 200, body: { version: 2, membership: 'member' } });

    const detail = await system.query(
      `/initiatives/${initiativeId}?consistentWith=${positionOf(joined)}`,
      bob.token,
    );
    expect(detail.body).toMatchObject({
      name: 'Green Office',
      visibility: 'public',
      owner: ann.id,
      memberCount: 2,
      archived: false,
      myMembership: 'member',
      members: [
        { userId: ann.id, role: 'owner', user: { firstName: 'Ann' } },
        { userId: bob.id, role: 'member', user: { firstName: 'Bob' } },
      ],
    });
    expect(detail.body).not.toHaveProperty('pendingRequests');

    const posted = await system.command('POST', `/posts?consistentWith=${positionOf(joined)}`, bob.token, {
      text: 'Plants for <script>alert(1)</script> every desk',
      initiative: initiativeId,
      mentions: [ann.id],
    });
    expect(posted.status).toBe(201);
    const postId = posted.body['id'] as string;
    const commented = await system.command('POST', `/posts/${postId}/comments`, ann.token, {
      text: 'Love it',
    });
    expect(commented.status).toBe(201);
    const liked = await system.command('PUT', `/posts/${postId}/like`, ann.token);
    expect(liked.status).toBe(200);
    const likedAgain = await system.command('PUT', `/posts/${postId}/like`, ann.token);
    expect(likedAgain).toMatchObject({ status: 200, body: { version: liked.body['version'] } });

    const feed = await system.query(
      `/feed?initiative=${initiativeId}&consistentWith=${positionOf(likedAgain)}`,
      ann.token,
    );
    expect(feed.status).toBe(200);
    expect(items(feed)).toEqual([
      expect.objectContaining({
        type: 'post',
        id: postId,
        author: expect.objectContaining({ id: bob.id, firstName: 'Bob' }),
        text: 'Plants for <script>alert(1)</script> every desk',
        initiative: initiativeId,
        mentions: [ann.id],
        likeCount: 1,
        likedByMe: true,
        commentCount: 1,
        comments: [
          expect.objectContaining({ text: 'Love it', author: expect.objectContaining({ firstName: 'Ann' }) }),
        ],
      }),
    ]);
    const bobsView = await system.query(`/posts/${postId}`, bob.token);
    expect(bobsView.body).toMatchObject({
      likeCount: 1,
      likedByMe: false,
      comments: { items: [{ text: 'Love it' }], next: null },
    });

    // The company feed has company posts and kudos cards, not the initiative's posts.
    const companyPost = await system.command('POST', '/posts', ann.token, { text: 'Hello, company' });
    const kind = await system.command('POST', '/kudos-kinds', adminToken, {
      name: 'Helper',
      description: 'Helps',
    });
    await system.query(`/kudos-kinds?consistentWith=${positionOf(kind)}`, ann.token);
    const kudos = await system.command('POST', '/kudos', ann.token, {
      to: bob.id,
      kind: kind.body['id'],
      reason: 'Watered the plants',
    });
    expect(kudos.status).toBe(201);
    await system.query(`/feed?consistentWith=${positionOf(companyPost)}`, ann.token);
    const company = await system.query(`/feed?consistentWith=${positionOf(kudos)}`, bob.token);
    expect(items(company).map((item) => [item['type'], item['text'] ?? item['reason']])).toEqual([
      ['kudos', 'Watered the plants'],
      ['post', 'Hello, company'],
    ]);
    expect(items(company)[0]).toMatchObject({ from: { firstName: 'Ann' }, to: { firstName: 'Bob' } });

    const list = await system.query(`/initiatives?q=green&member=me`, bob.token);
    expect(items(list)).toEqual([
      expect.objectContaining({ id: initiativeId, memberCount: 2, myMembership: 'member' }),
    ]);
    expect(items(await system.query(`/initiatives?q=blue`, bob.token))).toEqual([]);
  });

  it('takes invite-only members by a request the owner answers, and keeps its posts to members', async () => {
    const owner = await person('Olga');
    const asker = await person('Pete');
    const declined = await person('Quinn');
    const created = await system.command('POST', '/initiatives', owner.token, {
      name: 'Secret Santa',
      description: 'Shh',
      visibility: 'invite-only',
    });
    const id = created.body['id'] as string;
    const ask = await system.command('POST', `/initiatives/${id}/members`, asker.token);
    expect(ask).toMatchObject({ status: 200, body: { membership: 'requested' } });
    const ask2 = await system.command('POST', `/initiatives/${id}/members`, declined.token);
    const ownerView = await system.query(
      `/initiatives/${id}?consistentWith=${positionOf(ask2)}`,
      owner.token,
    );
    expect(
      (ownerView.body['pendingRequests'] as Array<{ userId: string }>).map((each) => each.userId),
    ).toEqual([asker.id, declined.id]);
    const before = await offsets();
    const notYet = await system.command('POST', `/posts?consistentWith=${positionOf(ask2)}`, asker.token, {
      text: 'Can I?',
      initiative: id,
    });
    expect(notYet).toMatchObject({ status: 403, body: { code: 'NOT_A_MEMBER' } });
    expect(
      (await system.command('POST', `/initiatives/${id}/requests/${asker.id}/approve`, asker.token)).body,
    ).toMatchObject({ code: 'NOT_OWNER' });
    expect(await offsets()).toEqual(before);
    expect((await system.query(`/feed?initiative=${id}`, asker.token)).status).toBe(403);

    const approved = await system.command(
      'POST',
      `/initiatives/${id}/requests/${asker.id}/approve`,
      owner.token,
    );
    expect(approved.status).toBe(200);
    const no = await system.command(
      'POST',
      `/initiatives/${id}/requests/${declined.id}/decline`,
      owner.token,
    );
    expect(no.status).toBe(200);
    const post = await system.command('POST', `/posts?consistentWith=${positionOf(no)}`, asker.token, {
      text: 'Thanks for having me',
      initiative: id,
    });
    expect(post.status).toBe(201);
    const feed = await system.query(`/feed?initiative=${id}&consistentWith=${positionOf(post)}`, asker.token);
    expect(items(feed).map((item) => item['text'])).toEqual(['Thanks for having me']);
    // Quinn was declined: no posting, no reading its posts, no liking them.
    expect((await system.query(`/feed?initiative=${id}`, declined.token)).status).toBe(403);
    expect((await system.query(`/posts/${String(post.body['id'])}`, declined.token)).status).toBe(403);
    expect(
      (await system.command('PUT', `/posts/${String(post.body['id'])}/like`, declined.token)).status,
    ).toBe(404);
    const detail = await system.query(`/initiatives/${id}?consistentWith=${positionOf(no)}`, owner.token);
    expect(detail.body).toMatchObject({ memberCount: 2, pendingRequests: [] });

    // Leaving, removing, transferring.
    const transfer = await system.command('POST', `/initiatives/${id}/transfer`, owner.token, {
      userId: asker.id,
    });
    expect(transfer.status).toBe(200);
    const ownerLeaves = await system.command('DELETE', `/initiatives/${id}/members/${owner.id}`, owner.token);
    expect(ownerLeaves.status).toBe(200);
    const after = await system.query(
      `/initiatives/${id}?consistentWith=${positionOf(ownerLeaves)}`,
      asker.token,
    );
    expect(after.body).toMatchObject({
      owner: asker.id,
      memberCount: 1,
      members: [{ userId: asker.id, role: 'owner' }],
    });
  });

  it('lets the owner change an initiative and remove a member, and lists initiatives by size', async () => {
    const owner = await person('Rita');
    const member = await person('Sam');
    const created = await system.command('POST', '/initiatives', owner.token, {
      name: 'Running club',
      visibility: 'public',
    });
    const id = created.body['id'] as string;
    expect((await system.command('POST', `/initiatives/${id}/members`, member.token)).status).toBe(200);
    const changed = await system.command('PATCH', `/initiatives/${id}`, owner.token, {
      description: '5k every Friday',
      visibility: 'invite-only',
      endsAt: '2027-06-30',
    });
    expect(changed.status).toBe(200);
    const removed = await system.command('DELETE', `/initiatives/${id}/members/${member.id}`, owner.token);
    expect(removed.status).toBe(200);
    const detail = await system.query(
      `/initiatives/${id}?consistentWith=${positionOf(removed)}`,
      owner.token,
    );
    expect(detail.body).toMatchObject({
      description: '5k every Friday',
      visibility: 'invite-only',
      endsAt: '2027-06-30',
      memberCount: 1,
      members: [{ userId: owner.id, role: 'owner' }],
    });
    // An invite-only initiative is still listed; its posts are for members.
    const bySize = items(await system.query('/initiatives?sort=members&limit=100', member.token));
    const counts = bySize.map((item) => item['memberCount'] as number);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(bySize.map((item) => item['id'])).toContain(id);
  });

  it('refuses what the rules forbid with a status and code, and appends nothing', async () => {
    const ann = await person('Ann');
    const bob = await person('Bob');
    const created = await system.command('POST', '/initiatives', ann.token, {
      name: 'Book club',
      visibility: 'public',
    });
    const id = created.body['id'] as string;
    const post = await system.command('POST', '/posts', ann.token, { text: 'First!' });
    const postId = post.body['id'] as string;
    const archived = await system.command('POST', `/initiatives/${id}/archive`, ann.token);
    expect(archived.status).toBe(200);
    const deleted = await system.command('DELETE', `/posts/${postId}`, ann.token);
    expect(deleted.status).toBe(200);

    const before = await offsets();
    const refusals = [
      await system.command('POST', `/initiatives/${id}/members`, bob.token),
      await system.command('POST', `/posts?consistentWith=${positionOf(archived)}`, ann.token, {
        text: 'Late',
        initiative: id,
      }),
      await system.command('POST', `/posts/${postId}/comments`, bob.token, { text: 'Too late' }),
      await system.command('PATCH', `/posts/${postId}`, ann.token, { text: 'Edit' }),
      await system.command('PATCH', `/initiatives/${id}`, bob.token, { name: 'Mine' }),
      await system.command('POST', '/posts', bob.token, { text: '' }),
      await system.command('POST', '/posts', bob.token, { text: 'x'.repeat(5001) }),
      await system.command('POST', '/posts', bob.token, { text: 'Hi', mentions: ['nobody-at-all'] }),
      await system.command('POST', '/posts', bob.token, { text: 'Hi', initiative: 'no-such-initiative' }),
      await system.command('POST', '/initiatives', bob.token, { name: 'x', visibility: 'secret' }),
    ];
    expect(refusals.map((answer) => [answer.status, answer.body['code']])).toEqual([
      [409, 'INITIATIVE_ARCHIVED'],
      [409, 'INITIATIVE_ARCHIVED'],
      [404, 'POST_DELETED'],
      [404, 'POST_DELETED'],
      [403, 'NOT_OWNER'],
      [400, 'INVALID_TEXT'],
      [400, 'INVALID_REQUEST'],
      [400, 'UNKNOWN_MENTION'],
      [404, 'UNKNOWN_INITIATIVE'],
      [400, 'INVALID_REQUEST'],
    ]);
    expect(await offsets()).toEqual(before);
    // The deleted post is gone from the feed and its page.
    const feed = await system.query(`/feed?consistentWith=${positionOf(deleted)}`, ann.token);
    expect(items(feed).map((item) => item['id'])).not.toContain(postId);
    expect((await system.query(`/posts/${postId}`, ann.token)).status).toBe(404);
  });

  it("lets only a post's author or an admin edit or delete it, and a comment's author, the post's author or an admin remove a comment", async () => {
    const ann = await person('Ann');
    const bob = await person('Bob');
    const cat = await person('Cat');
    const post = await system.command('POST', '/posts', ann.token, { text: 'Original' });
    const postId = post.body['id'] as string;
    const comment = await system.command('POST', `/posts/${postId}/comments`, bob.token, { text: 'Hm' });
    const commentId = comment.body['commentId'] as string;
    expect(
      (await system.command('PATCH', `/posts/${postId}`, bob.token, { text: 'Mine' })).body,
    ).toMatchObject({ code: 'NOT_AUTHOR' });
    expect((await system.command('DELETE', `/posts/${postId}`, bob.token)).status).toBe(403);
    expect((await system.command('DELETE', `/posts/${postId}/comments/${commentId}`, cat.token)).status).toBe(
      403,
    );
    const edited = await system.command('PATCH', `/posts/${postId}`, adminToken, { text: 'Moderated' });
    expect(edited.status).toBe(200);
    const removed = await system.command('DELETE', `/posts/${postId}/comments/${commentId}`, ann.token);
    expect(removed.status).toBe(200);
    const view = await system.query(`/posts/${postId}?consistentWith=${positionOf(removed)}`, bob.token);
    expect(view.body).toMatchObject({ text: 'Moderated', commentCount: 0, comments: { items: [] } });
  });

  it('pages a post’s comments oldest first', async () => {
    const ann = await person('Ann');
    const post = await system.command('POST', '/posts', ann.token, { text: 'Count with me' });
    const postId = post.body['id'] as string;
    let last: Answer = post;
    for (let n = 1; n <= 5; n += 1)
      last = await system.command('POST', `/posts/${postId}/comments`, ann.token, { text: `${n}` });
    const first = await system.query(
      `/posts/${postId}?limit=2&consistentWith=${positionOf(last)}`,
      ann.token,
    );
    const comments = first.body['comments'] as { items: Array<{ text: string }>; next: string };
    expect(comments.items.map((each) => each.text)).toEqual(['1', '2']);
    const rest = await system.query(`/posts/${postId}/comments?limit=10&cursor=${comments.next}`, ann.token);
    expect(items(rest).map((each) => each['text'])).toEqual(['3', '4', '5']);
    const feed = await system.query(`/feed?author=${ann.id}&limit=1`, ann.token);
    expect(items(feed)[0]).toMatchObject({
      id: postId,
      commentCount: 5,
      comments: [{ text: '3' }, { text: '4' }, { text: '5' }],
    });
  });

  it('counts likes exactly when 50 people like and unlike one post at once', async () => {
    const ann = await person('Ann');
    const post = await system.command('POST', '/posts', ann.token, { text: 'Like me' });
    const postId = post.body['id'] as string;
    const likers = await Promise.all(Array.from({ length: 50 }, (_, index) => person(`Liker${index}`)));
    // Each person does a random sequence of likes and unlikes at once; what counts is their last action.
    const lastActions = await Promise.all(
      likers.map(async (liker, index) => {
        const actions = Array.from({ length: 1 + (index % 4) }, (_, step) =>
          (index + step) % 3 === 0 ? 'DELETE' : 'PUT',
        );
        let last: Answer | undefined;
        for (const method of actions) {
          last = await system.command(method, `/posts/${postId}/like`, liker.token);
          expect(last.status).toBe(200);
        }
        return { method: actions.at(-1), position: last ? positionOf(last) : '' };
      }),
    );
    const expected = lastActions.filter((action) => action.method === 'PUT').length;
    const newest = lastActions
      .map((action) => action.position)
      .sort((a, b) => Number(a.split(':')[2]) - Number(b.split(':')[2]))
      .at(-1);
    const view = await system.query(`/posts/${postId}?consistentWith=${newest}`, ann.token);
    expect(view.body['likeCount']).toBe(expected);
    const feed = await system.query(`/feed?author=${ann.id}&limit=5`, ann.token);
    expect(items(feed).find((item) => item['id'] === postId)).toMatchObject({ likeCount: expected });
    const stored = await system.db
      .collection(collectionOf({ name: 'feed', version: 1 }))
      .findOne({ _id: postId as never });
    expect((stored?.['likedBy'] as string[]).length).toBe(expected);
  });

  it('builds the same feed documents when its projection replays the log, twice over', async () => {
    const feed = projections.find((projection) => projection.name === 'feed') as Projection;
    const live = system.db.collection(collectionOf(feed));
    const withoutRev = (docs: Array<Record<string, unknown>>) =>
      docs
        .map(({ _rev: _ignored, _epoch: _alsoIgnored, ...rest }) => rest)
        .sort((a, b) => String(a['_id']).localeCompare(String(b['_id'])));
    const replayDb = await mongoose
      .createConnection(process.env['MONGO_URL'] ?? '', { dbName: `replay_${randomUUID().slice(0, 8)}` })
      .asPromise();
    const replayOnce = async () => {
      await system.replay(feed, replayDb);
      return replayDb.collection(collectionOf(feed)).find({}).toArray();
    };
    try {
      const first = await replayOnce();
      const liveDocs = await live.find({}).toArray();
      expect(first.length).toBeGreaterThan(5);
      expect(withoutRev(first)).toEqual(withoutRev(liveDocs));
      // Again from the start, over the documents it built: nothing changes, not even a revision.
      await rewindCheckpoint(replayDb, projectionKey(feed));
      const second = await replayOnce();
      expect(second.sort((a, b) => String(a._id).localeCompare(String(b._id)))).toEqual(
        first.sort((a, b) => String(a._id).localeCompare(String(b._id))),
      );
    } finally {
      await replayDb.dropDatabase();
      await replayDb.close();
    }
  }, 120_000);
});
