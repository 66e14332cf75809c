// Images end to end: a photo chosen, cropped and saved shows on the profile and in the top bar; a
// post with two images reaches another person's feed with both; a file that is not an image is
// refused in words, and nothing is posted with it.
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { register, type Account } from './api';
import { baseUrl, launch, openMyProfile, reloadUntil, screenshots, signIn, windowFor } from './browser';

let browser: Browser;
let ada: Account;
let bob: Account;

/** A JPEG photo of `width`×`height` pixels: a colour gradient, so crops and variants differ. */
async function photo(width: number, height: number, hue: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1)
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 3;
      pixels[at] = (hue + (x * 255) / width) % 256;
      pixels[at + 1] = (y * 255) / height;
      pixels[at + 2] = 128;
    }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg()
    .toBuffer();
}

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

it('a photo chosen and cropped shows on the profile and in the top bar', async () => {
  const { context, page } = await windowFor(browser);
  await signIn(page, ada);
  await openMyProfile(page);
  await page.getByRole('button', { name: 'Change photo' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your photo' });
  await dialog.getByLabel('Choose a photo').setInputFiles({
    name: 'me.jpg',
    mimeType: 'image/jpeg',
    buffer: await photo(900, 600, 0),
  });
  // The crop step: zoomed in, by keyboard, on the preview of the chosen photo.
  await dialog.getByRole('img', { name: 'Preview of your new photo' }).waitFor();
  const zoom = dialog.getByRole('slider', { name: 'Zoom' });
  await zoom.focus();
  for (let step = 0; step < 5; step += 1) await zoom.press('ArrowRight');
  expect(Number(await zoom.getAttribute('aria-valuenow'))).toBeGreaterThan(1);
  await screenshots(page, 'avatar-crop');
  await dialog.getByRole('button', { name: 'Use this photo' }).click();
  await dialog.waitFor({ state: 'detached' });

  // Both pictures are the uploaded file's variants, not initials.
  const profilePhoto = page.locator('main .MuiAvatar-img').first();
  await expect.poll(() => profilePhoto.getAttribute('src')).toMatch(/^\/files\/[^/]+\/64$/);
  const topBarPhoto = page.getByRole('button', { name: 'Your account' }).locator('img');
  await expect.poll(() => topBarPhoto.getAttribute('src')).toMatch(/^\/files\/[^/]+\/64$/);
  const served = await page.request.get((await profilePhoto.getAttribute('src')) ?? '');
  expect(served.status()).toBe(200);
  expect(served.headers()['content-type']).toBe('image/webp');
  await context.close();
});

it('a post with two images reaches another person with both; a text file is refused in words', async () => {
  const a = await windowFor(browser);
  const b = await windowFor(browser);
  await signIn(a.page, ada);
  const composer = a.page.getByRole('region', { name: 'Write a post' });
  const chooser = composer.getByLabel('Add images');

  // Not an image, whatever its name says: refused in words, with what the server found.
  await chooser.setInputFiles({
    name: 'notes.png',
    mimeType: 'image/png',
    buffer: Buffer.from('just notes\n'),
  });
  const refusal = composer.getByRole('alert').filter({ hasText: 'notes.png' });
  await refusal.waitFor();
  expect(await refusal.textContent()).toContain('This file is not an image we take.');
  expect(await refusal.textContent()).not.toContain('UNSUPPORTED_TYPE');
  await composer.getByRole('button', { name: 'Remove notes.png' }).click();

  await chooser.setInputFiles([
    { name: 'left.jpg', mimeType: 'image/jpeg', buffer: await photo(1600, 900, 40) },
    { name: 'right.jpg', mimeType: 'image/jpeg', buffer: await photo(800, 1200, 160) },
  ]);
  await composer.getByRole('img', { name: 'Uploaded: left.jpg' }).waitFor();
  await composer.getByRole('img', { name: 'Uploaded: right.jpg' }).waitFor();
  const text = `Photos from the team day (${ada.lastName})`;
  await composer.getByLabel('Share something with your colleagues').fill(text);
  await composer.getByRole('button', { name: 'Post', exact: true }).click();
  const mine = a.page.getByRole('article', { name: `Post by Ada ${ada.lastName}` }).filter({ hasText: text });
  await mine.getByRole('img', { name: 'Image 2 of 2' }).waitFor();

  await signIn(b.page, bob);
  const theirs = b.page
    .getByRole('article', { name: `Post by Ada ${ada.lastName}` })
    .filter({ hasText: text });
  await reloadUntil(b.page, () => theirs.isVisible());
  for (const name of ['Image 1 of 2', 'Image 2 of 2']) {
    const image = theirs.getByRole('img', { name });
    await expect
      .poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth))
      .toBeGreaterThan(0);
  }
  await screenshots(b.page, 'feed-post-images');
  await a.context.close();
  await b.context.close();
});
