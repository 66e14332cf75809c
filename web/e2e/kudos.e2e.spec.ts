// Two people side by side: A gives B kudos from the top bar; B, looking at their own profile, sees
// the notification arrive and the kudos counted without reloading; A's budget went down by one.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { register, type Account } from './api';
import { baseUrl, launch, openMyProfile, signIn, windowFor } from './browser';

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

it('A gives B kudos; B sees it live; A has one kudos less to give', async () => {
  const a = await windowFor(browser);
  const b = await windowFor(browser);
  await signIn(b.page, bob);
  await openMyProfile(b.page);
  await expect.poll(() => b.page.getByRole('heading', { name: 'Kudos received: 0' }).isVisible()).toBe(true);
  expect(await b.page.getByRole('link', { name: 'Notifications', exact: true }).isVisible()).toBe(true);

  await signIn(a.page, ada);
  await a.page.getByRole('button', { name: 'Give kudos' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'Give kudos' });
  const budget = dialog.getByRole('status');
  await expect.poll(() => budget.textContent()).toMatch(/^You have \d+ of \d+ kudos left/);
  const before = Number(/You have (\d+)/.exec((await budget.textContent()) ?? '')?.[1]);

  await dialog.getByLabel('Who receives the kudos').fill(bob.lastName);
  await a.page.getByRole('option', { name: new RegExp(`Bob ${bob.lastName}`) }).click();
  await dialog.getByLabel('Kind of kudos').click();
  await a.page.getByRole('option', { name: 'Team player' }).click();
  await dialog.getByLabel('Reason').fill('Paired with me on the release all afternoon');
  await dialog.getByRole('button', { name: 'Send kudos' }).click();
  await expect
    .poll(() => budget.textContent())
    .toBe(
      `Kudos sent. You have ${before - 1} of ${/of (\d+)/.exec((await budget.textContent()) ?? '')?.[1]} kudos left this week.`,
    );

  // B did nothing: the bell and the profile changed on their own.
  await expect
    .poll(() => b.page.getByRole('link', { name: 'Notifications, 1 unread', exact: true }).isVisible())
    .toBe(true);
  await expect.poll(() => b.page.getByRole('heading', { name: 'Kudos received: 1' }).isVisible()).toBe(true);
  const received = b.page.getByRole('list', { name: 'Kudos received' });
  await expect.poll(() => received.textContent()).toContain(`From Ada ${ada.lastName}`);
  expect(await received.textContent()).toContain('Paired with me on the release all afternoon');

  // A opens the dialog again later: the budget read from the server agrees.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await a.page.getByRole('button', { name: 'Give kudos' }).click();
  await expect
    .poll(() => a.page.getByRole('dialog', { name: 'Give kudos' }).getByRole('status').textContent())
    .toMatch(new RegExp(`^You have ${before - 1} of \\d+ kudos left`));
  await a.context.close();
  await b.context.close();
});
