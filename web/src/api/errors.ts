import type { FetchBaseQueryError } from '@reduxjs/toolkit/query';
import type { SerializedError } from '@reduxjs/toolkit';

/** Every error code the API answers with, as a sentence a person can act on. */
export const errorSentences: Readonly<Record<string, string>> = {
  ACTOR_REQUIRED: 'Sign in first: this needs to know who you are.',
  ALREADY_EXISTS: 'That already exists.',
  ALREADY_REVOKED: 'These kudos were already revoked.',
  BUILT_IN_PERMISSION:
    'A built-in role keeps the permissions the system gives it. Add permissions to it, or make a new role.',
  CROP_OUTSIDE_IMAGE: 'The chosen area reaches outside the image. Choose the area again.',
  DEAD_LETTER_CLOSED: 'This dead letter was already retried or skipped. Reload the list.',
  DEAD_LETTER_STILL_FAILS: 'The event still cannot be applied: the cause is not fixed yet. It stays open.',
  EMAIL_TAKEN: 'Someone already uses this email address. Sign in instead, or use another address.',
  EMPTY_FILE: 'This file is empty. Choose an image.',
  FILE_EXISTS: 'This image was already uploaded. Use the one you have.',
  FILE_NOT_FOUND: 'That image is gone. Upload it again.',
  FORBIDDEN: 'You are not allowed to do this. Ask an admin if you think you should be.',
  FORBIDDEN_ORIGIN:
    'This page may not open live updates from where it was loaded. Open the app from its own address.',
  FORWARD_FAILED: 'The service is busy moving work between its instances. Try again in a moment.',
  IDEMPOTENCY_KEY_BUSY:
    'The same request is still being handled. Wait a moment, then check whether it went through.',
  IDEMPOTENCY_KEY_REUSED: 'This form was already sent with different content. Reload the page and try again.',
  INITIATIVE_ARCHIVED: 'This initiative is archived: nothing can be changed in it any more.',
  INTERNAL_ERROR: 'Something went wrong on our side. Try again in a moment.',
  INVALID_BIRTH_DATE: 'Enter a birth date in the past, as a calendar date.',
  INVALID_BUDGET: 'A kudos budget is a whole number of kudos per week or per month.',
  INVALID_CURSOR: 'This list changed while you were reading it. Reload the page.',
  INVALID_DATE: 'Enter a valid date and time.',
  INVALID_DATES: 'The end date must come after the start date.',
  INVALID_DESCRIPTION: 'Write a description of at most the allowed length.',
  INVALID_EFFECTIVE_AT: 'The effective time can be at most a year ahead. Pick an earlier time.',
  INVALID_EMAIL: 'Enter an email address like name@example.com.',
  INVALID_ID: 'That link points to nothing we know. Check the address.',
  INVALID_IDEMPOTENCY_KEY: 'The app sent a malformed request key. Reload the page and try again.',
  INVALID_IF_MATCH: 'Someone else changed this first. Reload to see their change, then try again.',
  INVALID_MOBILE: 'Enter a mobile number in international form, for example +4915112345678.',
  INVALID_NAME: 'Enter a name (letters, at most 100 characters).',
  INVALID_PERMISSION: 'That permission does not exist.',
  INVALID_POSITION: 'The app asked to wait for a change it does not know. Reload the page.',
  INVALID_REQUEST: 'Some of what you entered is not valid. Check the highlighted field.',
  KIND_RETIRED: 'This kind of kudos is no longer offered. Pick another kind.',
  KUDOS_BUDGET_EXHAUSTED:
    'You have given all your kudos for this period. Your budget resets at the start of the next one.',
  LOG_READ_TIMEOUT: 'Reading the log took too long. Try again in a moment, or verify a smaller part.',
  NOT_READY: 'The service is starting or moving work between its instances. Try again in a moment.',
  LOG_UNAVAILABLE:
    'Changes cannot be saved right now (the event log does not answer). Nothing you typed is lost: try again in a few seconds.',
  NOTHING_TO_CHANGE: 'Nothing was changed. Change a field, then save.',
  NOT_AUTHOR: 'Only the author can change or delete this.',
  NAME_TAKEN: 'Another entry already has this name (capitals and accents aside). Pick another name.',
  NOT_A_MEMBER: 'Only members of this initiative can do this. Join it (or ask to join) first.',
  NOT_YOUR_FILE: 'That image was uploaded by someone else. Upload your own.',
  NOT_FOUND: 'This no longer exists. It may have been deleted.',
  NOT_OWNER: 'Only the owner of this initiative can do this.',
  NOT_YOUR_KUDOS: 'Kudos are given in your own name only.',
  NO_JOIN_REQUEST: 'There is no request to join from this person any more.',
  NO_SUCH_MEMBER: 'This person is not a member of the initiative (any more). Reload the member list.',
  NEW_OWNER_NOT_A_MEMBER: 'Ownership can only go to a member of the initiative. Pick one of its members.',
  NO_ROUTE: 'The app asked for something the server does not offer. Reload the page.',
  OWNER_CANNOT_LEAVE: 'Hand the initiative to another member before you leave it.',
  POLYGLOT:
    'This image has something else hidden inside it, so it is not accepted. Save it again from an image editor, or choose another.',
  POST_DELETED: 'This post was deleted.',
  REBUILD_FINISHED: 'This rebuild has already finished: there is nothing to cancel. Reload to see its state.',
  REBUILD_NOT_READY: 'The rebuild has not caught up yet. Wait until it is ready, then switch.',
  REBUILD_RUNNING: 'A rebuild of this projection is already under way. Wait for it, or cancel it first.',
  RECEIVER_INACTIVE: 'This person is no longer active, so they cannot receive kudos.',
  SELF_KUDOS: 'You cannot give kudos to yourself. Pick a colleague.',
  TOO_LARGE: 'This file is larger than 10 MB. Choose a smaller image.',
  TOO_MANY_IMAGES: 'A post can hold at most 10 images.',
  TOO_MANY_MENTIONS: 'A post can mention at most 20 people.',
  TOO_MANY_PIXELS: 'This image has more than 40 megapixels. Choose a smaller one.',
  TOO_MANY_SIGN_IN_ATTEMPTS: 'Too many failed sign-ins. Wait a few minutes, then try again.',
  UNAUTHENTICATED: 'Your session has ended. Sign in again to carry on.',
  UNKNOWN_COMMAND: 'The app sent something the server does not understand. Reload the page.',
  UNKNOWN_FILE: 'That image is gone. Upload it again.',
  UNKNOWN_GENDER: 'Pick a gender from the list.',
  UNKNOWN_INITIATIVE: 'That initiative does not exist any more.',
  UNKNOWN_KIND: 'Pick a kind of kudos from the list.',
  UNKNOWN_MENTION: 'One of the people you mentioned does not exist. Pick them from the list.',
  UNKNOWN_RECEIVER: 'Pick the receiver from the list of people.',
  UNKNOWN_ROLE: 'That role does not exist.',
  UNKNOWN_STATUS: 'Pick a status from the list.',
  UNKNOWN_TOPIC: 'The app asked for something the server does not know. Reload the page.',
  UNREADABLE_IMAGE: 'This image could not be read: it may be cut off or damaged. Choose another.',
  UNSUPPORTED_TYPE: 'This file is not an image we take. Choose a JPEG, PNG, WebP, AVIF or GIF.',
  UPSTREAM_UNAVAILABLE: 'A part of the system is not answering. Try again in a moment.',
  USER_INACTIVE: 'This person is no longer active.',
  VERSION_CONFLICT: 'Someone else changed this at the same time. Reload to see their change, then try again.',
  WEAK_PASSWORD: 'Choose a stronger password.',
  WRONG_FILE_PURPOSE: 'That image was uploaded for something else. Upload it again here.',
  WRONG_CATALOG: 'That choice belongs to another list. Pick one from this list.',
  invalid_grant: 'The email or password is wrong.',
  invalid_request: 'Enter your email and your password.',
};

