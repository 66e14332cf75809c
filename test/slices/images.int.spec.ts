// Avatars, initiative covers and post images: uploaded to the file service, then named by the
// command that uses them at once, checked (exists, the sender's, the right purpose) and shown by
// the read models with their variants' URLs. Through HTTP, real Kafka, registry and MongoDB.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import sharp from 'sharp';
import { collectionOf, projections, type Projection } from '@engage/projectors';
import { startSystem, type Answer, type Person, type System } from './system.ts';

const admin = { email: 'images.admin@example.com', password: 'the admin passphrase, long' };

describe('images through HTTP', () => {
  let system: System;
  let photo: Buffer;

  const person = (name: string) => system.person(name, 'posts:write');
  const positionOf = (answer: Answer) => String(answer.body['position']);
  const filesUrl = () => system.files?.address ?? '';

  /** Uploads the test photo for `purpose` as `who`; the file id. */
  const upload = async (who: Person, purpose: 'avatar' | 'cover' | 'post'): Promise<string> => {
    const form = new FormData();
    form.append('purpose', purpose);
    form.append('file', new Blob([new Uint8Array(photo)]), 'photo.jpg');
    const response = await fetch(`${filesUrl()}/files`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${who.token}` },
    });
    const body = (await response.json()) as { id: string };
    expect(response.status).toBe(201);
    return body.id;
  };

  const remove = (who: Person, fileId: string) =>
    fetch(`${filesUrl()}/files/${fileId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${who.token}` },
    });

  /** Asks `read` again (at most 30 s) until it answers what `done` wants; its last answer. */
  const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  const refusal = (answer: Answer) => [answer.status, answer.body['code'], answer.body['field']];

  beforeAll(async () => {
    system = await startSystem(admin, { files: true });
    photo = await sharp({
      create: { width: 1600, height: 1000, channels: 3, background: { r: 40, g: 120, b: 200 } },
    })
      .jpeg()
      .toBuffer();
  }, 180_000);

  afterAll(async () => {
    await (system as System | undefined)?.stop();
  });

  it('sets an avatar uploaded a moment ago, and the profile and feed show its variants', async () => {
    const ann = await person('Ann');
    const avatar = await upload(ann, 'avatar');
    // At once: the files read model may not hold the upload yet; the command waits for it.
    const changed = await system.command('PATCH', `/users/${ann.id}`, ann.token, { avatar });
    expect(changed.status).toBe(200);
    const profile = await system.query(`/users/${ann.id}?consistentWith=${positionOf(changed)}`, ann.token);
    expect(profile.body['avatar']).toEqual({
      id: avatar,
      variants: {
        '256': { url: `/files/${avatar}/256`, width: 256, height: 256 },
        '64': { url: `/files/${avatar}/64`, width: 64, height: 64 },
      },
    });
    const image = await fetch(`${filesUrl()}/files/${avatar}/64`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/webp');

    const posted = await system.command('POST', '/posts', ann.token, { text: 'Hello' });
    const feed = await system.query(`/feed?consistentWith=${positionOf(posted)}`, ann.token);
    const item = (feed.body['items'] as Array<Record<string, unknown>>).find(
      (each) => each['id'] === posted.body['id'],
    );
    expect(item?.['author']).toMatchObject({ id: ann.id, avatar: { id: avatar } });

    // Changing something else keeps the avatar; null removes it.
    const renamed = await system.command('PATCH', `/users/${ann.id}`, ann.token, { bio: 'Plants' });
    const kept = await system.query(`/users/${ann.id}?consistentWith=${positionOf(renamed)}`, ann.token);
    expect(kept.body).toMatchObject({ bio: 'Plants', avatar: { id: avatar } });
    const removed = await system.command('PATCH', `/users/${ann.id}`, ann.token, { avatar: null });
    const gone = await system.query(`/users/${ann.id}?consistentWith=${positionOf(removed)}`, ann.token);
    expect(gone.body['avatar']).toBeNull();
  });

  it('refuses unknown, foreign and wrong-purpose files, naming the field', async () => {
    const ann = await person('Ann');
    const bob = await person('Bob');
    const bobs = await upload(bob, 'avatar');
    const annsPostImage = await upload(ann, 'post');
    const annsCover = await upload(ann, 'cover');
    const patch = (avatar: string) => system.command('PATCH', `/users/${ann.id}`, ann.token, { avatar });
    expect(refusal(await patch('no-such-file'))).toEqual([400, 'UNKNOWN_FILE', 'avatar']);
    expect(refusal(await patch(bobs))).toEqual([400, 'NOT_YOUR_FILE', 'avatar']);
    expect(refusal(await patch(annsPostImage))).toEqual([400, 'WRONG_FILE_PURPOSE', 'avatar']);

    const initiative = (cover: string) =>
      system.command('POST', '/initiatives', ann.token, { name: 'Bees', visibility: 'public', cover });
    expect(refusal(await initiative(annsPostImage))).toEqual([400, 'WRONG_FILE_PURPOSE', 'cover']);
    expect(refusal(await initiative('no-such-file'))).toEqual([400, 'UNKNOWN_FILE', 'cover']);

    const post = (images: string[]) => system.command('POST', '/posts', ann.token, { text: 'Look', images });
    expect(refusal(await post([annsPostImage, annsCover]))).toEqual([400, 'WRONG_FILE_PURPOSE', 'images']);
    expect(refusal(await post([bobs]))).toEqual([400, 'NOT_YOUR_FILE', 'images']);
    const tooMany = await post(Array.from({ length: 11 }, () => annsPostImage));
    expect(tooMany.status).toBe(400);

    // A deleted file is no file.
    const deleted = await fetch(`${filesUrl()}/files/${annsCover}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ann.token}` },
    });
    expect(deleted.status).toBe(200);
    expect(refusal(await initiative(annsCover))).toEqual([400, 'UNKNOWN_FILE', 'cover']);
  });

  it('gives an initiative a cover, on creation and by a change, shown with its variants', async () => {
    const ann = await person('Ann');
    const cover = await upload(ann, 'cover');
    const created = await system.command('POST', '/initiatives', ann.token, {
      name: 'Green Office',
      visibility: 'public',
      cover,
    });
    expect(created.status).toBe(201);
    const id = String(created.body['id']);
    const shown = await system.query(`/initiatives/${id}?consistentWith=${positionOf(created)}`, ann.token);
    expect(shown.body['cover']).toEqual({
      id: cover,
      variants: {
        '1280x720': { url: `/files/${cover}/1280x720`, width: 1280, height: 720 },
        '640x360': { url: `/files/${cover}/640x360`, width: 640, height: 360 },
      },
    });
    const another = await upload(ann, 'cover');
    const changed = await system.command('PATCH', `/initiatives/${id}`, ann.token, { cover: another });
    expect(changed.status).toBe(200);
    const list = await system.query(`/initiatives?consistentWith=${positionOf(changed)}`, ann.token);
    const item = (list.body['items'] as Array<Record<string, unknown>>).find((each) => each['id'] === id);
    expect(item?.['cover']).toMatchObject({ id: another });
  });

  it('posts images in the order given, and the feed item carries their variants', async () => {
    const ann = await person('Ann');
    const [first, second] = [await upload(ann, 'post'), await upload(ann, 'post')];
    const posted = await system.command('POST', '/posts', ann.token, {
      text: 'Our new plants',
      images: [second ?? '', first ?? ''],
    });
    expect(posted.status).toBe(201);
    const feed = await system.query(`/feed?consistentWith=${positionOf(posted)}`, ann.token);
    const item = (feed.body['items'] as Array<Record<string, unknown>>).find(
      (each) => each['id'] === posted.body['id'],
    );
    expect(item?.['images']).toEqual([
      {
        id: second,
        variants: {
          '1920': { url: `/files/${second}/1920`, width: 1600, height: 1000 },
          '1280': { url: `/files/${second}/1280`, width: 1280, height: 800 },
          '640': { url: `/files/${second}/640`, width: 640, height: 400 },
        },
      },
      expect.objectContaining({ id: first }),
    ]);
    // An admin editing the post keeps Ann's images; adding one of their own works too.
    const moderator = await system.signIn(admin.email, admin.password, 'posts:moderate');
    const edited = await system.command('PATCH', `/posts/${String(posted.body['id'])}`, moderator, {
      text: 'Our new plants (edited)',
      images: [first ?? ''],
    });
    expect(edited.status).toBe(200);

    // Ann's edit takes an image out and adds another; others' files and other purposes are refused.
    const postPath = `/posts/${String(posted.body['id'])}`;
    const edit = (images: string[]) =>
      system.command('PATCH', postPath, ann.token, { text: 'Edited', images });
    const bob = await person('Bob');
    expect(refusal(await edit([first ?? '', await upload(bob, 'post')]))).toEqual([
      400,
      'NOT_YOUR_FILE',
      'images',
    ]);
    expect(refusal(await edit([await upload(ann, 'cover')]))).toEqual([400, 'WRONG_FILE_PURPOSE', 'images']);
    expect(refusal(await edit(['no-such-file']))).toEqual([400, 'UNKNOWN_FILE', 'images']);
    expect((await edit(Array.from({ length: 11 }, (_, i) => `f${i}`))).status).toBe(400);
    const third = await upload(ann, 'post');
    const changed = await edit([third, first ?? '']);
    expect(changed.status).toBe(200);
    const after = await system.query(`/feed?consistentWith=${positionOf(changed)}`, ann.token);
    const shown = (after.body['items'] as Array<Record<string, unknown>>).find(
      (each) => each['id'] === posted.body['id'],
    );
    expect((shown?.['images'] as Array<{ id: string }>).map((image) => image.id)).toEqual([third, first]);
  });

  it('stops showing a deleted file: no avatar on the profile, no cover, the post keeps its other image', async () => {
    const ann = await person('Ann');
    const bob = await person('Bob');
    const [avatar, cover, first, second] = [
      await upload(ann, 'avatar'),
      await upload(ann, 'cover'),
      await upload(ann, 'post'),
      await upload(ann, 'post'),
    ];
    await system.command('PATCH', `/users/${ann.id}`, ann.token, { avatar });
    const created = await system.command('POST', '/initiatives', ann.token, {
      name: 'Meadow',
      visibility: 'public',
      cover,
    });
    const initiativeId = String(created.body['id']);
    const posted = await system.command('POST', '/posts', ann.token, {
      text: 'Two',
      images: [first, second],
    });
    const postId = String(posted.body['id']);

    for (const fileId of [avatar, cover, first]) expect((await remove(ann, fileId)).status).toBe(200);

    // Each piece that showed a file records that it no longer does, in its own log, a moment later.
    const profile = await eventually(
      () => system.query(`/users/${ann.id}`, bob.token),
      (answer) => answer.body['avatar'] === null,
    );
    expect(profile.body['avatar']).toBeNull();
    const initiative = await eventually(
      () => system.query(`/initiatives/${initiativeId}`, bob.token),
      (answer) => answer.body['cover'] === null,
    );
    expect(initiative.body['cover']).toBeNull();
    const postImages = async () => {
      const feed = await system.query('/feed', bob.token);
      const item = (feed.body['items'] as Array<Record<string, unknown>>).find(
        (each) => each['id'] === postId,
      );
      return (item?.['images'] as Array<{ id: string }> | undefined)?.map((image) => image.id);
    };
    expect(await eventually(postImages, (ids) => ids?.length === 1)).toEqual([second]);
    expect((await fetch(`${filesUrl()}/files/${first}/640`)).status).toBe(404);

    // A feed rebuilt from the log alone agrees: the removal is in the post's own history.
    const feed = projections.find((projection) => projection.name === 'feed') as Projection;
    const replayDb = await mongoose
      .createConnection(process.env['MONGO_URL'] ?? '', { dbName: `replay_${randomUUID().slice(0, 8)}` })
      .asPromise();
    try {
      await system.replay(feed, replayDb);
      const rebuilt = await replayDb.collection(collectionOf(feed)).findOne({ _id: postId as never });
      expect((rebuilt?.['images'] as Array<{ id: string }>).map((image) => image.id)).toEqual([second]);
    } finally {
      await replayDb.dropDatabase();
      await replayDb.close();
    }
  });
});
