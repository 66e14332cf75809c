// A status set with a backdated effective time: the timeline shows it marked as backdated, with
// both the time it took effect and the time it was recorded.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { register, type Account } from './api';
import { baseUrl, launch, openMyProfile, signIn, windowFor } from './browser';

let browser: Browser;
let cleo: Account;

beforeAll(async () => {
  browser = await launch();
  cleo = await register(baseUrl(), inject('admin'), 'Cleo');
});
afterAll(async () => {
  await browser.close();
});

it('a backdated status shows in the timeline with when it took effect and when it was recorded', async () => {
  const { context, page } = await windowFor(browser);
  await signIn(page, cleo);
  await openMyProfile(page);
  const form = page.getByRole('form', { name: 'Set your status' });
  await form.getByLabel('Status').click();
  await page.getByRole('option', { name: 'Working remotely' }).click();
  // Two days ago at 09:30, in the browser's own time zone (a datetime-local field).
  const effective = await page.evaluate(() => {
    const when = new Date(Date.now() - 2 * 24 * 3600_000);
    when.setHours(9, 30, 0, 0);
    const pad = (n: number) => String(n).padStart(2, '0');
    return {
      local: `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}T09:30`,
      iso: when.toISOString(),
    };
  });
  await form.getByLabel('Effective from (optional)').fill(effective.local);
  await form.getByLabel('Reason').fill('Working from the mountains this week');
  const submitted = Date.now();
  await form.getByRole('button', { name: 'Set status' }).click();
  await expect.poll(() => form.getByText('Status set.').isVisible()).toBe(true);

  const timeline = page.getByRole('list', { name: 'Status timeline' });
  const entry = timeline.getByRole('listitem').filter({ hasText: 'Working from the mountains this week' });
  await expect.poll(() => entry.isVisible()).toBe(true);
  expect(await entry.textContent()).toContain('Working remotely');
  expect(await entry.getByText('Backdated').isVisible()).toBe(true);
  const times = entry.locator('time');
  expect(await times.count()).toBe(2);
  expect(Date.parse((await times.nth(0).getAttribute('datetime')) ?? '')).toBe(Date.parse(effective.iso));
  const recorded = Date.parse((await times.nth(1).getAttribute('datetime')) ?? '');
  expect(Math.abs(recorded - submitted)).toBeLessThan(10 * 60_000);
  expect(await entry.textContent()).toMatch(
    /Effective \d+ \w+ \d{4}, 09:30 · recorded \d+ \w+ \d{4}, \d\d:\d\d/,
  );
  // It is her current status too.
  expect(
    await page
      .getByLabel('Current status: Working remotely, Working from the mountains this week')
      .isVisible(),
  ).toBe(true);
  await context.close();
});
