// A post, a comment and a like from another person: the counts are right on both screens, and the
// author sees them arrive without reloading.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { register, type Account } from './api';
import { baseUrl, launch, reloadUntil, signIn, windowFor } from './browser';

let browser: Browser;
let ada: Account;
let bob: Account;

beforeAll(async () => {
  browser = await launch();
  [ada, bob] = await Promise.all([
    register(baseUrl(), inject('admin'), 'Ada'),
    register(baseUrl(), inject('admin'), 'Bob'),
  ]);
});
afterAll(async () => {
  await browser.close();
});

it('a post with a comment and a like from someone else: counts right on both screens', async () => {
  const a = await windowFor(browser);
  const b = await windowFor(browser);
  const text = `Shipped the new onboarding flow (${ada.lastName})`;
  await signIn(a.page, ada);
  await a.page.getByLabel('Share something with your colleagues').fill(text);
  await a.page.getByRole('button', { name: 'Post', exact: true }).click();
  // The author sees their post at once, confirmed (not pending), with nothing on it yet.
  const mine = a.page.getByRole('article', { name: `Post by Ada ${ada.lastName}` }).filter({ hasText: text });
  await expect.poll(() => mine.getByRole('button', { name: 'Edit' }).isVisible()).toBe(true);
  expect(await mine.getByText('0 likes').isVisible()).toBe(true);
  expect(await mine.getByText('0 comments').isVisible()).toBe(true);

  await signIn(b.page, bob);
  const theirs = b.page
    .getByRole('article', { name: `Post by Ada ${ada.lastName}` })
    .filter({ hasText: text });
  await reloadUntil(b.page, () => theirs.isVisible());
  await theirs.getByRole('button', { name: 'Like', exact: true }).click();
  await expect.poll(() => theirs.getByText('1 like', { exact: true }).isVisible()).toBe(true);
  expect(await theirs.getByRole('button', { name: 'Unlike' }).getAttribute('aria-pressed')).toBe('true');
  await theirs.getByLabel(`Comment on Ada ${ada.lastName}’s post`).fill('Congratulations, it is lovely!');
  await theirs.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect.poll(() => theirs.getByText('1 comment', { exact: true }).isVisible()).toBe(true);
  expect(await theirs.getByRole('list', { name: 'Comments' }).textContent()).toContain(
    'Congratulations, it is lovely!',
  );

  // Ada did nothing: her notifications arrived and her feed shows both.
  await expect
    .poll(() => a.page.getByRole('link', { name: 'Notifications, 2 unread', exact: true }).isVisible())
    .toBe(true);
  await expect.poll(() => mine.getByText('1 like', { exact: true }).isVisible()).toBe(true);
  await expect.poll(() => mine.getByText('1 comment', { exact: true }).isVisible()).toBe(true);
  expect(await mine.getByRole('list', { name: 'Comments' }).textContent()).toContain(
    `Bob ${bob.lastName} Congratulations, it is lovely!`,
  );
  expect(await mine.getByRole('button', { name: 'Like', exact: true }).getAttribute('aria-pressed')).toBe(
    'false',
  );

  // Bob reloads: the same counts from the server.
  await b.page.reload();
  await expect.poll(() => theirs.getByText('1 like', { exact: true }).isVisible()).toBe(true);
  expect(await theirs.getByText('1 comment', { exact: true }).isVisible()).toBe(true);
  await a.context.close();
  await b.context.close();
});
