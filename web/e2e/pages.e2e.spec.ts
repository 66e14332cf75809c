// Every page, with something on it: an axe-core scan for WCAG 2 A/AA at 1280 and at 375 px, and a
// screenshot of each at both widths in web/screenshots/ (git-ignored) to look at.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { register, type Account } from './api';
import { baseUrl, expectAccessible, launch, reloadUntil, screenshots, signIn, windowFor } from './browser';

let browser: Browser;
let dora: Account;
let eli: Account;
let page: Page;

/** Scans the page at both widths, then saves its pictures. */
async function check(name: string): Promise<void> {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshots(page, name);
}

beforeAll(async () => {
  browser = await launch();
  [dora, eli] = await Promise.all([
    register(baseUrl(), inject('admin'), 'Dora'),
    register(baseUrl(), inject('admin'), 'Eli'),
  ]);
  page = (await windowFor(browser)).page;
});
afterAll(async () => {
  await browser.close();
});

it('sign-in', async () => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await check('sign-in');
  // A refusal in words, still accessible.
  await page.getByLabel('Email').fill(dora.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  await check('sign-in-refused');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Create your Engage account' }).waitFor();
  await check('sign-up');
});

it('feed, with a post, a comment, a like and a kudos card', async () => {
  await signIn(page, dora);
  await page.getByLabel('Share something with your colleagues').fill('Who is up for lunch on Friday?');
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  const post = page.getByRole('article', { name: `Post by Dora ${dora.lastName}` }).first();
  await expect.poll(() => post.getByRole('button', { name: 'Delete' }).isVisible()).toBe(true);
  await post.getByRole('button', { name: 'Like', exact: true }).click();
  await post.getByLabel(/^Comment on/).fill('Count me in');
  await post.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect.poll(() => post.getByText('1 comment', { exact: true }).isVisible()).toBe(true);
  // Kudos, so the feed has a kudos card and the profile a chart.
  await page.getByRole('button', { name: 'Give kudos' }).click();
  const dialog = page.getByRole('dialog', { name: 'Give kudos' });
  await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/^You have/);
  await check('give-kudos');
  await dialog.getByLabel('Who receives the kudos').fill(eli.lastName);
  await page.getByRole('option', { name: new RegExp(eli.lastName) }).click();
  await dialog.getByLabel('Kind of kudos').click();
  await page.getByRole('option', { name: 'Above and beyond' }).click();
  await dialog.getByLabel('Reason').fill('Stayed late to fix the build for everyone');
  await dialog.getByRole('button', { name: 'Send kudos' }).click();
  await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/^Kudos sent/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await reloadUntil(page, () => page.getByRole('article', { name: /kudos/i }).first().isVisible());
  await check('feed');
});

it('people', async () => {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'People' }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await reloadUntil(page, () => page.getByText(`Eli ${eli.lastName}`).first().isVisible());
  await check('people');
});

