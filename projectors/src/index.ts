export { Projector } from './runtime/projector.ts';
export type { ProjectorOptions } from './runtime/projector.ts';
export { Rebuild } from './runtime/rebuild.ts';
export { startProjectors } from './service.ts';
export type { ProjectorsConfig, RunningProjectors } from './service.ts';
export type { RebuildProgress } from './runtime/rebuild.ts';
export { collectionOf, projectionKey } from './runtime/projection.ts';
export type { Bookkeeping, Projection, ReadModel } from './runtime/projection.ts';
export {
  advanceCheckpoint,
  hasApplied,
  readCheckpoint,
  rewindCheckpoint,
  waitForPosition,
} from './runtime/checkpoints.ts';
export { lagOf } from './runtime/lag.ts';
export type { ProjectionLag } from './runtime/lag.ts';
export { ActiveCollections, activeVersion, switchActiveVersion } from './runtime/versions.ts';
export type { ActiveCollectionsOptions, LogEndsSource } from './runtime/versions.ts';
export { kudosKindsProjection } from './kudos-kinds/projection.ts';
export type { KudosKindDocument } from './kudos-kinds/projection.ts';
export { projections } from './projections.ts';
export { everyone, notificationsOf } from './notifications/policy.ts';
export type { NotificationDocument, NotificationSpec } from './notifications/policy.ts';
export { inboxProjection, isBroadcastId, readsId } from './notifications/projection.ts';
export type { InboxDocument, ReadsDocument } from './notifications/projection.ts';
export type { AuditLogDocument } from './audit-log/projection.ts';
export type { GenderDocument, RoleDocument, StatusDocument } from './catalogs/projection.ts';
export type { CommentDocument, FeedDocument } from './feed/projection.ts';
export { filesProjection, imageViewOf, variantUrl } from './files/projection.ts';
export type { FileDocument, ImageView } from './files/projection.ts';
export type { InitiativeDocument } from './initiatives/projection.ts';
export type { KudosDocument } from './kudos/projection.ts';
export type { LeaderboardDocument } from './leaderboard/projection.ts';
export type { StatusHistoryDocument } from './status-history/projection.ts';
export type { UserProfileDocument } from './user-profile/projection.ts';
export {
  cancelRebuild,
  NotCaughtUpError,
  RebuildConflictError,
  RebuildRunner,
  rebuildsOf,
  requestRebuild,
  switchRebuild,
} from './runtime/rebuilds.ts';
export type { RebuildDocument, RebuildRunnerOptions, RebuildState } from './runtime/rebuilds.ts';
export { deadLettersOf } from './runtime/dead-letters.ts';
export type { DeadLetterDocument } from './runtime/dead-letters.ts';
export { shadowDiff } from './runtime/shadow-diff.ts';
export type { ShadowDiff } from './runtime/shadow-diff.ts';
export { DeadLetterRefusedError, DeadLetterStillFailsError, retryDeadLetter } from './runtime/retry.ts';
export type { RetryOptions } from './runtime/retry.ts';
