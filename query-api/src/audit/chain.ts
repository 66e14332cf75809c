import {
  decodeHeaders,
  eventHash,
  formatPosition,
  genesisHash,
  type Headers,
  type Position,
} from '@engage/event-log';

/** A record as the checker needs it: where it is and what is stored, undecoded. */
export interface LoggedRecord {
  readonly position: Position;
  readonly headers: Headers;
  readonly value: Buffer | null;
}

/** An event whose previous-hash header does not name the hash of the event before it. */
export interface BrokenLink {
  readonly position: string;
  readonly aggregateId: string;
  readonly version: number;
  /** The hash of the aggregate's previous event as stored now (genesis for a first event). */
  readonly expectedPrevHash: string;
  /** What the event says its predecessor's hash was. */
  readonly foundPrevHash: string;
  /** The event before it in the chain: it, or this one, was changed (null for a first event). */
  readonly previousPosition: string | null;
}

export interface ChainReport {
  /** True when every chain and version sequence checked is whole. */
  readonly holds: boolean;
  readonly checked: number;
  readonly aggregates: number;
  readonly firstBrokenLink: BrokenLink | null;
  readonly brokenLinks: BrokenLink[];
  readonly missingVersions: Array<{ aggregateId: string; versions: number[] }>;
  readonly reordered: Array<{ aggregateId: string; position: string; version: number; after: number }>;
  readonly unreadable: Array<{ position: string; reason: string }>;
}

interface AggregateState {
  hash: string;
  lastPosition: string | null;
  highest: number;
  readonly versions: Set<number>;
}

/** How many of each finding a report names (the counts stay exact). */
const listed = 100;

const byPosition = (a: { position: string }, b: { position: string }) => {
  const [ta, pa, oa] = a.position.split(':');
  const [tb, pb, ob] = b.position.split(':');
  return (ta ?? '').localeCompare(tb ?? '') || Number(pa) - Number(pb) || Number(oa) - Number(ob);
};

/**
 * Checks hash chains and version sequences, record by record in log order (an aggregate's records
 * are in one partition, in order). Each event's hash is recomputed from what is stored, so a changed
 * body shows as a broken link at the next event of its aggregate.
 */
export class ChainChecker {
  private readonly aggregates = new Map<string, AggregateState>();
  private readonly brokenLinks: BrokenLink[] = [];
  private readonly reordered: ChainReport['reordered'] = [];
  private readonly unreadable: ChainReport['unreadable'] = [];
  private checked = 0;

  add(record: LoggedRecord): void {
    const position = formatPosition(record.position);
    let decoded: ReturnType<typeof decodeHeaders>;
    try {
      if (record.value === null || record.value.length < 5) throw new Error('the record has no event value');
      decoded = decodeHeaders(record.headers);
    } catch (error) {
      this.unreadable.push({ position, reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    const { type, metadata } = decoded;
    this.checked += 1;
    let state = this.aggregates.get(metadata.aggregateId);
    if (state === undefined) {
      state = { hash: genesisHash, lastPosition: null, highest: 0, versions: new Set() };
      this.aggregates.set(metadata.aggregateId, state);
    }
    if (metadata.prevHash !== state.hash) {
      this.brokenLinks.push({
        position,
        aggregateId: metadata.aggregateId,
        version: metadata.aggregateVersion,
        expectedPrevHash: state.hash,
        foundPrevHash: metadata.prevHash,
        previousPosition: state.lastPosition,
      });
    }
    if (metadata.aggregateVersion <= state.highest) {
      this.reordered.push({
        aggregateId: metadata.aggregateId,
        position,
        version: metadata.aggregateVersion,
        after: state.highest,
      });
    }
    state.highest = Math.max(state.highest, metadata.aggregateVersion);
    state.versions.add(metadata.aggregateVersion);
    state.hash = eventHash(type, metadata, record.value);
    state.lastPosition = position;
  }

  report(): ChainReport {
    const missingVersions: ChainReport['missingVersions'] = [];
    for (const [aggregateId, state] of this.aggregates) {
      const versions: number[] = [];
      for (let version = 1; version <= state.highest && versions.length < listed; version += 1)
        if (!state.versions.has(version)) versions.push(version);
      if (versions.length > 0) missingVersions.push({ aggregateId, versions });
    }
    const brokenLinks = [...this.brokenLinks].sort(byPosition);
    return {
      holds:
        brokenLinks.length === 0 &&
        missingVersions.length === 0 &&
        this.reordered.length === 0 &&
        this.unreadable.length === 0,
      checked: this.checked,
      aggregates: this.aggregates.size,
      firstBrokenLink: brokenLinks[0] ?? null,
      brokenLinks: brokenLinks.slice(0, listed),
      missingVersions: missingVersions.slice(0, listed),
      reordered: [...this.reordered].sort(byPosition).slice(0, listed),
      unreadable: [...this.unreadable].sort(byPosition).slice(0, listed),
    };
  }
}
