import type { Readable } from 'node:stream';

/** What is kept beside each stored object. */
export interface StoredObject {
  readonly key: string;
  readonly contentType: string;
  readonly length: number;
  /** Strong validator: the SHA-256 of the bytes, hex. */
  readonly sha256: string;
}

/** Where variant bytes live: GridFS by default, anything with the same four operations otherwise. */
export interface FileStorage {
  put(key: string, data: Buffer, contentType: string): Promise<StoredObject>;
  stat(key: string): Promise<StoredObject | undefined>;
  /** The bytes from `start` up to and including `end` (both default to the whole object). */
  read(key: string, range?: { readonly start: number; readonly end: number }): Readable;
  /** Removes every object whose key starts with `prefix` (all variants of one file). */
  removeAll(prefix: string): Promise<number>;
}
