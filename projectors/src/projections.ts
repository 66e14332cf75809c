import { auditLogProjection } from './audit-log/projection.ts';
import { commentsProjection, feedProjection } from './feed/projection.ts';
import { filesProjection } from './files/projection.ts';
import { initiativesProjection } from './initiatives/projection.ts';
import { inboxProjection } from './notifications/projection.ts';
import {
  gendersProjection,
  kudosBudgetProjection,
  rolesProjection,
  statusesProjection,
} from './catalogs/projection.ts';
import { kudosKindsProjection } from './kudos-kinds/projection.ts';
import { kudosProjection } from './kudos/projection.ts';
import { leaderboardProjection } from './leaderboard/projection.ts';
import type { Projection } from './runtime/projection.ts';
import { statusHistoryProjection } from './status-history/projection.ts';
import { userProfileProjection } from './user-profile/projection.ts';

/** Every read model the projectors service keeps. */
export const projections = [
  kudosKindsProjection,
  statusesProjection,
  rolesProjection,
  kudosBudgetProjection,
  gendersProjection,
  userProfileProjection,
  kudosProjection,
  statusHistoryProjection,
  leaderboardProjection,
  auditLogProjection,
  initiativesProjection,
  feedProjection,
  commentsProjection,
  inboxProjection,
  filesProjection,
] as unknown as readonly Projection[];
