// Helpers for the offline tests: waiting for the service worker to keep the site, cutting the
// network, and the reader's checks that must pass without it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { waitForList, watchPolicy } from './harness.mjs';

/**
 * A Chromium profile on disk: Chromium never offers to install a site from an incognito context,
 * which is what `browser.newContext()` makes. Same flags as harness.mjs's `launch`.
 */
export async function launchWithProfile() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosque-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await watchPolicy(context);
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  };
  return context;
}

/**
 * Waits until a service worker controls `page` and keeps the shell and every file of the bundle
 * the server has now (it checks the Cache Storage the worker fills, not the worker's word).
 */
export async function waitUntilKept(page, { bodies = true, timeout = 60000 } = {}) {
  const deadline = Date.now() + timeout;
  let state;
  while (Date.now() < deadline) {
    state = await page.evaluate(async (bodies) => {
      if (!navigator.serviceWorker.controller) return 'no service worker controls the page yet';
      const at = (p) => new URL(p, location.href).href;
      const manifest = await fetch(at(`bundle/manifest.json?t=${Date.now()}`), { cache: 'no-store' }).then((r) => r.json());
      const kept = await caches.match(at('bundle/manifest.json'));
      if (!kept || JSON.stringify(await kept.json()) !== JSON.stringify(manifest)) return 'the current manifest is not kept yet';
      for (const f of [manifest.catalog, manifest.index, manifest.positions, ...(bodies ? manifest.bodies : [])]) {
        if (!(await caches.match(at(`bundle/${f.path}?v=${f.hash}`)))) return `bundle/${f.path} is not kept yet`;
      }
      if (!(await caches.match(at('index.html')))) return 'index.html is not kept';
      return 'kept';
    }, bodies);
    if (state === 'kept') return;
    await page.waitForTimeout(200);
  }
  assert.fail(`the site was not kept for offline use in ${timeout} ms: ${state}`);
}

/** Sends `message` to the controlling service worker and resolves with the first reply `done` accepts. */
export async function askServiceWorker(page, message, done) {
  const ask = (message, accept) => new Promise((resolve) => {
    const seen = [];
    navigator.serviceWorker.addEventListener('message', (e) => {
      seen.push(e.data);
      if (accept(e.data)) resolve({ reply: e.data, seen });
    });
    navigator.serviceWorker.startMessages();
    navigator.serviceWorker.controller.postMessage(message);
  });
  // One expression with `done` written into it: the page's policy forbids `new Function`.
  return page.evaluate(`(${ask})(${JSON.stringify(message)}, ${done})`);
}

/** Cuts the network the DevTools way and stops the server too, so nothing can answer. */
export async function goOffline(page, site) {
  await page.context().setOffline(true);
  // Chromium's offline emulation does not always cover a service worker's own fetches: with the
  // server gone, a request that slips through fails as it would on a train.
  await site.close();
}

/** The list items once shown, and their count. */
export async function listCount(page) {
  const items = await waitForList(page);
  return { items, count: await items.count() };
}

/** Polls `fn` until it returns a truthy value (for a minute at most: a loaded 2-core CI runner
 *  is slow, and a passing test never waits that long). */
export async function eventually(page, fn, what, timeout = 60000) {
  const deadline = Date.now() + timeout;
  let value;
  while (Date.now() < deadline) {
    value = await fn();
    if (value) return value;
    await page.waitForTimeout(100);
  }
  assert.fail(`timed out waiting for ${what} (last: ${value})`);
}

/**
 * What a reader does with the network off, checked on the list `page` shows: the list is there,
 * a date range narrows it, a search (when the page has a search box) narrows it, an article opens.
 */
export async function readWithoutNetwork(page) {
  const { items, count } = await listCount(page);
  assert.ok(count >= 3, `the list shows ${count} articles`);
  const base = page.url().split('#')[0];

  // Filtering by date is a URL like any view.
  await page.goto(`${base}#/?from=2020-01&to=2020-12`);
  const dates = await eventually(page, async () => {
    const d = await items.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    return d.length > 0 && d.length < count && d;
  }, 'the 2020 articles');
  for (const d of dates) assert.match(d, /^2020/, `${d} is outside 2020`);

  const search = page.locator('input[type=search]');
  await page.goto(`${base}#/`);
  await eventually(page, async () => (await items.count()) === count, 'the whole list again');
  if (await search.count()) {
    await search.first().fill('securite');
    await eventually(page, async () => {
      const n = await items.count();
      return n > 0 && n < count;
    }, 'search results for "securite"');
  }

  // An article, with its body (fetched from the kept bundle).
  const link = items.first().getByRole('heading', { level: 2 }).getByRole('link');
  const title = (await link.textContent()).trim();
  await link.click();
  const article = page.getByRole('article');
  await article.locator('.article-body').waitFor();
  assert.ok((await article.locator('.article-body').textContent()).length > 100, 'the article body is shown');
  assert.match(await article.getByRole('heading', { level: 1 }).textContent(), new RegExp(title.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
}
