// Debian's Chromium driven by playwright-core: one browser per journey file, one context per person
// (their own storage: two people side by side), screenshots of every page at 375 and 1280 px, and
// an axe-core scan for WCAG 2 A and AA.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { Account } from './api';

export const screenshotDir = join(import.meta.dirname, '..', 'screenshots');

export const baseUrl = (): string => inject('baseUrl');

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
    ],
  });
}

/** A person's own browser window, at 1280 px unless told. */
export async function windowFor(
  browser: Browser,
  width = 1280,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width, height: 900 } });
  // The machine is shared and loaded: patience, not speed, is what these journeys check.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the sign-in page, as a person would, and waits for the feed. */
export async function signIn(
  page: Page,
  account: Pick<Account, 'email' | 'password'>,
  path = '/',
): Promise<void> {
  await page.goto(path === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(path)}`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Your account' }).waitFor();
}

/** Opens one's own profile from the account menu. */
export async function openMyProfile(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Your account' }).click();
  await page.getByRole('menuitem', { name: 'Your profile' }).click();
  await page.getByRole('heading', { level: 2, name: /^Kudos received/ }).waitFor();
}

/** Saves the page as it looks at 375 and at 1280 px wide, full length: `<name>-375.png`, `<name>-1280.png`. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const before = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    // Let layout settle (media queries re-render MUI components) before the picture.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    await page.screenshot({ path: join(screenshotDir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(before);
}

/** No WCAG 2.0/2.1 A or AA violation on the page as it stands. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const violations = results.violations.map((violation) => ({
    rule: violation.id,
    help: violation.help,
    nodes: violation.nodes.map((node) => node.target.join(' ')),
  }));
  expect(violations).toEqual([]);
}

/**
 * Waits until `check` holds, reloading the page now and then: what another person wrote reaches
 * lists a moment later, and someone waiting for it reloads (and lets the page load each time).
 */
export async function reloadUntil(page: Page, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await expect.poll(check, { timeout: 10_000 }).toBe(true);
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        // What the person was looking at when they gave up waiting.
        mkdirSync(screenshotDir, { recursive: true });
        await page.screenshot({
          path: join(screenshotDir, `gave-up-waiting-${Date.now()}.png`),
          fullPage: true,
        });
        throw error;
      }
    }
    // Never while the session resumes: the refresh token rotates, and a reload that cuts that
    // exchange short keeps a spent token, which signs the person out (seen on a loaded machine).
    await page.getByRole('progressbar', { name: 'Resuming your session' }).waitFor({ state: 'detached' });
    await page.reload();
  }
}
