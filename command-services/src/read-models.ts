import type mongoose from 'mongoose';
import { ActiveCollections } from '@engage/projectors';

/**
 * What commands need to know beyond their own aggregate, read from the read models (the active
 * version of each). It may trail the log by moments, as every read model does.
 */
export class ReadModels {
  private readonly collections: ActiveCollections;

  constructor(db: mongoose.Connection) {
    this.collections = new ActiveCollections(db);
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