const byStatus: Readonly<Record<number, string>> = {
  400: 'Some of what you entered is not valid. Check it and try again.',
  401: 'Your session has ended. Sign in again to carry on.',
  403: 'You are not allowed to do this.',
  404: 'This no longer exists. It may have been deleted.',
  409: 'This could not be done because something changed. Reload and try again.',
  413: 'That is too large.',
  422: 'This form was already sent with different content. Reload the page and try again.',
  429: 'Too many requests. Wait a moment, then try again.',
  503: 'The system is catching up. Try again in a moment.',
};

interface ErrorBody {
  code?: string;
  error?: string;
  message?: string;
  error_description?: string;
}

/** One sentence for any failed call: by its code, else its status; never a bare code. */
export function sentenceFor(error: FetchBaseQueryError | SerializedError | undefined | null): string {
  if (error === undefined || error === null) return '';
  if (!('status' in error)) return 'Something went wrong in the app. Reload the page and try again.';
  if (error.status === 'FETCH_ERROR' || error.status === 'TIMEOUT_ERROR')
    return 'You seem to be offline, or the server is not answering. Check your connection and retry.';
  if (error.status === 'PARSING_ERROR' || error.status === 'CUSTOM_ERROR')
    return 'The server answered something the app does not understand. Try again in a moment.';
  const body = (error.data ?? {}) as ErrorBody;
  const code = body.code ?? body.error;
  // The server says what makes a password weak; the sentence adds what to do.
  if (code === 'WEAK_PASSWORD' && body.message) return `Choose a stronger password: ${body.message}.`;
  // A refused file: the server names what it found (an ELF executable, an SVG, a ZIP archive).
  if (code === 'UNSUPPORTED_TYPE' && body.message)
    return `${errorSentences[code]} The server says: ${body.message}.`;
  if (code !== undefined && errorSentences[code] !== undefined) return errorSentences[code];
  return byStatus[error.status] ?? 'Something went wrong. Try again in a moment.';
}

/** The field a 400 names, so a form can mark it. */
export function fieldOf(error: FetchBaseQueryError | SerializedError | undefined): string | undefined {
  if (error === undefined || !('status' in error)) return undefined;
  return (error.data as { field?: string } | undefined)?.field;
}
