import { describe, expect, it } from '@jest/globals';
import { given } from '@engage/command-services';
import type { DomainEvent } from '@engage/event-log';
import { fileDecider, type UploadFile } from '../src/file/decider.ts';

const uploadedAt = Date.UTC(2026, 10, 24, 9, 0, 0);
const upload: UploadFile = {
  type: 'UploadFile',
  purpose: 'avatar',
  contentType: 'image/jpeg',
  bytes: 1000,
  width: 300,
  height: 200,
  sha256: 'ab'.repeat(32),
  variants: [
    { name: '64', contentType: 'image/webp', width: 64, height: 64, bytes: 500, storageKey: 'f-1/64' },
  ],
};
const uploaded: DomainEvent = {
  type: 'FileUploaded',
  data: {
    fileId: 'f-1',
    ownerId: 'ann',
    purpose: 'avatar',
    contentType: 'image/jpeg',
    bytes: 1000,
    width: 300,
    height: 200,
    sha256: 'ab'.repeat(32),
    variants: [...upload.variants],
    uploadedAt,
  },
};

describe('the file decider', () => {
  it('records an upload with its owner, purpose and hash', () => {
    given(fileDecider).when(upload, { aggregateId: 'f-1', actor: 'ann', now: uploadedAt }).then([uploaded]);
  });

  it('refuses a second upload under the same id', () => {
    given(fileDecider, [uploaded])
      .when(upload, { aggregateId: 'f-1', actor: 'ann' })
      .thenRejects('FILE_EXISTS');
  });

  it('lets the owner delete, and refuses anyone else unless they moderate the purpose', () => {
    const deleted = given(fileDecider, [uploaded])
      .when({ type: 'DeleteFile', moderates: [] }, { aggregateId: 'f-1', actor: 'ann', now: uploadedAt + 1 })
      .accepted();
    expect(deleted).toEqual([
      { type: 'FileDeleted', data: { fileId: 'f-1', deletedBy: 'ann', deletedAt: uploadedAt + 1 } },
    ]);
    given(fileDecider, [uploaded])
      .when({ type: 'DeleteFile', moderates: ['post'] }, { aggregateId: 'f-1', actor: 'bob' })
      .thenRejects('FORBIDDEN');
    given(fileDecider, [uploaded])
      .when({ type: 'DeleteFile', moderates: ['avatar'] }, { aggregateId: 'f-1', actor: 'root' })
      .accepted();
  });

  it('knows no file that was never uploaded or is deleted', () => {
    given(fileDecider).when({ type: 'DeleteFile', moderates: [] }).thenRejects('FILE_NOT_FOUND');
    given(fileDecider, [
      uploaded,
      ...given(fileDecider, [uploaded])
        .when({ type: 'DeleteFile', moderates: [] }, { actor: 'ann' })
        .accepted(),
    ])
      .when({ type: 'DeleteFile', moderates: [] }, { actor: 'ann' })
      .thenRejects('FILE_NOT_FOUND');
  });
});
