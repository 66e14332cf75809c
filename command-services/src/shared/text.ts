import { DomainError } from '../runtime/decider.ts';

/** Checks a free-text field's length (after trimming for emptiness), naming the field in the error. */
export function requireText(field: string, value: string, min: number, max: number): void {
  const length = [...value].length;
  if (value.trim().length < min || length > max) {
    throw new DomainError(
      `INVALID_${field.replaceAll(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`,
      `${field} must be ${min}-${max} characters`,
    );
  }
}

/** The actor a command needs; commands without one are refused. */
export function requireActor(actor: string | null): string {
  if (actor === null) throw new DomainError('ACTOR_REQUIRED', 'this command names who sends it');
  return actor;
}

/** Fields whose values are long texts: newlines and tabs are allowed in them. */
const longTexts = new Set(['text', 'description', 'bio', 'reason']);
/** Secrets are compared byte for byte: never changed. */
const secret = /password|secret|token/i;
// C0 controls (but tab, newline and carriage return), DEL and C1 controls: matching them is the point.
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const breaks = /[\t\n\r]/u;

function refuse(field: string, message: string): never {
  throw new DomainError('INVALID_TEXT', `${field} ${message}`, { field });
}

/**
 * Every text of a command body, checked and normalized in place: a control character (other than
 * newline and tab in long texts) or a lone surrogate is refused with 400 naming the field; the rest
 * is put in Unicode NFC and trimmed, so "Café" typed on any keyboard is one name.
 */
export function normalizeTexts(body: unknown, path = ''): unknown {
  if (typeof body === 'string') {
    const field = path || 'body';
    if (!body.isWellFormed()) refuse(field, 'holds a broken character (a lone UTF-16 surrogate)');
    const control =
      controls.exec(body) ?? (longTexts.has(path.split('.').at(-1) ?? '') ? null : breaks.exec(body));
    if (control !== null)
      refuse(
        field,
        `holds a control character (U+${(control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}); remove it`,
      );
    return body.normalize('NFC').trim();
  }
  if (Array.isArray(body)) {
    body.forEach((item, index) => (body[index] = normalizeTexts(item, `${path}[${index}]`)));
    return body;
  }
  if (body !== null && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const [key, value] of Object.entries(record))
      if (!secret.test(key)) record[key] = normalizeTexts(value, path ? `${path}.${key}` : key);
    return body;
  }
  return body;
}
