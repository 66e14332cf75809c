import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import mongoose from 'mongoose';
import type { FileStorage, StoredObject } from './storage.ts';

interface GridMetadata {
  contentType: string;
  sha256: string;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * MongoDB GridFS through the driver's GridFSBucket (bucket `files`): the key is the GridFS
 * filename. Putting a key again replaces it (a retried upload with the same Idempotency-Key).
 */
export class GridFsStorage implements FileStorage {
  private readonly bucket: mongoose.mongo.GridFSBucket;

  constructor(db: mongoose.mongo.Db, bucketName = 'files') {
    this.bucket = new mongoose.mongo.GridFSBucket(db, { bucketName, chunkSizeBytes: 255 * 1024 });
  }

  async put(key: string, data: Buffer, contentType: string): Promise<StoredObject> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const earlier = await this.bucket.find({ filename: key }).toArray();
    await new Promise<void>((resolve, reject) => {
      const upload = this.bucket.openUploadStream(key, { metadata: { contentType, sha256 } });
      upload.once('finish', () => resolve());
      upload.once('error', reject);
      upload.end(data);
    });
    for (const file of earlier) await this.bucket.delete(file._id);
    return { key, contentType, length: data.length, sha256 };
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    const [file] = await this.bucket.find({ filename: key }).sort({ uploadDate: -1 }).limit(1).toArray();
    if (file === undefined) return undefined;
    const metadata = file.metadata as GridMetadata | undefined;
    return {
      key,
      contentType: metadata?.contentType ?? 'application/octet-stream',
      length: file.length,
      sha256: metadata?.sha256 ?? '',
    };
  }

  read(key: string, range?: { readonly start: number; readonly end: number }): Readable {
    // The driver's `end` is exclusive.
    return this.bucket.openDownloadStreamByName(
      key,
      range === undefined ? {} : { start: range.start, end: range.end + 1 },
    );
  }

  async removeAll(prefix: string): Promise<number> {
    const files = await this.bucket.find({ filename: { $regex: `^${escape(prefix)}` } }).toArray();
    for (const file of files) await this.bucket.delete(file._id);
    return files.length;
  }
}
