// An invite-only initiative: the owner creates it, another person asks to join, the owner approves,
// and the new member posts in its feed, on the initiative's own page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { register, type Account } from './api';
import { baseUrl, launch, reloadUntil, screenshots, signIn, windowFor } from './browser';

let browser: Browser;
let owner: Account;
let joiner: Account;

beforeAll(async () => {
  browser = await launch();
  [owner, joiner] = await Promise.all([
    register(baseUrl(), inject('admin'), 'Olga'),
    register(baseUrl(), inject('admin'), 'Jan'),
  ]);
});
afterAll(async () => {
  await browser.close();
});

it('invite-only: requested, approved, posted in', async () => {
  const o = await windowFor(browser);
  const j = await windowFor(browser);
  const name = `Quiet guild ${owner.lastName}`;
  await signIn(o.page, owner);
  await o.page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'Initiatives' })
    .click();
  await o.page.getByRole('button', { name: 'Start an initiative' }).click();
  const dialog = o.page.getByRole('dialog', { name: 'Start an initiative' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Description').fill('Deep work, by invitation');
  await dialog.getByLabel('Who can join').click();
  await o.page.getByRole('option', { name: /invite-only/ }).click();
  await dialog.getByRole('button', { name: 'Create' }).click();
  // The owner lands on it at once: never told it is missing.
  await o.page.getByRole('heading', { level: 1, name }).waitFor();
  expect(await o.page.getByText('Invite-only').isVisible()).toBe(true);
  expect(await o.page.getByRole('region', { name: 'Members' }).textContent()).toContain('Owner');

  await signIn(j.page, joiner);
  await j.page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'Initiatives' })
    .click();
  await j.page.getByLabel('Search by name').fill(name);
  const card = j.page.getByRole('link', { name: new RegExp(name) });
  await reloadUntil(j.page, async () => {
    if (!(await j.page.getByLabel('Search by name').inputValue()))
      await j.page.getByLabel('Search by name').fill(name);
    return card.isVisible();
  });
  await card.click();
  await j.page.getByRole('button', { name: 'Ask to join' }).click();
  await expect
    .poll(() => j.page.getByText('You asked to join; the owner will answer').isVisible())
    .toBe(true);
  // Its posts are for its members: none shown, no composer.
  expect(await j.page.getByRole('region', { name: 'Posts' }).count()).toBe(0);

  // The owner's page shows the request as it arrives.
  const approve = o.page.getByRole('button', { name: `Approve Jan ${joiner.lastName}` });
  await expect.poll(() => approve.isVisible()).toBe(true);
  await approve.click();
  await expect
    .poll(() => o.page.getByRole('region', { name: 'Members' }).textContent())
    .toContain(`Jan ${joiner.lastName}`);

  // The joiner's page follows without a reload: now a member, with the initiative's posts and a composer.
  const posts = j.page.getByRole('region', { name: 'Posts' });
  const composer = posts.getByLabel('Share something with your colleagues');
  await expect.poll(() => composer.isVisible()).toBe(true);
  const text = `First post in the guild from Jan (${joiner.lastName})`;
  await composer.fill(text);
  await posts.getByRole('button', { name: 'Post', exact: true }).click();
  const post = posts
    .getByRole('article', { name: `Post by Jan ${joiner.lastName}` })
    .filter({ hasText: text });
  await expect.poll(() => post.getByRole('button', { name: 'Edit' }).isVisible()).toBe(true);
  await screenshots(j.page, 'initiative-member');

  // The owner finds it on the initiative's page, in its posts.
  const seen = o.page
    .getByRole('region', { name: 'Posts' })
    .getByRole('article', { name: `Post by Jan ${joiner.lastName}` })
    .filter({ hasText: text });
  // Jan's page showed it confirmed, so the posts' read model has it: one reload shows it to Olga.
  await o.page.reload();
  await expect.poll(() => seen.isVisible()).toBe(true);
  await screenshots(o.page, 'initiative-owner');
  // Not in the company feed: it was posted into the initiative.
  await j.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Feed' }).click();
  await j.page.getByRole('heading', { level: 1, name: 'Company feed' }).waitFor();
  const feed = j.page.getByRole('feed', { name: 'Feed' });
  await feed.waitFor({ state: 'attached' });
  await expect.poll(() => feed.getAttribute('aria-busy')).toBe('false');
  expect(await j.page.getByRole('article').filter({ hasText: text }).count()).toBe(0);
  await o.context.close();
  await j.context.close();
});
