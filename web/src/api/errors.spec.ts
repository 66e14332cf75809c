import { describe, expect, it } from 'vitest';
import { errorSentences, sentenceFor } from './errors';

describe('error sentences', () => {
  it('turns a code into a sentence a person can act on, never the code', () => {
    const sentence = sentenceFor({
      status: 409,
      data: { statusCode: 409, code: 'SELF_KUDOS', message: 'x' },
    });
    expect(sentence).toBe('You cannot give kudos to yourself. Pick a colleague.');
  });

  it('falls back on the status, and names a lost network with a way out', () => {
    expect(sentenceFor({ status: 403, data: { code: 'SOMETHING_NEW' } })).toBe(
      'You are not allowed to do this.',
    );
    expect(sentenceFor({ status: 'FETCH_ERROR', error: 'TypeError' })).toMatch(/offline.*retry/i);
  });

  it('has a full sentence for every code', () => {
    for (const [code, sentence] of Object.entries(errorSentences)) {
      expect(sentence, code).toMatch(/^[A-Z].*[.!]$/);
      expect(sentence, code).not.toContain(code);
    }
  });
});
