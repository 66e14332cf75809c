import { DomainError } from '../runtime/decider.ts';

/** Checks a free-text field's length (after trimming for emptiness), naming the field in the error. */
export function requireText(field: string, value: string, min: number, max: number): void {
  const length = [...value].length;
  if (value.trim().length < min || length > max) {
    throw new DomainError(
      `INVALID_${field.replaceAll(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`,
      `${field} must be ${min}-${max} characters`,
      400,
    );
  }
}

/** The actor a command needs; commands without one are refused. */
export function requireActor(actor: string | null): string {
  if (actor === null) throw new DomainError('ACTOR_REQUIRED', 'this command names who sends it', 403);
  return actor;
}
