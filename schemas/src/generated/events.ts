// Generated from schemas/avro by `npm run generate -w schemas`. Do not edit.

/** A gender people may choose for their profile (or leave unset). */
export interface GenderCreated {
  readonly genderId: string;
  readonly name: string;
  readonly createdBy: string;
  readonly createdAt: number; // epoch milliseconds
}

export interface GenderUpdated {
  readonly genderId: string;
  readonly name: string;
  readonly active: boolean;
  readonly updatedBy: string;
  readonly updatedAt: number; // epoch milliseconds
}

export type KudosBudgetPeriod = 'WEEK' | 'MONTH';

/** How many kudos each person may give per period; unused budget does not roll over. */
export interface KudosBudgetChanged {
  readonly perPeriod: number;
  readonly period: KudosBudgetPeriod;
  readonly changedBy: string;
  readonly changedAt: number; // epoch milliseconds
}

/** A kind of kudos, tied to one of the company values. */
export interface KudosKindCreated {
  readonly kindId: string;
  readonly name: string;
  readonly description: string;
  readonly createdBy: string;
  readonly createdAt: number; // epoch milliseconds
}

export interface KudosKindRestored {
  readonly kindId: string;
  readonly restoredBy: string;
  readonly restoredAt: number; // epoch milliseconds
}

/** No new kudos of this kind; given ones stay. */
export interface KudosKindRetired {
  readonly kindId: string;
  readonly retiredBy: string;
  readonly retiredAt: number; // epoch milliseconds
}

export interface KudosKindUpdated {
  readonly kindId: string;
  readonly name: string;
  readonly description: string;
  readonly updatedBy: string;
  readonly updatedAt: number; // epoch milliseconds
}

/** A catalog entry took a name; its aggregate is the catalog and the name in NFC, case-folded, so no other entry of that catalog may take it in any case or Unicode form. */
export interface NameClaimed {
  readonly catalog: string;
  readonly name: string;
  readonly entryId: string;
  readonly claimedAt: number; // epoch milliseconds
}

/** A catalog entry gave a name back (it was renamed, or its creation was refused). */
export interface NameReleased {
  readonly catalog: string;
  readonly name: string;
  readonly entryId: string;
  readonly releasedAt: number; // epoch milliseconds
}

export interface RoleCreated {
  readonly roleId: string;
  readonly name: string;
  readonly description: string;
  readonly permissions: Array<string>;
  readonly createdBy: string;
  readonly createdAt: number; // epoch milliseconds
}

export interface RoleUpdated {
  readonly roleId: string;
  readonly name: string;
  readonly description: string;
  readonly permissions: Array<string>;
  readonly updatedBy: string;
  readonly updatedAt: number; // epoch milliseconds
}

/** A status people can set, such as "In the office". */
export interface StatusCreated {
  readonly statusId: string;
  readonly name: string;
  readonly description: string;
  readonly createdBy: string;
  readonly createdAt: number; // epoch milliseconds
}

export interface StatusUpdated {
  readonly statusId: string;
  readonly name: string;
  readonly description: string;
  readonly active: boolean;
  readonly updatedBy: string;
  readonly updatedAt: number; // epoch milliseconds
}

/** A file removed by its owner or a moderator; its bytes are gone. */
export interface FileDeleted {
  readonly fileId: string;
  readonly deletedBy: string;
  readonly deletedAt: number; // epoch milliseconds
}

export interface FileVariant {
  readonly name: string;
  readonly contentType: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly storageKey: string;
}

/** An image checked by content, stripped of metadata and resized into fixed variants. */
export interface FileUploaded {
  readonly fileId: string;
  readonly ownerId: string;
  readonly contentType: string;
  readonly bytes: number;
  readonly width: number;
  readonly height: number;
  readonly variants: Array<FileVariant>;
  readonly uploadedAt: number; // epoch milliseconds
  /** avatar, cover or post: which variants were made and where the file may be used. */
  readonly purpose: string;
  /** SHA-256 of the original upload, hex (empty for files uploaded before it was recorded). */
  readonly sha256: string;
}

/** No new members or posts after this. */
export interface InitiativeArchived {
  readonly initiativeId: string;
  readonly archivedBy: string;
  readonly archivedAt: number; // epoch milliseconds
}

/** The initiative's cover file was deleted: it shows no cover. */
export interface InitiativeCoverRemoved {
  readonly initiativeId: string;
  /** The deleted file (FileDeleted on the files topic caused this). */
  readonly fileId: string;
  readonly removedAt: number; // epoch milliseconds
}

export type InitiativeVisibility = 'PUBLIC' | 'INVITE_ONLY';

export interface ImageVariant {
  readonly name: string;
  readonly url: string;
  readonly width: number;
  readonly height: number;
}

/** A file used as an image, with its variants as the file service made them. */
export interface ImageRef {
  readonly fileId: string;
  readonly variants: Array<ImageVariant>;
}

