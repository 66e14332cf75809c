import { describe, expect, it } from '@jest/globals';
import type { DomainEvent } from '@engage/event-log';
import { given } from '../runtime/given-when-then.ts';
import { postDecider, type PostCommand, type PostPlace } from './decider.ts';

const now = Date.UTC(2026, 10, 25, 9, 0);
const by = (actor: string) => ({ aggregateId: 'p1', actor, now });
const company: PostPlace = { kind: 'company' };
const initiative = (overrides: Partial<Extract<PostPlace, { kind: 'initiative' }>> = {}): PostPlace => ({
  kind: 'initiative',
  initiativeId: 'i1',
  exists: true,
  archived: false,
  authorIsMember: true,
  ...overrides,
});
const image = (fileId: string) => ({
  fileId,
  variants: [{ name: '640', url: `/files/${fileId}/640`, width: 640, height: 480 }],
});
const create = (place: PostPlace = company, text = 'Hello <b>all</b>'): PostCommand => ({
  type: 'CreatePost',
  data: { text, images: [image('f1'), image('f1')], mentions: ['bob'], place },
});
const created: DomainEvent = {
  type: 'PostCreated',
  data: {
    postId: 'p1',
    authorId: 'ann',
    text: 'Hi',
    initiativeId: null,
    imageFileIds: [],
    images: [],
    mentions: [],
    createdAt: now,
  },
};
const deleted: DomainEvent = {
  type: 'PostDeleted',
  data: { postId: 'p1', deletedBy: 'ann', deletedAt: now },
};
const comment = (commentId: string, authorId: string): DomainEvent => ({
  type: 'CommentPosted',
  data: { postId: 'p1', commentId, authorId, text: 'Nice', postedAt: now, postAuthorId: 'ann' },
});
const like: PostCommand = { type: 'LikePost', data: { canSee: true } };
const unlike: PostCommand = { type: 'UnlikePost', data: { canSee: true } };
const liked = (userId: string): DomainEvent => ({
  type: 'PostLiked',
  data: { postId: 'p1', userId, likedAt: now, postAuthorId: 'ann' },
});

