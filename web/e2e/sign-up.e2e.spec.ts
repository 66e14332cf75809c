// Self sign-up (the journeys' system allows it): a visitor creates an account from the sign-in page
// and is in the app at once, their own profile there, never told it is missing.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launch, openMyProfile, windowFor } from './browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

it('a visitor signs up and is signed in, with their profile', async () => {
  const { context, page } = await windowFor(browser);
  const lastName = `Newcomer${randomUUID().slice(0, 4)}`;
  await page.goto('/');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('First name').fill('Nina');
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Email').fill(`nina.${lastName.toLowerCase()}@example.com`);
  await page.getByLabel('Password').fill('my own long passphrase 7');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Company feed' }).waitFor();
  await openMyProfile(page);
  expect(await page.getByRole('heading', { level: 1, name: `Nina ${lastName}` }).isVisible()).toBe(true);
  await context.close();
});