export interface InitiativeCreated {
  readonly initiativeId: string;
  readonly name: string;
  readonly description: string;
  readonly visibility: InitiativeVisibility;
  readonly coverFileId: null | string;
  /** ISO date. */
  readonly startsAt: null | string;
  /** ISO date. */
  readonly endsAt: null | string;
  readonly ownerId: string;
  readonly createdAt: number; // epoch milliseconds
  /** The cover's variants (null in events written before v2, or without a cover). */
  readonly cover: null | ImageRef;
}

export interface InitiativeJoinRequestDeclined {
  readonly initiativeId: string;
  readonly userId: string;
  readonly declinedBy: string;
  readonly declinedAt: number; // epoch milliseconds
}

export interface InitiativeJoinRequested {
  readonly initiativeId: string;
  readonly userId: string;
  readonly requestedAt: number; // epoch milliseconds
  /** The initiative's owner at the time (null in events written before v2): whom to notify. */
  readonly ownerId: null | string;
}

/** Directly (public) or by an approved request (invite-only). */
export interface InitiativeMemberJoined {
  readonly initiativeId: string;
  readonly userId: string;
  readonly approvedBy: null | string;
  readonly joinedAt: number; // epoch milliseconds
  /** The initiative's owner at the time (null in events written before v2): whom to notify. */
  readonly ownerId: null | string;
}

export interface InitiativeMemberLeft {
  readonly initiativeId: string;
  readonly userId: string;
  readonly leftAt: number; // epoch milliseconds
}

export interface InitiativeMemberRemoved {
  readonly initiativeId: string;
  readonly userId: string;
  readonly removedBy: string;
  readonly removedAt: number; // epoch milliseconds
}

export interface InitiativeOwnershipTransferred {
  readonly initiativeId: string;
  readonly fromUserId: string;
  readonly toUserId: string;
  readonly transferredAt: number; // epoch milliseconds
}

/** The whole description as it stands after the change. */
export interface InitiativeUpdated {
  readonly initiativeId: string;
  readonly name: string;
  readonly description: string;
  readonly visibility: InitiativeVisibility;
  readonly coverFileId: null | string;
  readonly startsAt: null | string;
  readonly endsAt: null | string;
  readonly updatedBy: string;
  readonly updatedAt: number; // epoch milliseconds
  /** The cover's variants (null in events written before v2, or without a cover). */
  readonly cover: null | ImageRef;
}

/** Recognition from one person to another; its aggregate is the giver, whose budget it spends. */
export interface KudosGiven {
  readonly kudosId: string;
  readonly from: string;
  readonly to: string;
  readonly kindId: string;
  readonly reason: string;
  /** The budget period it was counted in, for example 2026-W48. */
  readonly budgetPeriod: string;
  readonly givenAt: number; // epoch milliseconds
}

/** Moderation: the kudos no longer counts and the giver gets the budget back. */
export interface KudosRevoked {
  readonly kudosId: string;
  readonly from: string;
  readonly to: string;
  readonly kindId: string;
  readonly budgetPeriod: string;
  readonly reason: string;
  readonly revokedBy: string;
  readonly revokedAt: number; // epoch milliseconds
  /** When the revoked kudos was given (null in events written before v2). */
  readonly givenAt: null | number;
}

/** Everything created up to upTo is read. */
export interface AllNotificationsRead {
  readonly recipientId: string;
  readonly upTo: number; // epoch milliseconds
  readonly readAt: number; // epoch milliseconds
}

/** A system-wide message from an admin to everyone. */
export interface BroadcastSent {
  readonly broadcastId: string;
  readonly title: string;
  readonly message: string;
  readonly sentBy: string;
  readonly sentAt: number; // epoch milliseconds
}

/** Its id is derived from its cause, so replaying history never notifies twice. */
export interface NotificationCreated {
  readonly notificationId: string;
  readonly recipientId: string;
  readonly type: string;
  /** JSON object, shaped by the type. */
  readonly data: string;
  readonly causeEventId: string;
  readonly createdAt: number; // epoch milliseconds
}

export interface NotificationRead {
  readonly notificationId: string;
  readonly recipientId: string;
  readonly readAt: number; // epoch milliseconds
}

export interface CommentDeleted {
  readonly postId: string;
  readonly commentId: string;
  readonly deletedBy: string;
  readonly deletedAt: number; // epoch milliseconds
}

export interface CommentPosted {
  readonly postId: string;
  readonly commentId: string;
  readonly authorId: string;
  readonly text: string;
  readonly postedAt: number; // epoch milliseconds
  /** Who wrote the post (null in events written before v2): whom to notify. */
  readonly postAuthorId: null | string;
}

