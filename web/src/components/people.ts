import type { PersonSummary, Profile } from '../api/types';

/** A person's display name, falling back to a short id when the profile is not known yet. */
export function nameOf(
  person: Pick<PersonSummary, 'id' | 'firstName' | 'lastName'> | Profile | null | undefined,
): string {
  if (!person) return 'Someone';
  const name = [person.firstName, person.lastName].filter(Boolean).join(' ');
  return name || `User ${person.id.slice(0, 8)}`;
}

export function initialsOf(
  person: Pick<PersonSummary, 'id' | 'firstName' | 'lastName'> | null | undefined,
): string {
  if (!person) return '?';
  return ((person.firstName?.[0] ?? '') + (person.lastName?.[0] ?? '')).toUpperCase() || '?';
}
