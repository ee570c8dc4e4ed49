// The first results before the app (crates/first, static/first-loader.js): on a format-3 site
// the list's first screen comes from the small first-results wasm while the Yew app's wasm is
// held back; its count and titles are the app's once the app is released, and the app takes
// the page over keeping the query, the focus and the caret. An article URL opens in the app;
// a format-2 site opens in the app as before.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, DIST, bundleFormat3, copyOfSite, launch, newPage } from '../lib/harness.mjs';
import { serve } from '../lib/server.mjs';

// The site built for a sub-path (`cargo xtask test` builds it; the root build served under the
// sub-path otherwise, as offline.test.mjs does).
const SUBPATH_DIST = process.env.KIOSQUE_DIST_SUBPATH ?? DIST;
const SUBPATH = process.env.KIOSQUE_SUBPATH ?? '/kiosque/sub/';

let browser;
let format2;
let format3;
let copy;

before(async () => {
  copy = copyOfSite();
  bundleFormat3(copy.dir);
  format2 = await serve(DIST);
  format3 = await serve(copy.dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await format2?.close();
  await format3?.close();
  copy?.remove();
});

/** A page whose requests for the app's wasm are held until `release()` is called; `requested`
 *  lists the site's files asked for, in order. */
async function heldPage(options = {}) {
  const page = await newPage(browser, { serviceWorkers: 'block', locale: 'en-US', ...options });
  const requested = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  let held = 0;
  let asked;
  const wasAsked = new Promise((resolve) => { asked = resolve; });
  await page.route(/kiosque-app-[0-9a-f]+_bg\.wasm$/, async (route) => {
    held += 1;
    asked();
    await released;
    await route.continue();
  });
  return { page, requested, release, held: () => held, asked: wasAsked };
}

/** The final results `root` (a selector: the lite's `#kiosque-first` or the app's `#kiosque`)
 *  shows for `q`: its count is final and the rows in view have their titles. */
async function finalResults(page, root, q) {
  await page.waitForFunction(({ root, q }) => {
    const section = document.querySelector(`${root} .results-section`);
    if (!section || section.dataset.query !== q) return false;
    if (section.querySelector('.count')?.getAttribute('aria-busy') !== 'false') return false;
    const rows = [...section.querySelectorAll('.result')].filter((r) => r.getBoundingClientRect().top < innerHeight);
    return rows.length > 0 && !rows.some((r) => r.classList.contains('loading'));
  }, { root, q });
  return page.evaluate((root) => {
    const section = document.querySelector(`${root} .results-section`);
    const titles = [...section.querySelectorAll('.result')]
      .filter((r) => !r.classList.contains('loading') && r.getBoundingClientRect().top < innerHeight)
      .map((r) => r.querySelector('.result-title').textContent);
    return { count: section.querySelector('.count').textContent, titles };
  }, root);
}

/** The titles of the first `k` rows under `root`, once each has arrived (the app's list is laid
 *  out with its timeline and filters, so fewer of its rows may be in view than the lite's). */
async function firstTitles(page, root, k) {
  await page.waitForFunction(({ root, k }) => {
    const rows = [...document.querySelectorAll(`${root} .results .result`)].slice(0, k);
    return rows.length === k && rows.every((r) => r.querySelector('.result-title'));
  }, { root, k });
  return page.evaluate(({ root, k }) => [...document.querySelectorAll(`${root} .results .result`)].slice(0, k)
    .map((r) => r.querySelector('.result-title').textContent), { root, k });
}

/** Waits until the app has taken the page over: the lite's elements are gone, the app shown. */
async function tookOver(page) {
  await page.waitForFunction(() => !document.getElementById('kiosque-first')
    && !document.documentElement.classList.contains('first-results'));
}

test('a search typed before the app arrives shows the app\'s own results, and the app takes over keeping it', async () => {
  const { page, requested, release, held, asked } = await heldPage();
  await page.goto(format3.url);
  const box = page.locator('#kiosque-first input[type=search]');
  await box.fill('securite');
  const first = await finalResults(page, '#kiosque-first', 'securite');
  assert.match(first.count, /^\d+ articles?$/);
  assert.ok(first.titles.length > 0);
  // The lite wrote the URL as the app does; the app's wasm has not arrived (held back).
  assert.equal(new URL(page.url()).hash, '#/?q=securite');
  assert.ok(requested.some((p) => /kiosque-first-[0-9a-f]+_bg\.wasm$/.test(p)), requested.join('\n'));
  await page.screenshot({ path: path.join(ARTIFACTS, 'first-results-lite.png') });

  // The app is asked for only once the first results are shown; the lite keeps answering
  // typing while it downloads.
  await asked;
  await box.fill('securite donnees');
  const second = await finalResults(page, '#kiosque-first', 'securite donnees');
  assert.equal(held(), 1, 'the app\'s wasm was asked for once, after the first results');
  await box.evaluate((input) => input.setSelectionRange(3, 5));
  assert.equal(await page.locator('#kiosque .results-section').count(), 0, 'the app cannot have rendered yet');

  release();
  await tookOver(page);
  const app = await finalResults(page, '#kiosque', 'securite donnees');
  assert.equal(app.count, second.count);
  assert.deepEqual(await firstTitles(page, '#kiosque', second.titles.length), second.titles);
  // The search box's text, focus and caret carried over.
  const focus = await page.evaluate(() => {
    const box = document.activeElement;
    return { id: box.id, value: box.value, start: box.selectionStart, end: box.selectionEnd };
  });
  assert.deepEqual(focus, { id: 'search', value: 'securite donnees', start: 3, end: 5 });
  await page.waitForFunction(() => location.hash === '#/?q=securite+donnees');
  // The app took the pieces the lite had fetched (or was fetching): none was fetched twice.
  const bundle = requested.filter((p) => p.includes('/bundle/'));
  assert.equal(new Set(bundle).size, bundle.length, `fetched twice: ${bundle.join('\n')}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'first-results-app.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the lite shows the rows\' titles from their card groups, then their snippets from their text groups', async () => {
  const { page, requested } = await heldPage();
  // The text groups (`rows/`) wait until the rows show their titles.
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  const texts = [];
  let textAsked;
  const textsAsked = new Promise((resolve) => { textAsked = resolve; });
  await page.route('**/bundle/rows/**', async (route) => {
    texts.push(route.request().url());
    textAsked();
    await released;
    await route.continue();
  });
  await page.goto(format3.url);
  await page.locator('#kiosque-first input[type=search]').fill('securite');
  const first = await finalResults(page, '#kiosque-first', 'securite');
  assert.ok(first.titles.length > 0 && first.titles.every((t) => t.length > 0));
  // Every row in view shows its title, date and summary, marked as waiting for its snippet.
  const pending = () => page.evaluate(() => [...document.querySelectorAll('#kiosque-first .result')]
    .filter((r) => r.getBoundingClientRect().top < innerHeight)
    .map((r) => r.classList.contains('snippet-pending')));
  assert.ok((await pending()).every(Boolean), 'the rows wait for their snippets');
  const cardsAsked = requested.filter((p) => p.includes('/bundle/cards/')).length;
  assert.ok(cardsAsked > 0, requested.join('\n'));
  await textsAsked;
  assert.ok(texts.length > 0 && texts.length <= cardsAsked, `${texts.length} text groups for ${cardsAsked} card groups`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'first-results-lite-titles-first.png') });
  release();
  // Then the snippets, cut from the text, with the word marked.
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#kiosque-first .result')].filter((r) => r.getBoundingClientRect().top < innerHeight);
    return rows.length > 0 && rows.every((r) => !r.classList.contains('snippet-pending'))
      && rows.some((r) => r.querySelector('.result-snippet mark'));
  });
  assert.deepEqual((await finalResults(page, '#kiosque-first', 'securite')).titles, first.titles);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the first results are the app\'s for the default list and a phrase, on a phone too', async () => {
  for (const [q, viewport] of [['', { width: 1280, height: 800 }], ['"sécurité des"', { width: 390, height: 844 }]]) {
    const { page, release } = await heldPage({ viewport, isMobile: viewport.width < 500, hasTouch: viewport.width < 500 });
    await page.goto(`${format3.url}${q ? `#/?q=${encodeURIComponent(q)}` : ''}`);
    const lite = await finalResults(page, '#kiosque-first', q);
    if (viewport.width < 500) await page.screenshot({ path: path.join(ARTIFACTS, 'first-results-lite-phone.png') });
    release();
    await tookOver(page);
    const app = await finalResults(page, '#kiosque', q);
    assert.equal(app.count, lite.count, q);
    assert.deepEqual(await firstTitles(page, '#kiosque', lite.titles.length), lite.titles, q);
    if (viewport.width < 500) await page.screenshot({ path: path.join(ARTIFACTS, 'first-results-app-phone.png') });
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});

test('an article URL opens in the app, without the first-results wasm', async () => {
  const { page, requested, release } = await heldPage();
  release();
  await page.goto(`${format3.url}#/?q=securite`);
  await tookOver(page);
  const href = await page.locator('#kiosque .result-title a').first().getAttribute('href');
  const title = await page.locator('#kiosque .result-title').first().textContent();
  await page.close();

  const fresh = await heldPage();
  fresh.release();
  await fresh.page.goto(`${format3.url}${href}`);
  await fresh.page.locator('.article-body').waitFor();
  assert.equal(await fresh.page.getByRole('heading', { level: 1 }).textContent(), title);
  assert.ok(!fresh.requested.some((p) => p.includes('kiosque-first-')), fresh.requested.join('\n'));
  assert.deepEqual(fresh.page.errors, []);
  await fresh.page.close();
  assert.ok(requested.length > 0);
});

test('a format-2 site opens in the app, the first-results wasm handing over at once', async () => {
  const page = await newPage(browser, { serviceWorkers: 'block', locale: 'en-US' });
  await page.goto(`${format2.url}#/?q=securite`);
  await tookOver(page);
  const app = await finalResults(page, '#kiosque', 'securite');
  assert.match(app.count, /^\d+ articles?$/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('under a sub-path the first results come from the lite, and the app takes over', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosque-first-sub-'));
  cpSync(SUBPATH_DIST, dir, { recursive: true });
  bundleFormat3(dir);
  const site = await serve(dir, SUBPATH);
  try {
    const { page, requested, release } = await heldPage();
    await page.goto(site.url);
    await page.locator('#kiosque-first input[type=search]').fill('cloud');
    const lite = await finalResults(page, '#kiosque-first', 'cloud');
    assert.ok(requested.some((p) => p.startsWith(`${SUBPATH}kiosque-first-`)), requested.join('\n'));
    release();
    await tookOver(page);
    const app = await finalResults(page, '#kiosque', 'cloud');
    assert.equal(app.count, lite.count);
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a site redeployed while the first results are shown: the app that takes over says so and offers the new version', async () => {
  const site = copyOfSite();
  // Two bundles of the same articles cut otherwise: every piece but the manifest is renamed.
  const build = (shardBytes) => bundleFormat3(site.dir, { shardBytes });
  build('1500');
  const server = await serve(site.dir);
  try {
    const { page, release, asked } = await heldPage();
    await page.goto(server.url);
    await finalResults(page, '#kiosque-first', '');
    await asked;
    build('2500');
    // The lite's search meets the old pieces gone (404): it hands the page over to the app,
    // which must tell a redeployed site, not a network failure, from the entry the lite left.
    await page.locator('#kiosque-first input[type=search]').fill('securite');
    release();
    await tookOver(page);
    const alert = page.getByRole('alert');
    await alert.getByText('The site was updated meanwhile').waitFor();
    assert.match(await alert.textContent(), /no longer on the server \(404\)/);
    await page.locator('#kiosque-update').waitFor();
    assert.match(await page.locator('#kiosque-update').textContent(), /A new version is available/);
    await page.close();
  } finally {
    await server.close();
    site.remove();
  }
});