export interface PostCreated {
  readonly postId: string;
  readonly authorId: string;
  readonly text: string;
  /** Null for the company feed. */
  readonly initiativeId: null | string;
  readonly imageFileIds: Array<string>;
  readonly mentions: Array<string>;
  readonly createdAt: number; // epoch milliseconds
  /** The images' variants, in imageFileIds' order (empty in events written before v2). */
  readonly images: Array<ImageRef>;
}

/** Gone from the feed; its history stays in the log. */
export interface PostDeleted {
  readonly postId: string;
  readonly deletedBy: string;
  readonly deletedAt: number; // epoch milliseconds
}

export interface PostEdited {
  readonly postId: string;
  readonly text: string;
  readonly imageFileIds: Array<string>;
  readonly mentions: Array<string>;
  readonly editedBy: string;
  readonly editedAt: number; // epoch milliseconds
  /** The images' variants, in imageFileIds' order (empty in events written before v2). */
  readonly images: Array<ImageRef>;
}

/** One of the post's image files was deleted: the post no longer shows it. */
export interface PostImageRemoved {
  readonly postId: string;
  /** The deleted file (FileDeleted on the files topic caused this). */
  readonly fileId: string;
  readonly removedAt: number; // epoch milliseconds
}

export interface PostLiked {
  readonly postId: string;
  readonly userId: string;
  readonly likedAt: number; // epoch milliseconds
  /** Who wrote the post (null in events written before v2): whom to notify. */
  readonly postAuthorId: null | string;
}

export interface PostUnliked {
  readonly postId: string;
  readonly userId: string;
  readonly unlikedAt: number; // epoch milliseconds
}

/** Both when it took effect and when it was recorded, so a backdated correction never rewrites what was known. */
export interface StatusSet {
  readonly userId: string;
  readonly statusId: string;
  readonly reason: string;
  readonly effectiveAt: number; // epoch milliseconds
  readonly recordedAt: number; // epoch milliseconds
  readonly setBy: string;
}

/** An email address was taken by a user; its aggregate is the lower-cased address. */
export interface EmailClaimed {
  readonly email: string;
  readonly userId: string;
  readonly claimedAt: number; // epoch milliseconds
}

/** An email address became free again (the user changed it). */
export interface EmailReleased {
  readonly email: string;
  readonly userId: string;
  readonly releasedAt: number; // epoch milliseconds
}

export interface RoleAssigned {
  readonly userId: string;
  readonly role: string;
  readonly assignedBy: string;
  readonly assignedAt: number; // epoch milliseconds
}

export interface RoleRevoked {
  readonly userId: string;
  readonly role: string;
  readonly revokedBy: string;
  readonly revokedAt: number; // epoch milliseconds
}

/** The person's avatar file was deleted: the profile shows no avatar. */
export interface UserAvatarRemoved {
  readonly userId: string;
  /** The deleted file (FileDeleted on the files topic caused this). */
  readonly fileId: string;
  readonly removedAt: number; // epoch milliseconds
}

export interface UserDeactivated {
  readonly userId: string;
  readonly reason: null | string;
  readonly deactivatedBy: string;
  readonly deactivatedAt: number; // epoch milliseconds
}

/** The whole profile as it stands after the change. */
export interface UserProfileUpdated {
  readonly userId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly bio: null | string;
  readonly birthDate: null | string;
  readonly mobile: null | string;
  readonly gender: null | string;
  readonly avatarFileId: null | string;
  readonly updatedBy: string;
  readonly updatedAt: number; // epoch milliseconds
  /** The avatar's variants (null in events written before v2, or without an avatar). */
  readonly avatar: null | ImageRef;
}

/** A person joined the platform. */
export interface UserRegistered {
  readonly userId: string;
  /** Lower-cased, unique across all users. */
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly bio: null | string;
  /** ISO date (YYYY-MM-DD). */
  readonly birthDate: null | string;
  /** E.164, for example +447700900123. */
  readonly mobile: null | string;
  /** A gender catalog entry, or unset. */
  readonly gender: null | string;
  /** The admin who registered them; null for self sign-up. */
  readonly registeredBy: null | string;
  readonly registeredAt: number; // epoch milliseconds
}

