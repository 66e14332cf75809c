// npm run bench:web — the web app as a person meets it: the built app behind the gateway with 1,000
// posts in the company feed (test/web-system.ts), in Debian's Chromium. Prints the JavaScript and
// CSS the first page (the feed) loads, gzipped, and the time from navigation to the first post on
// screen (median of BENCH_WEB_RUNS, default 5), beside the time to the sign-in form (the app shell
// alone, no API) in the same run. Targets: initial JavaScript ≤ 250 KB gzip, first feed ≤ 1 s.
// Last line: `ratio: X` (first feed render / sign-in form render, medians).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { repoRoot } from '@engage/stack';
import { personPassword, startWebSystem } from '@engage/test-harness/web-system';
import { percentile } from './servers.ts';

const runs = Number(process.env['BENCH_WEB_RUNS'] ?? 5);
const postCount = Number(process.env['BENCH_WEB_POSTS'] ?? 1000);
const say = (line: string) => void process.stderr.write(`bench:web: ${line}\n`);

const web = await startWebSystem({ say });
const { system } = web;
const writer = await system.person('Writer');
say(`writing ${postCount} posts`);
let written = 0;
let last = '';
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (written < postCount) {
      written += 1;
      const answer = await system.command('POST', '/posts', writer.token, {
        text: `Post number ${written}: what the team shipped this week, and what comes next.`,
      });
      if (answer.status !== 201) throw new Error(`POST /posts answered ${answer.status}`);
      last = String(answer.body['position']);
    }
  }),
);
// Every post is in the feed before timing starts.
const feed = await system.query(`/feed?limit=1&consistentWith=${last}`, writer.token);
if (feed.status !== 200) throw new Error(`GET /feed answered ${feed.status}`);

const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
  args: [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-gpu',
  ],
});
const context = await browser.newContext({ baseURL: web.baseUrl, viewport: { width: 1280, height: 900 } });
context.setDefaultTimeout(120_000);
const page = await context.newPage();

/** Milliseconds from navigation start until `selector` is on screen, measured in the page. */
async function renderTime(target: Page, path: string, selector: string): Promise<number> {
  await target.goto(path);
  await target.waitForSelector(selector);
  // The first frame that shows it: performance.now() counts from the navigation's start. (A string:
  // this package's types are Node's, not the browser's.)
  const look = `new Promise((resolve) => {
    const look = () => (document.querySelector(${JSON.stringify(selector)}) ? resolve(performance.now()) : requestAnimationFrame(look));
    look();
  })`;
  return Number(await target.evaluate(look));
}

// Sign in once (the refresh token in localStorage signs each later navigation in).
await page.goto('/sign-in');
await page.getByLabel('Email').fill('writer@example.com');
await page.getByLabel('Password').fill(personPassword);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForSelector('article');

// What the first page loads, from a cold cache.
const loaded = new Set<string>();
const fresh = await browser.newContext({ baseURL: web.baseUrl });
fresh.setDefaultTimeout(120_000);
const counting = await fresh.newPage();
counting.on('request', (request) => {
  const path = new URL(request.url()).pathname;
  if (/^\/assets\/.+\.(js|css)$/.test(path)) loaded.add(path);
});
await counting.goto('/sign-in');
await counting.getByLabel('Email').fill('writer@example.com');
await counting.getByLabel('Password').fill(personPassword);
await counting.getByRole('button', { name: 'Sign in' }).click();
await counting.waitForSelector('article');
await fresh.close();
const gzipKb = (kind: 'js' | 'css') =>
  [...loaded]
    .filter((path) => path.endsWith(`.${kind}`))
    .reduce(
      (sum, path) => sum + gzipSync(readFileSync(join(repoRoot, 'web', 'dist', path)), { level: 9 }).length,
      0,
    ) / 1024;

const feedTimes: number[] = [];
const shellTimes: number[] = [];
// One warm-up of each, then alternate so both see the same load.
await renderTime(page, '/', 'article');
for (let run = 0; run < runs; run += 1) {
  feedTimes.push(await renderTime(page, '/', 'article'));
  const signIn = await context.newPage();
  shellTimes.push(await renderTime(signIn, '/sign-in', 'form'));
  await signIn.close();
}
feedTimes.sort((a, b) => a - b);
shellTimes.sort((a, b) => a - b);
await browser.close();
await web.stop();

const feedMedian = percentile(feedTimes, 50);
const shellMedian = percentile(shellTimes, 50);
console.log(`initial route (the feed): ${loaded.size} files`);
console.log(`  JavaScript: ${gzipKb('js').toFixed(1)} KB gzip (target ≤ 250 KB)`);
console.log(`  CSS:        ${gzipKb('css').toFixed(1)} KB gzip (styles are injected by Emotion at run time)`);
console.log(
  `navigation → first feed render, ${postCount} posts: median ${feedMedian.toFixed(0)} ms of ${runs} (${feedTimes.map((time) => time.toFixed(0)).join(', ')}) (target ≤ 1000 ms)`,
);
console.log(`navigation → sign-in form (app shell only): median ${shellMedian.toFixed(0)} ms`);
console.log(`ratio: ${(feedMedian / shellMedian).toFixed(2)}`);
process.exit(0);