describe('posts', () => {
  it('are created in the company feed, text stored as given, images and mentions once each', () => {
    given(postDecider)
      .when(create(), by('ann'))
      .then([
        {
          type: 'PostCreated',
          data: {
            postId: 'p1',
            authorId: 'ann',
            text: 'Hello <b>all</b>',
            initiativeId: null,
            imageFileIds: ['f1'],
            images: [image('f1')],
            mentions: ['bob'],
            createdAt: now,
          },
        },
      ]);
    given(postDecider).when(create(company, ''), by('ann')).thenRejects('INVALID_TEXT');
    given(postDecider)
      .when(create(company, 'x'.repeat(5001)), by('ann'))
      .thenRejects('INVALID_TEXT');
    given(postDecider)
      .when(create(company, 'x'.repeat(5000)), by('ann'))
      .accepted();
    given(postDecider)
      .when(
        {
          type: 'CreatePost',
          data: {
            text: 'x',
            images: Array.from({ length: 11 }, (_, i) => image(`f${i}`)),
            mentions: [],
            place: company,
          },
        },
        by('ann'),
      )
      .thenRejects('TOO_MANY_IMAGES');
  });

  it('go into an initiative only from its members, and not once it is archived', () => {
    const events = given(postDecider).when(create(initiative()), by('ann')).accepted();
    expect(events[0]?.data).toMatchObject({ initiativeId: 'i1' });
    given(postDecider)
      .when(create(initiative({ authorIsMember: false })), by('ann'))
      .thenRejects('NOT_A_MEMBER');
    given(postDecider)
      .when(create(initiative({ archived: true })), by('ann'))
      .thenRejects('INITIATIVE_ARCHIVED');
    given(postDecider)
      .when(create(initiative({ exists: false })), by('ann'))
      .thenRejects('UNKNOWN_INITIATIVE');
  });

  it('are edited and deleted by their author or an admin; a deleted post takes no more changes', () => {
    const edit = (moderator = false): PostCommand => ({
      type: 'EditPost',
      data: { text: 'Edited', images: [], mentions: [], moderator },
    });
    const remove = (moderator = false): PostCommand => ({ type: 'DeletePost', data: { moderator } });
    expect(given(postDecider, [created]).when(edit(), by('ann')).accepted()[0]).toMatchObject({
      type: 'PostEdited',
      data: { text: 'Edited', editedBy: 'ann' },
    });
    given(postDecider, [created]).when(edit(), by('bob')).thenRejects('NOT_AUTHOR');
    given(postDecider, [created]).when(edit(true), by('admin')).accepted();
    given(postDecider, [created]).when(remove(), by('ann')).then([deleted]);
    given(postDecider, [created]).when(remove(), by('bob')).thenRejects('NOT_AUTHOR');
    given(postDecider, [created]).when(remove(true), by('admin')).accepted();
    given(postDecider, [created, deleted]).when(edit(), by('ann')).thenRejects('POST_DELETED');
    given(postDecider, [created, deleted]).when(remove(), by('ann')).thenRejects('POST_DELETED');
    given(postDecider).when(edit(), by('ann')).thenRejects('NOT_FOUND');
  });

  it('take comments of 1-2,000 characters on a visible, live post', () => {
    const post = (text: string, canSee = true): PostCommand => ({
      type: 'PostComment',
      data: { commentId: 'c1', text, canSee },
    });
    given(postDecider, [created])
      .when(post('Nice'), by('bob'))
      .then([comment('c1', 'bob')]);
    given(postDecider, [created]).when(post(''), by('bob')).thenRejects('INVALID_TEXT');
    given(postDecider, [created])
      .when(post('x'.repeat(2001)), by('bob'))
      .thenRejects('INVALID_TEXT');
    given(postDecider, [created, deleted]).when(post('Nice'), by('bob')).thenRejects('POST_DELETED');
    given(postDecider, [created]).when(post('Nice', false), by('bob')).thenRejects('NOT_FOUND');
  });

  it("let a comment be deleted by its author, the post's author or an admin", () => {
    const remove = (moderator = false): PostCommand => ({
      type: 'DeleteComment',
      data: { commentId: 'c1', moderator },
    });
    const history = [created, comment('c1', 'bob')];
    const removed: DomainEvent = {
      type: 'CommentDeleted',
      data: { postId: 'p1', commentId: 'c1', deletedBy: 'bob', deletedAt: now },
    };
    given(postDecider, history).when(remove(), by('bob')).then([removed]);
    given(postDecider, history).when(remove(), by('ann')).accepted();
    given(postDecider, history).when(remove(true), by('admin')).accepted();
    given(postDecider, history).when(remove(), by('cat')).thenRejects('NOT_AUTHOR');
    given(postDecider, [...history, removed])
      .when(remove(), by('bob'))
      .thenRejects('NOT_FOUND');
  });

  it('count likes exactly: liking twice and unliking what was not liked are no-ops', () => {
    given(postDecider, [created])
      .when(like, by('bob'))
      .then([liked('bob')]);
    given(postDecider, [created, liked('bob')])
      .when(like, by('bob'))
      .then([]);
    given(postDecider, [created, liked('bob')])
      .when(unlike, by('bob'))
      .then([{ type: 'PostUnliked', data: { postId: 'p1', userId: 'bob', unlikedAt: now } }]);
    given(postDecider, [created]).when(unlike, by('bob')).then([]);
    given(postDecider, [created, deleted]).when(like, by('bob')).thenRejects('POST_DELETED');
    given(postDecider, [created])
      .when({ type: 'LikePost', data: { canSee: false } }, by('bob'))
      .thenRejects('NOT_FOUND');
    expect(given(postDecider, [created, liked('bob'), liked('cat')]).state.likedBy.size).toBe(2);
  });

  it('stop showing a deleted image file, once; a file they never showed changes nothing', () => {
    const withImages: DomainEvent = {
      type: 'PostCreated',
      data: { ...(created.data as object), imageFileIds: ['f1', 'f2'], images: [image('f1'), image('f2')] },
    } as DomainEvent;
    const forget = (fileId: string): PostCommand => ({ type: 'ForgetDeletedFile', data: { fileId } });
    const removed: DomainEvent = {
      type: 'PostImageRemoved',
      data: { postId: 'p1', fileId: 'f1', removedAt: now },
    };
    given(postDecider, [withImages]).when(forget('f1'), by('ann')).then([removed]);
    given(postDecider, [withImages, removed]).when(forget('f1'), by('ann')).then([]);
    given(postDecider, [withImages]).when(forget('f9'), by('ann')).then([]);
    given(postDecider, [withImages, deleted]).when(forget('f1'), by('ann')).then([]);
  });
});