/** The data of each event type. */
export interface EventDataByType {
  GenderCreated: GenderCreated;
  GenderUpdated: GenderUpdated;
  KudosBudgetChanged: KudosBudgetChanged;
  KudosKindCreated: KudosKindCreated;
  KudosKindRestored: KudosKindRestored;
  KudosKindRetired: KudosKindRetired;
  KudosKindUpdated: KudosKindUpdated;
  NameClaimed: NameClaimed;
  NameReleased: NameReleased;
  RoleCreated: RoleCreated;
  RoleUpdated: RoleUpdated;
  StatusCreated: StatusCreated;
  StatusUpdated: StatusUpdated;
  FileDeleted: FileDeleted;
  FileUploaded: FileUploaded;
  InitiativeArchived: InitiativeArchived;
  InitiativeCoverRemoved: InitiativeCoverRemoved;
  InitiativeCreated: InitiativeCreated;
  InitiativeJoinRequestDeclined: InitiativeJoinRequestDeclined;
  InitiativeJoinRequested: InitiativeJoinRequested;
  InitiativeMemberJoined: InitiativeMemberJoined;
  InitiativeMemberLeft: InitiativeMemberLeft;
  InitiativeMemberRemoved: InitiativeMemberRemoved;
  InitiativeOwnershipTransferred: InitiativeOwnershipTransferred;
  InitiativeUpdated: InitiativeUpdated;
  KudosGiven: KudosGiven;
  KudosRevoked: KudosRevoked;
  AllNotificationsRead: AllNotificationsRead;
  BroadcastSent: BroadcastSent;
  NotificationCreated: NotificationCreated;
  NotificationRead: NotificationRead;
  CommentDeleted: CommentDeleted;
  CommentPosted: CommentPosted;
  PostCreated: PostCreated;
  PostDeleted: PostDeleted;
  PostEdited: PostEdited;
  PostImageRemoved: PostImageRemoved;
  PostLiked: PostLiked;
  PostUnliked: PostUnliked;
  StatusSet: StatusSet;
  EmailClaimed: EmailClaimed;
  EmailReleased: EmailReleased;
  RoleAssigned: RoleAssigned;
  RoleRevoked: RoleRevoked;
  UserAvatarRemoved: UserAvatarRemoved;
  UserDeactivated: UserDeactivated;
  UserProfileUpdated: UserProfileUpdated;
  UserRegistered: UserRegistered;
}

export type EventType = keyof EventDataByType;

export const topics = ["catalogs","files","initiatives","kudos","notifications","posts","user-status","users"] as const;

export type Topic = (typeof topics)[number];

/** The topic each event type is written to (one topic per aggregate type). */
export const topicOfEvent: { readonly [T in EventType]: Topic } = {
  GenderCreated: 'catalogs',
  GenderUpdated: 'catalogs',
  KudosBudgetChanged: 'catalogs',
  KudosKindCreated: 'catalogs',
  KudosKindRestored: 'catalogs',
  KudosKindRetired: 'catalogs',
  KudosKindUpdated: 'catalogs',
  NameClaimed: 'catalogs',
  NameReleased: 'catalogs',
  RoleCreated: 'catalogs',
  RoleUpdated: 'catalogs',
  StatusCreated: 'catalogs',
  StatusUpdated: 'catalogs',
  FileDeleted: 'files',
  FileUploaded: 'files',
  InitiativeArchived: 'initiatives',
  InitiativeCoverRemoved: 'initiatives',
  InitiativeCreated: 'initiatives',
  InitiativeJoinRequestDeclined: 'initiatives',
  InitiativeJoinRequested: 'initiatives',
  InitiativeMemberJoined: 'initiatives',
  InitiativeMemberLeft: 'initiatives',
  InitiativeMemberRemoved: 'initiatives',
  InitiativeOwnershipTransferred: 'initiatives',
  InitiativeUpdated: 'initiatives',
  KudosGiven: 'kudos',
  KudosRevoked: 'kudos',
  AllNotificationsRead: 'notifications',
  BroadcastSent: 'notifications',
  NotificationCreated: 'notifications',
  NotificationRead: 'notifications',
  CommentDeleted: 'posts',
  CommentPosted: 'posts',
  PostCreated: 'posts',
  PostDeleted: 'posts',
  PostEdited: 'posts',
  PostImageRemoved: 'posts',
  PostLiked: 'posts',
  PostUnliked: 'posts',
  StatusSet: 'user-status',
  EmailClaimed: 'users',
  EmailReleased: 'users',
  RoleAssigned: 'users',
  RoleRevoked: 'users',
  UserAvatarRemoved: 'users',
  UserDeactivated: 'users',
  UserProfileUpdated: 'users',
  UserRegistered: 'users',
};

