import { describe, expect, it } from '@jest/globals';
import { hashPassword, passwordProblem, verifyPassword } from '../src/passwords.ts';

describe('passwords', () => {
  it('are stored as salted scrypt hashes that verify only the right password', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(first).not.toBe(second);
    await expect(verifyPassword('correct horse battery staple', first)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', first)).resolves.toBe(false);
    await expect(verifyPassword('anything', 'plain-text')).resolves.toBe(false);
  });

  it('follow a policy a person can act on', () => {
    expect(passwordProblem('short', 'ada@example.com')).toMatch(/at least 12/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa', 'ada@example.com')).toMatch(/5 different/);
    expect(passwordProblem('my-name-is-ada!!', 'ada@example.com')).toMatch(/email/);
    expect(passwordProblem('correct horse battery staple', 'ada@example.com')).toBeUndefined();
  });
});
