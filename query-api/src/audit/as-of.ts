/** An audit-log event as the as-of fold reads it, in log order per aggregate. */
export interface LoggedFact {
  readonly type: string;
  readonly position: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface KudosAsOf {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly reason: string;
  readonly givenAt: number;
  /** Revoked by a revocation recorded by then. */
  readonly revoked: boolean;
  readonly revokedAt: number | null;
}

export interface KudosSide {
  /** Kudos not revoked by then. */
  readonly total: number;
  readonly byKind: Record<string, number>;
  readonly items: KudosAsOf[];
}

export interface StatusAsOf {
  readonly status: string;
  readonly reason: string;
  readonly effectiveAt: number;
  readonly recordedAt: number;
  readonly setBy: string;
  readonly position: string;
}

export interface UserAsOf {
  readonly received: KudosSide;
  readonly given: KudosSide;
  readonly status: StatusAsOf | null;
  /** Events of this person that were folded (recorded by then or not). */
  readonly eventsRead: number;
}

const side = (items: KudosAsOf[]): KudosSide => {
  const byKind: Record<string, number> = {};
  let total = 0;
  for (const item of items) {
    if (item.revoked) continue;
    total += 1;
    byKind[item.kind] = (byKind[item.kind] ?? 0) + 1;
  }
  return { total, byKind, items };
};

/**
 * A person's kudos and status as they stood at `asOf`, folded from their events. Kudos (given or
 * received) count when given by `asOf`, and a revocation applies only when recorded by `asOf`.
 * Status is bitemporal: the status effective at `asOf` among those recorded by `knownAt`
 * (everything recorded, when it is absent), so a backdated correction recorded later does not
 * rewrite what was known then. With `knownAt` before `asOf`, kudos recorded after `knownAt` are left
 * out too.
 */
export function userAsOf(
  userId: string,
  facts: readonly LoggedFact[],
  asOf: number,
  knownAt: number | undefined,
): UserAsOf {
  const kudosBound = Math.min(asOf, knownAt ?? Number.POSITIVE_INFINITY);
  const statusBound = knownAt ?? Number.POSITIVE_INFINITY;
  const kudos = new Map<string, KudosAsOf>();
  let status: StatusAsOf | null = null;
  for (const fact of facts) {
    const data = fact.data;
    switch (fact.type) {
      case 'KudosGiven': {
        const givenAt = data['givenAt'] as number;
        if (givenAt > kudosBound) break;
        kudos.set(data['kudosId'] as string, {
          id: data['kudosId'] as string,
          from: data['from'] as string,
          to: data['to'] as string,
          kind: data['kindId'] as string,
          reason: data['reason'] as string,
          givenAt,
          revoked: false,
          revokedAt: null,
        });
        break;
      }
      case 'KudosRevoked': {
        const revokedAt = data['revokedAt'] as number;
        const known = kudos.get(data['kudosId'] as string);
        if (revokedAt > kudosBound || known === undefined) break;
        kudos.set(known.id, { ...known, revoked: true, revokedAt });
        break;
      }
      case 'StatusSet': {
        const effectiveAt = data['effectiveAt'] as number;
        const recordedAt = data['recordedAt'] as number;
        if (data['userId'] !== userId || recordedAt > statusBound || effectiveAt > asOf) break;
        // The latest effective wins; of two effective at once, the one recorded later (it corrects).
        if (status === null || effectiveAt >= status.effectiveAt) {
          status = {
            status: data['statusId'] as string,
            reason: data['reason'] as string,
            effectiveAt,
            recordedAt,
            setBy: data['setBy'] as string,
            position: fact.position,
          };
        }
        break;
      }
      default:
        break;
    }
  }
  const all = [...kudos.values()].sort((a, b) => a.givenAt - b.givenAt || a.id.localeCompare(b.id));
  return {
    received: side(all.filter((item) => item.to === userId)),
    given: side(all.filter((item) => item.from === userId)),
    status,
    eventsRead: facts.length,
  };
}
