import type mongoose from 'mongoose';
import { ActiveCollections, projections, type LogEndsSource } from '@engage/projectors';
import { DomainError } from './runtime/decider.ts';
import { refusalOf } from './runtime/errors.ts';

/** The refusals a lagging read model can cause: a miss (404), a rule (403, 409) or a bad reference (400). */
const refusable = new Set([400, 403, 404, 409]);

/**
 * What commands need to know beyond their own aggregate, read from the read models (the active
 * version of each). It may trail the log by moments, as every read model does; `settle` makes a
 * command that read it never refuse because of that.
 */
export class ReadModels {
  private readonly collections: ActiveCollections;
  private readonly topicPrefix: string;

  /** `log`: where the log ends, so a refused command can wait for the read models it read. */
  constructor(db: mongoose.Connection, topicPrefix = '', log?: LogEndsSource) {
    this.topicPrefix = topicPrefix;
    this.collections = new ActiveCollections(db, { log, topicPrefix, projections });
  }

  /**
   * Runs a command's handler; if it is refused (a domain error: 400, 403, 404, 409) after reading
   * read models that had not yet applied the log as it stood, waits (at most `timeoutMs`) until
   * they have and runs it once more. The happy path pays nothing.
   */
  settle<T>(handler: () => Promise<T>, timeoutMs = 2_000): Promise<T> {
    return this.collections.settle(
      handler,
      (error) => error instanceof DomainError && refusable.has(refusalOf(error)?.statusCode ?? 500),
      timeoutMs,
    );
  }

  /**
   * Waits (bounded) until read models `names` have applied the log as far as it reaches now; false
   * when they had not within `timeoutMs`.
   */
  async caughtUp(names: readonly string[], timeoutMs = 2_000): Promise<boolean> {
    return (await this.collections.catchUp(names, timeoutMs)).reached;
  }

  /** The read models that show uploaded files (see `showing`). */
  static readonly showingFiles = ['user-profile', 'initiatives', 'feed'] as const;

  /** Who shows file `fileId`: profiles as their avatar, initiatives as their cover, posts as an image. */
  async showing(fileId: string): Promise<{ users: string[]; initiatives: string[]; posts: string[] }> {
    const ids = async (name: string, field: string): Promise<string[]> => {
      const collection = await this.collections.collection<{ _id: string }>(name);
      const docs = await collection.find({ [field]: fileId }, { projection: { _id: 1 } }).toArray();
      return docs.map((doc) => doc._id);
    };
    const [users, initiatives, posts] = await Promise.all([
      ids('user-profile', 'avatar.id'),
      ids('initiatives', 'cover.id'),
      ids('feed', 'images.id'),
    ]);
    return { users, initiatives, posts };
  }

  /**
   * A command that depends on an earlier write of the same client (post in the initiative I just
   * joined) names that write's position; this waits (bounded) until `projection` has applied it.
   */
  consistentWith(projection: string, topic: string, position: string | undefined): Promise<void> {
    return this.collections.consistentWith(projection, [`${this.topicPrefix}${topic}`], position);
  }

  initiative(id: string) {
    return this.find<{
      _id: string;
      visibility: 'public' | 'invite-only';
      archived: boolean;
      owner: string;
      members: Array<{ userId: string; role: string }>;
    }>('initiatives', id);
  }

  /** An uploaded file (gone once deleted): whose it is, what for, and its variants. */
  file(id: string) {
    return this.find<{
      _id: string;
      owner: string;
      purpose: string;
      variants: Array<{ name: string; url: string; width: number; height: number }>;
    }>('files', id);
  }

  notification(id: string) {
    return this.find<{ _id: string; recipient: string }>('notifications', id);
  }

  /** A post as the feed holds it: where it lives, and its images. */
  post(id: string) {
    return this.find<{
      _id: string;
      initiative: string | null;
      images?: Array<{
        id: string;
        variants: Record<string, { url: string; width: number; height: number }>;
      }>;
    }>('feed', id);
  }

  private async find<T>(name: string, id: string): Promise<T | null> {
    return (await (await this.collections.collection(name)).findOne({ _id: id } as never)) as T | null;
  }

  user(id: string) {
    return this.find<{ _id: string; email: string; roles: string[]; active: boolean; registered: boolean }>(
      'user-profile',
      id,
    );
  }

  /** A registered person's profile as the read model holds it. */
  async profile(id: string) {
    const doc = await this.find<{
      _id: string;
      email: string;
      firstName: string;
      lastName: string;
      bio: string | null;
      birthDate: string | null;
      mobile: string | null;
      gender: string | null;
      avatar: string | null;
      registered: boolean;
    }>('user-profile', id);
    return doc?.registered ? doc : null;
  }

  role(id: string) {
    return this.find<{ _id: string; permissions: string[] }>('roles', id);
  }

  /** An entry of a catalog whose names are unique, with its name. */
  catalogEntry(catalog: 'kudos-kinds' | 'statuses' | 'genders', id: string) {
    return this.find<{ _id: string; name: string; active: boolean }>(catalog, id);
  }

  gender(id: string) {
    return this.find<{ _id: string; active: boolean }>('genders', id);
  }

  kudosKind(id: string) {
    return this.find<{ _id: string; active: boolean }>('kudos-kinds', id);
  }

  status(id: string) {
    return this.find<{ _id: string; active: boolean }>('statuses', id);
  }

  kudos(id: string) {
    return this.find<{ _id: string; from: string; to: string }>('kudos', id);
  }

  budget() {
    return this.find<{ perPeriod: number; period: 'WEEK' | 'MONTH' }>('kudos-budget', 'kudos-budget');
  }

  /** The permissions a set of roles grants. */
  async permissionsOf(roles: readonly string[]): Promise<string[]> {
    const granted = new Set<string>();
    for (const role of roles)
      for (const permission of (await this.role(role))?.permissions ?? []) granted.add(permission);
    return [...granted].sort();
  }
}
