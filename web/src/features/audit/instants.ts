import dayjs from 'dayjs';

/** A `datetime-local` value (the auditor's local time) as an ISO instant; empty stays undefined. */
export const instantOf = (local: string): string | undefined =>
  local === '' ? undefined : dayjs(local).toISOString();

/** An ISO instant as a `datetime-local` value, for filling a field back from the URL. */
export const localOf = (instant: string | null | undefined): string =>
  instant ? dayjs(instant).format('YYYY-MM-DDTHH:mm') : '';

/** An instant as people read it, with seconds (auditors compare close events). */
export const shownAt = (instant: string) => dayjs(instant).format('D MMM YYYY, HH:mm:ss');

/** A local date-time field's check: empty or a real instant. */
export const isLocalInstant = (local: string) => local === '' || dayjs(local).isValid();