/** The Avro schema of each event type, as committed in schemas/avro. */
export const avroSchemas: { readonly [T in EventType]: object } = {
  GenderCreated: {"type":"record","name":"GenderCreated","namespace":"engage.catalogs","doc":"A gender people may choose for their profile (or leave unset).","fields":[{"name":"genderId","type":"string"},{"name":"name","type":"string"},{"name":"createdBy","type":"string"},{"name":"createdAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  GenderUpdated: {"type":"record","name":"GenderUpdated","namespace":"engage.catalogs","fields":[{"name":"genderId","type":"string"},{"name":"name","type":"string"},{"name":"active","type":"boolean"},{"name":"updatedBy","type":"string"},{"name":"updatedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  KudosBudgetChanged: {"type":"record","name":"KudosBudgetChanged","namespace":"engage.catalogs","doc":"How many kudos each person may give per period; unused budget does not roll over.","fields":[{"name":"perPeriod","type":"int"},{"name":"period","type":{"type":"enum","name":"KudosBudgetPeriod","symbols":["WEEK","MONTH"]}},{"name":"changedBy","type":"string"},{"name":"changedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  KudosKindCreated: {"type":"record","name":"KudosKindCreated","namespace":"engage.catalogs","doc":"A kind of kudos, tied to one of the company values.","fields":[{"name":"kindId","type":"string"},{"name":"name","type":"string"},{"name":"description","type":"string"},{"name":"createdBy","type":"string"},{"name":"createdAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  KudosKindRestored: {"type":"record","name":"KudosKindRestored","namespace":"engage.catalogs","fields":[{"name":"kindId","type":"string"},{"name":"restoredBy","type":"string"},{"name":"restoredAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  KudosKindRetired: {"type":"record","name":"KudosKindRetired","namespace":"engage.catalogs","doc":"No new kudos of this kind; given ones stay.","fields":[{"name":"kindId","type":"string"},{"name":"retiredBy","type":"string"},{"name":"retiredAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  KudosKindUpdated: {"type":"record","name":"KudosKindUpdated","namespace":"engage.catalogs","fields":[{"name":"kindId","type":"string"},{"name":"name","type":"string"},{"name":"description","type":"string"},{"name":"updatedBy","type":"string"},{"name":"updatedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  NameClaimed: {"type":"record","name":"NameClaimed","namespace":"engage.catalogs","doc":"A catalog entry took a name; its aggregate is the catalog and the name in NFC, case-folded, so no other entry of that catalog may take it in any case or Unicode form.","fields":[{"name":"catalog","type":"string"},{"name":"name","type":"string"},{"name":"entryId","type":"string"},{"name":"claimedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  NameReleased: {"type":"record","name":"NameReleased","namespace":"engage.catalogs","doc":"A catalog entry gave a name back (it was renamed, or its creation was refused).","fields":[{"name":"catalog","type":"string"},{"name":"name","type":"string"},{"name":"entryId","type":"string"},{"name":"releasedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  RoleCreated: {"type":"record","name":"RoleCreated","namespace":"engage.catalogs","fields":[{"name":"roleId","type":"string"},{"name":"name","type":"string"},{"name":"description","type":"string"},{"name":"permissions","type":{"type":"array","items":"string"}},{"name":"createdBy","type":"string"},{"name":"createdAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  RoleUpdated: {"type":"record","name":"RoleUpdated","namespace":"engage.catalogs","fields":[{"name":"roleId","type":"string"},{"name":"name","type":"string"},{"name":"description","type":"string"},{"name":"permissions","type":{"type":"array","items":"string"}},{"name":"updatedBy","type":"string"},{"name":"updatedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  StatusCreated: {"type":"record","name":"StatusCreated","namespace":"engage.catalogs","doc":"A status people can set, such as \"In the office\".","fields":[{"name":"statusId","type":"string"},{"name":"name","type":"string"},{"name":"description","type":"string"},{"name":"createdBy","type":"string"},{"name":"createdAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  StatusUpdated: {"type":"record","name":"StatusUpdated","namespace":"engage.catalogs","fields":[{"name":"statusId","type":"string"},{"name":"name","type":"string"},{"name":"description","type":"string"},{"name":"active","type":"boolean"},{"name":"updatedBy","type":"string"},{"name":"updatedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  FileDeleted: {"type":"record","name":"FileDeleted","namespace":"engage.files","doc":"A file removed by its owner or a moderator; its bytes are gone.","fields":[{"name":"fileId","type":"string"},{"name":"deletedBy","type":"string"},{"name":"deletedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  FileUploaded: {"type":"record","name":"FileUploaded","namespace":"engage.files","doc":"An image checked by content, stripped of metadata and resized into fixed variants.","fields":[{"name":"fileId","type":"string"},{"name":"ownerId","type":"string"},{"name":"contentType","type":"string"},{"name":"bytes","type":"long"},{"name":"width","type":"int"},{"name":"height","type":"int"},{"name":"variants","type":{"type":"array","items":{"type":"record","name":"FileVariant","fields":[{"name":"name","type":"string"},{"name":"contentType","type":"string"},{"name":"width","type":"int"},{"name":"height","type":"int"},{"name":"bytes","type":"long"},{"name":"storageKey","type":"string"}]}}},{"name":"uploadedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"purpose","type":"string","default":"post","doc":"avatar, cover or post: which variants were made and where the file may be used."},{"name":"sha256","type":"string","default":"","doc":"SHA-256 of the original upload, hex (empty for files uploaded before it was recorded)."}]},
  InitiativeArchived: {"type":"record","name":"InitiativeArchived","namespace":"engage.initiatives","doc":"No new members or posts after this.","fields":[{"name":"initiativeId","type":"string"},{"name":"archivedBy","type":"string"},{"name":"archivedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  InitiativeCoverRemoved: {"type":"record","name":"InitiativeCoverRemoved","namespace":"engage.initiatives","doc":"The initiative's cover file was deleted: it shows no cover.","fields":[{"name":"initiativeId","type":"string"},{"name":"fileId","type":"string","doc":"The deleted file (FileDeleted on the files topic caused this)."},{"name":"removedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  InitiativeCreated: {"type":"record","name":"InitiativeCreated","namespace":"engage.initiatives","fields":[{"name":"initiativeId","type":"string"},{"name":"name","type":"string"},{"name":"description","type":"string"},{"name":"visibility","type":{"type":"enum","name":"InitiativeVisibility","symbols":["PUBLIC","INVITE_ONLY"]}},{"name":"coverFileId","type":["null","string"],"default":null},{"name":"startsAt","type":["null","string"],"doc":"ISO date.","default":null},{"name":"endsAt","type":["null","string"],"doc":"ISO date.","default":null},{"name":"ownerId","type":"string"},{"name":"createdAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"cover","type":["null",{"type":"record","name":"ImageRef","doc":"A file used as an image, with its variants as the file service made them.","fields":[{"name":"fileId","type":"string"},{"name":"variants","type":{"type":"array","items":{"type":"record","name":"ImageVariant","fields":[{"name":"name","type":"string"},{"name":"url","type":"string"},{"name":"width","type":"int"},{"name":"height","type":"int"}]}}}]}],"default":null,"doc":"The cover's variants (null in events written before v2, or without a cover)."}]},
  InitiativeJoinRequestDeclined: {"type":"record","name":"InitiativeJoinRequestDeclined","namespace":"engage.initiatives","fields":[{"name":"initiativeId","type":"string"},{"name":"userId","type":"string"},{"name":"declinedBy","type":"string"},{"name":"declinedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  InitiativeJoinRequested: {"type":"record","name":"InitiativeJoinRequested","namespace":"engage.initiatives","fields":[{"name":"initiativeId","type":"string"},{"name":"userId","type":"string"},{"name":"requestedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"ownerId","type":["null","string"],"doc":"The initiative's owner at the time (null in events written before v2): whom to notify.","default":null}]},
  InitiativeMemberJoined: {"type":"record","name":"InitiativeMemberJoined","namespace":"engage.initiatives","doc":"Directly (public) or by an approved request (invite-only).","fields":[{"name":"initiativeId","type":"string"},{"name":"userId","type":"string"},{"name":"approvedBy","type":["null","string"],"default":null},{"name":"joinedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"ownerId","type":["null","string"],"doc":"The initiative's owner at the time (null in events written before v2): whom to notify.","default":null}]},
  InitiativeMemberLeft: {"type":"record","name":"InitiativeMemberLeft","namespace":"engage.initiatives","fields":[{"name":"initiativeId","type":"string"},{"name":"userId","type":"string"},{"name":"leftAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  InitiativeMemberRemoved: {"type":"record","name":"InitiativeMemberRemoved","namespace":"engage.initiatives","fields":[{"name":"initiativeId","type":"string"},{"name":"userId","type":"string"},{"name":"removedBy","type":"string"},{"name":"removedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  InitiativeOwnershipTransferred: {"type":"record","name":"InitiativeOwnershipTransferred","namespace":"engage.initiatives","fields":[{"name":"initiativeId","type":"string"},{"name":"fromUserId","type":"string"},{"name":"toUserId","type":"string"},{"name":"transferredAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  InitiativeUpdated: {"type":"record","name":"InitiativeUpdated","namespace":"engage.initiatives","doc":"The whole description as it stands after the change.","fields":[{"name":"initiativeId","type":"string"},{"name":"name","type":"string"},{"name":"description","type":"string"},{"name":"visibility","type":{"type":"enum","name":"InitiativeVisibility","symbols":["PUBLIC","INVITE_ONLY"]}},{"name":"coverFileId","type":["null","string"],"default":null},{"name":"startsAt","type":["null","string"],"default":null},{"name":"endsAt","type":["null","string"],"default":null},{"name":"updatedBy","type":"string"},{"name":"updatedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"cover","type":["null",{"type":"record","name":"ImageRef","doc":"A file used as an image, with its variants as the file service made them.","fields":[{"name":"fileId","type":"string"},{"name":"variants","type":{"type":"array","items":{"type":"record","name":"ImageVariant","fields":[{"name":"name","type":"string"},{"name":"url","type":"string"},{"name":"width","type":"int"},{"name":"height","type":"int"}]}}}]}],"default":null,"doc":"The cover's variants (null in events written before v2, or without a cover)."}]},
  KudosGiven: {"type":"record","name":"KudosGiven","namespace":"engage.kudos","doc":"Recognition from one person to another; its aggregate is the giver, whose budget it spends.","fields":[{"name":"kudosId","type":"string"},{"name":"from","type":"string"},{"name":"to","type":"string"},{"name":"kindId","type":"string"},{"name":"reason","type":"string"},{"name":"budgetPeriod","type":"string","doc":"The budget period it was counted in, for example 2026-W48."},{"name":"givenAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  KudosRevoked: {"type":"record","name":"KudosRevoked","namespace":"engage.kudos","doc":"Moderation: the kudos no longer counts and the giver gets the budget back.","fields":[{"name":"kudosId","type":"string"},{"name":"from","type":"string"},{"name":"to","type":"string"},{"name":"kindId","type":"string"},{"name":"budgetPeriod","type":"string"},{"name":"reason","type":"string"},{"name":"revokedBy","type":"string"},{"name":"revokedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"givenAt","type":["null",{"type":"long","logicalType":"timestamp-millis"}],"default":null,"doc":"When the revoked kudos was given (null in events written before v2)."}]},
  AllNotificationsRead: {"type":"record","name":"AllNotificationsRead","namespace":"engage.notifications","doc":"Everything created up to upTo is read.","fields":[{"name":"recipientId","type":"string"},{"name":"upTo","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"readAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  BroadcastSent: {"type":"record","name":"BroadcastSent","namespace":"engage.notifications","doc":"A system-wide message from an admin to everyone.","fields":[{"name":"broadcastId","type":"string"},{"name":"title","type":"string"},{"name":"message","type":"string"},{"name":"sentBy","type":"string"},{"name":"sentAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  NotificationCreated: {"type":"record","name":"NotificationCreated","namespace":"engage.notifications","doc":"Its id is derived from its cause, so replaying history never notifies twice.","fields":[{"name":"notificationId","type":"string"},{"name":"recipientId","type":"string"},{"name":"type","type":"string"},{"name":"data","type":"string","doc":"JSON object, shaped by the type."},{"name":"causeEventId","type":"string"},{"name":"createdAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  NotificationRead: {"type":"record","name":"NotificationRead","namespace":"engage.notifications","fields":[{"name":"notificationId","type":"string"},{"name":"recipientId","type":"string"},{"name":"readAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  CommentDeleted: {"type":"record","name":"CommentDeleted","namespace":"engage.posts","fields":[{"name":"postId","type":"string"},{"name":"commentId","type":"string"},{"name":"deletedBy","type":"string"},{"name":"deletedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  CommentPosted: {"type":"record","name":"CommentPosted","namespace":"engage.posts","fields":[{"name":"postId","type":"string"},{"name":"commentId","type":"string"},{"name":"authorId","type":"string"},{"name":"text","type":"string"},{"name":"postedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"postAuthorId","type":["null","string"],"doc":"Who wrote the post (null in events written before v2): whom to notify.","default":null}]},
  PostCreated: {"type":"record","name":"PostCreated","namespace":"engage.posts","fields":[{"name":"postId","type":"string"},{"name":"authorId","type":"string"},{"name":"text","type":"string"},{"name":"initiativeId","type":["null","string"],"doc":"Null for the company feed.","default":null},{"name":"imageFileIds","type":{"type":"array","items":"string"}},{"name":"mentions","type":{"type":"array","items":"string"}},{"name":"createdAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"images","type":{"type":"array","items":{"type":"record","name":"ImageRef","doc":"A file used as an image, with its variants as the file service made them.","fields":[{"name":"fileId","type":"string"},{"name":"variants","type":{"type":"array","items":{"type":"record","name":"ImageVariant","fields":[{"name":"name","type":"string"},{"name":"url","type":"string"},{"name":"width","type":"int"},{"name":"height","type":"int"}]}}}]}},"default":[],"doc":"The images' variants, in imageFileIds' order (empty in events written before v2)."}]},
  PostDeleted: {"type":"record","name":"PostDeleted","namespace":"engage.posts","doc":"Gone from the feed; its history stays in the log.","fields":[{"name":"postId","type":"string"},{"name":"deletedBy","type":"string"},{"name":"deletedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  PostEdited: {"type":"record","name":"PostEdited","namespace":"engage.posts","fields":[{"name":"postId","type":"string"},{"name":"text","type":"string"},{"name":"imageFileIds","type":{"type":"array","items":"string"}},{"name":"mentions","type":{"type":"array","items":"string"}},{"name":"editedBy","type":"string"},{"name":"editedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"images","type":{"type":"array","items":{"type":"record","name":"ImageRef","doc":"A file used as an image, with its variants as the file service made them.","fields":[{"name":"fileId","type":"string"},{"name":"variants","type":{"type":"array","items":{"type":"record","name":"ImageVariant","fields":[{"name":"name","type":"string"},{"name":"url","type":"string"},{"name":"width","type":"int"},{"name":"height","type":"int"}]}}}]}},"default":[],"doc":"The images' variants, in imageFileIds' order (empty in events written before v2)."}]},
  PostImageRemoved: {"type":"record","name":"PostImageRemoved","namespace":"engage.posts","doc":"One of the post's image files was deleted: the post no longer shows it.","fields":[{"name":"postId","type":"string"},{"name":"fileId","type":"string","doc":"The deleted file (FileDeleted on the files topic caused this)."},{"name":"removedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  PostLiked: {"type":"record","name":"PostLiked","namespace":"engage.posts","fields":[{"name":"postId","type":"string"},{"name":"userId","type":"string"},{"name":"likedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"postAuthorId","type":["null","string"],"doc":"Who wrote the post (null in events written before v2): whom to notify.","default":null}]},
  PostUnliked: {"type":"record","name":"PostUnliked","namespace":"engage.posts","fields":[{"name":"postId","type":"string"},{"name":"userId","type":"string"},{"name":"unlikedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  StatusSet: {"type":"record","name":"StatusSet","namespace":"engage.user_status","doc":"Both when it took effect and when it was recorded, so a backdated correction never rewrites what was known.","fields":[{"name":"userId","type":"string"},{"name":"statusId","type":"string"},{"name":"reason","type":"string"},{"name":"effectiveAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"recordedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"setBy","type":"string"}]},
  EmailClaimed: {"type":"record","name":"EmailClaimed","namespace":"engage.users","doc":"An email address was taken by a user; its aggregate is the lower-cased address.","fields":[{"name":"email","type":"string"},{"name":"userId","type":"string"},{"name":"claimedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  EmailReleased: {"type":"record","name":"EmailReleased","namespace":"engage.users","doc":"An email address became free again (the user changed it).","fields":[{"name":"email","type":"string"},{"name":"userId","type":"string"},{"name":"releasedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  RoleAssigned: {"type":"record","name":"RoleAssigned","namespace":"engage.users","fields":[{"name":"userId","type":"string"},{"name":"role","type":"string"},{"name":"assignedBy","type":"string"},{"name":"assignedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  RoleRevoked: {"type":"record","name":"RoleRevoked","namespace":"engage.users","fields":[{"name":"userId","type":"string"},{"name":"role","type":"string"},{"name":"revokedBy","type":"string"},{"name":"revokedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  UserAvatarRemoved: {"type":"record","name":"UserAvatarRemoved","namespace":"engage.users","doc":"The person's avatar file was deleted: the profile shows no avatar.","fields":[{"name":"userId","type":"string"},{"name":"fileId","type":"string","doc":"The deleted file (FileDeleted on the files topic caused this)."},{"name":"removedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  UserDeactivated: {"type":"record","name":"UserDeactivated","namespace":"engage.users","fields":[{"name":"userId","type":"string"},{"name":"reason","type":["null","string"],"default":null},{"name":"deactivatedBy","type":"string"},{"name":"deactivatedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
  UserProfileUpdated: {"type":"record","name":"UserProfileUpdated","namespace":"engage.users","doc":"The whole profile as it stands after the change.","fields":[{"name":"userId","type":"string"},{"name":"email","type":"string"},{"name":"firstName","type":"string"},{"name":"lastName","type":"string"},{"name":"bio","type":["null","string"],"default":null},{"name":"birthDate","type":["null","string"],"default":null},{"name":"mobile","type":["null","string"],"default":null},{"name":"gender","type":["null","string"],"default":null},{"name":"avatarFileId","type":["null","string"],"default":null},{"name":"updatedBy","type":"string"},{"name":"updatedAt","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"avatar","type":["null",{"type":"record","name":"ImageRef","doc":"A file used as an image, with its variants as the file service made them.","fields":[{"name":"fileId","type":"string"},{"name":"variants","type":{"type":"array","items":{"type":"record","name":"ImageVariant","fields":[{"name":"name","type":"string"},{"name":"url","type":"string"},{"name":"width","type":"int"},{"name":"height","type":"int"}]}}}]}],"default":null,"doc":"The avatar's variants (null in events written before v2, or without an avatar)."}]},
  UserRegistered: {"type":"record","name":"UserRegistered","namespace":"engage.users","doc":"A person joined the platform.","fields":[{"name":"userId","type":"string"},{"name":"email","type":"string","doc":"Lower-cased, unique across all users."},{"name":"firstName","type":"string"},{"name":"lastName","type":"string"},{"name":"bio","type":["null","string"],"default":null},{"name":"birthDate","type":["null","string"],"doc":"ISO date (YYYY-MM-DD).","default":null},{"name":"mobile","type":["null","string"],"doc":"E.164, for example +447700900123.","default":null},{"name":"gender","type":["null","string"],"doc":"A gender catalog entry, or unset.","default":null},{"name":"registeredBy","type":["null","string"],"doc":"The admin who registered them; null for self sign-up.","default":null},{"name":"registeredAt","type":{"type":"long","logicalType":"timestamp-millis"}}]},
};