it("someone's profile, and one's own with the status form and timeline", async () => {
  await page.getByText(`Eli ${eli.lastName}`).first().click();
  await page.getByRole('heading', { level: 1, name: `Eli ${eli.lastName}` }).waitFor();
  await expect.poll(() => page.getByRole('heading', { name: 'Kudos received: 1' }).isVisible()).toBe(true);
  await check('profile');
  await page.getByRole('button', { name: 'Your account' }).click();
  await page.getByRole('menuitem', { name: 'Your profile' }).click();
  await page.getByRole('form', { name: 'Set your status' }).waitFor();
  const form = page.getByRole('form', { name: 'Set your status' });
  await form.getByLabel('Status').click();
  await page.getByRole('option', { name: 'On leave' }).click();
  await form.getByLabel('Reason').fill('Family visit');
  await form.getByRole('button', { name: 'Set status' }).click();
  await expect.poll(() => page.getByRole('list', { name: 'Status timeline' }).isVisible()).toBe(true);
  await check('profile-own');
  await page.getByRole('button', { name: 'Edit profile' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit your profile' });
  await dialog.getByLabel('Bio').fill('Organises the Friday lunches.');
  await dialog.getByLabel('Mobile').fill('+31612345678');
  await check('profile-edit');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => page.getByText('Mobile +31612345678').isVisible()).toBe(true);
  expect(await page.getByText('Organises the Friday lunches.').isVisible()).toBe(true);
});

it('initiatives, the create dialog and an initiative', async () => {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Initiatives' }).click();
  await page.getByRole('button', { name: 'Start an initiative' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start an initiative' });
  await dialog.getByLabel('Name').fill(`Lunch club ${dora.lastName}`);
  await dialog.getByLabel('Description').fill('Fridays, somewhere new');
  await check('initiative-create');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { level: 1, name: `Lunch club ${dora.lastName}` }).waitFor();
  await check('initiative');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Initiatives' }).click();
  await reloadUntil(page, () => page.getByText(`Lunch club ${dora.lastName}`).isVisible());
  await check('initiatives');
});

it('notifications, as Eli, who received kudos', async () => {
  const mine = page;
  page = (await windowFor(browser)).page;
  await signIn(page, eli, '/notifications');
  await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
  await expect
    .poll(() =>
      page
        .getByText(/gave you kudos/)
        .first()
        .isVisible(),
    )
    .toBe(true);
  await check('notifications');
  await page.context().close();
  page = mine;
});

it('leaderboard', async () => {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Leaderboard' }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await reloadUntil(page, () => page.getByText(`Eli ${eli.lastName}`).first().isVisible());
  await check('leaderboard');
});

it('the audit and operations consoles, as the admin', async () => {
  const mine = page;
  page = (await windowFor(browser)).page;
  const admin = inject('admin');
  await signIn(page, admin, '/audit');
  await page.getByRole('heading', { level: 1, name: 'Audit' }).waitFor();
  // The kudos Dora gave Eli is in the history the auditor pages through.
  await reloadUntil(page, () =>
    page
      .getByLabel(/^KudosGiven at /)
      .first()
      .isVisible(),
  );
  await check('audit');
  await page.goto('/audit?tab=verify');
  await page.getByRole('tab', { name: /verify/i, selected: true }).waitFor();
  await check('audit-verify');
  await page.goto('/admin');
  await page.getByRole('heading', { level: 1, name: 'Operations' }).waitFor();
  await page.getByLabel('Projection kudos-kinds').waitFor();
  await check('admin');
  await page.goto('/admin?tab=dead-letters');
  await page.getByRole('tab', { name: 'Dead letters', selected: true }).waitFor();
  await check('admin-dead-letters');
  await page.context().close();
  page = mine;
});

it('the admin console’s catalogs, budget and users tabs', async () => {
  const mine = page;
  page = (await windowFor(browser)).page;
  await signIn(page, inject('admin'), '/admin?tab=catalogs');
  await page.getByRole('tab', { name: 'Catalogs', selected: true }).waitFor();
  await page.getByRole('article', { name: 'Role admin' }).waitFor();
  await page.getByRole('region', { name: 'Kudos kinds' }).getByRole('listitem').first().waitFor();
  await check('admin-catalogs');

  await page.goto('/admin?tab=budget');
  await page.getByText(/each person may give \d+ kudos per/).waitFor();
  await check('admin-budget');

  await page.goto('/admin?tab=users');
  await page.getByRole('article', { name: `Dora ${dora.lastName}` }).waitFor();
  await check('admin-users');
  await page.context().close();
  page = mine;
});

it('the admin console’s service accounts and broadcast tabs', async () => {
  const mine = page;
  page = (await windowFor(browser)).page;
  await signIn(page, inject('admin'), '/admin?tab=service-accounts');
  await page.getByLabel('What it is for').fill('Pages walk export');
  await page.getByLabel('Roles').click();
  await page.getByRole('option', { name: 'auditor' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Create account' }).click();
  const secret = page.getByRole('dialog', { name: 'Copy the secret of Pages walk export now' });
  await secret.waitFor();
  await check('admin-service-account-secret');
  await secret.getByRole('button', { name: 'I have stored it' }).click();
  await page.getByRole('article', { name: 'Service account Pages walk export' }).waitFor();
  await check('admin-service-accounts');

  await page.goto('/admin?tab=broadcast');
  await page.getByRole('textbox', { name: 'Title' }).fill('Pages walk');
  await page
    .getByRole('textbox', { name: 'Message', exact: true })
    .fill('A message to everyone, sent by the pages walk.');
  // Not sent: a message to everyone would reach the people of the other journeys running beside
  // this one and change the unread counts they check (the send is the BroadcastPanel test's).
  await page.getByRole('button', { name: 'Send to everyone' }).waitFor();
  await check('admin-broadcast');
  await page.context().close();
  page = mine;
});
