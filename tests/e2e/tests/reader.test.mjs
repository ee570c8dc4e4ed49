// The sample site as a reader meets it: the list, dates at their precision, an article, back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, DIST, bundle, copyOfSite, newPage, openSite, waitForList } from '../lib/harness.mjs';
import { serve } from '../lib/server.mjs';

let browser;
let site;
let opened;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  opened = await openSite();
  ({ browser, site } = opened);
});

after(() => opened?.close());

test('the list shows every sample article, newest first, with dates at their precision', async () => {
  const page = await newPage(browser);
  await page.goto(site.url);
  const items = await waitForList(page);
  const count = await items.count();
  assert.ok(count >= 24, `expected at least 24 sample articles, saw ${count}`);
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: `${count} articles` }).waitFor());

  const datetimes = await items.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
  const sorted = [...datetimes].sort().reverse();
  assert.deepEqual(datetimes, sorted, 'articles are listed newest first');

  // A clipping dated only to the month shows the month, never an invented day.
  const april = page.locator('time[datetime="2020-04"]').first();
  assert.equal(await april.textContent(), 'April 2020');
  await page.screenshot({ path: path.join(ARTIFACTS, 'list.png'), fullPage: false });
  assert.deepEqual(page.errors, []);
});

test('French readers see French dates and counts', async () => {
  const page = await newPage(browser, { locale: 'fr-FR' });
  await page.goto(site.url);
  await waitForList(page);
  assert.equal(await page.locator('time[datetime="2020-04"]').first().textContent(), 'avril 2020');
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  assert.match(await page.getByRole('status').textContent(), /^\d+ articles$/);
});

test('an article opens with its headings, table and code rendered, and back returns to the list', async () => {
  const page = await newPage(browser);
  await page.goto(site.url);
  await waitForList(page);
  await page.getByRole('link', { name: /Strasbourg fire, a ticketing firm rebuilds/ }).click();
  await page.waitForURL(/#\/article\/2022-03-09-migration-after-strasbourg-fire$/);

  const article = page.getByRole('article');
  await article.getByRole('heading', { level: 1 }).waitFor();
  assert.match(await article.getByRole('heading', { level: 1 }).textContent(), /Strasbourg fire/);
  assert.equal(await article.locator('header time').getAttribute('datetime'), '2022-03-09');
  // The body arrives after the header (its chunk is fetched on first view): wait for it.
  const body = article.locator('.article-body');
  await body.getByRole('heading', { level: 2 }).first().waitFor();
  assert.ok((await body.getByRole('heading', { level: 2 }).count()) >= 2, 'section headings are rendered');

  const table = article.getByRole('table');
  await table.waitFor();
  assert.ok((await table.getByRole('row').count()) >= 4, 'the table keeps its rows');
  assert.ok((await table.getByRole('columnheader').count()) >= 3, 'the table keeps its header');
  const code = article.locator('pre > code');
  assert.equal(await code.count(), 1);
  assert.match(await code.getAttribute('class'), /language-yaml/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'article.png'), fullPage: true });

  await page.goBack();
  await waitForList(page);
  assert.equal(new URL(page.url()).hash, '#/');
  assert.deepEqual(page.errors, []);
});

test('a press clipping reads with its derived title, headings and paragraphs', async () => {
  const page = await newPage(browser);
  await page.goto(site.url);
  const items = await waitForList(page);
  // Clippings have hash-like file names; none of them may become a title.
  const titles = await items.getByRole('heading', { level: 2 }).allTextContents();
  for (const title of titles) assert.doesNotMatch(title, /[0-9a-f]{12}/, `title looks like a hash: ${title}`);

  await page.getByRole('link', { name: /^Un incendie a ravagé/ }).click();
  const body = page.getByRole('article').locator('.article-body');
  await body.getByRole('heading', { level: 2 }).first().waitFor();
  assert.ok((await body.getByRole('heading', { level: 2 }).count()) >= 2);
  assert.ok((await body.locator('p').count()) >= 3);
  assert.equal(await page.locator('article header time').getAttribute('datetime'), '2021-03-10');
});

test('an unknown article id shows a not-found page with a way back', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}#/article/no-such-article`);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.getByRole('link', { name: /All articles/ }).first().click();
  await waitForList(page);
});

test('a visible progress indicator is shown while the catalog downloads', async () => {
  const page = await newPage(browser);
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/bundle/catalog.bin*', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(site.url);
  const progress = page.getByRole('progressbar', { name: 'Loading articles…' });
  await progress.waitFor();
  assert.ok(await progress.isVisible());
  release();
  await waitForList(page);
  assert.equal(await progress.count(), 0);
});

test('an article opened while the previous one still loads keeps its own body', async () => {
  // Two articles with a body file each: a body of over half the 256 KB chunk size fills one.
  const folder = mkdtempSync(path.join(os.tmpdir(), 'kiosque-race-'));
  const copy = copyOfSite();
  let local;
  try {
    const text = (word) => Array.from({ length: 4000 }, (_, i) => `${word} ${i}, une phrase pour remplir le corps.`).join('\n\n');
    writeFileSync(path.join(folder, 'lent.md'), `---\ntitle: Le premier, lent\ndate: 2020-01-15\nslug: lent\n---\n\n${text('Alpha')}\n`);
    writeFileSync(path.join(folder, 'rapide.md'), `---\ntitle: Le second, rapide\ndate: 2020-02-15\nslug: rapide\n---\n\n${text('Bravo')}\n`);
    bundle(folder, path.join(copy.dir, 'bundle'));
    const manifest = JSON.parse(readFileSync(path.join(copy.dir, 'bundle/manifest.json'), 'utf8'));
    assert.equal(manifest.bodies.length, 2, 'one body file per article');
    local = await serve(copy.dir);

    const page = await newPage(browser, { serviceWorkers: 'block' });
    // The first article's body file is held inside the page: the app gets a response whose
    // bytes arrive when the test says, and the test learns when the app has read them all
    // (the stream is asked for more after the last bytes).
    await page.addInitScript((held) => {
      const fetch = window.fetch.bind(window);
      window.fetch = async (input, init) => {
        const url = typeof input === 'string' ? input : input.url;
        if (!url.includes(held)) return fetch(input, init);
        const bytes = new Uint8Array(await (await fetch(input, init)).arrayBuffer());
        let pulls = 0;
        let released;
        const release = new Promise((resolve) => (released = resolve));
        window.kiosqueHeld = { release: released, read: false };
        const body = new ReadableStream({
          async pull(controller) {
            pulls += 1;
            if (pulls === 1) {
              await release;
              controller.enqueue(bytes);
            } else {
              controller.close();
              window.kiosqueHeld.read = true;
            }
          },
        }, { highWaterMark: 0 });
        return new Response(body, { status: 200 });
      };
    }, manifest.bodies[0].path);

    await page.goto(`${local.url}#/article/2020-01-15-lent`);
    await page.getByRole('heading', { level: 1, name: 'Le premier, lent' }).waitFor();
    await page.waitForFunction(() => window.kiosqueHeld);
    await page.getByText('Loading the article…').waitFor();

    // The reader moves on before the first body arrives; the second one's comes at once.
    await page.evaluate(() => (location.hash = '#/article/2020-02-15-rapide'));
    const article = page.getByRole('article');
    await article.getByRole('heading', { level: 1, name: 'Le second, rapide' }).waitFor();
    await article.locator('.article-body').getByText('Bravo 0,').waitFor();
    // From now on, any body of the first article shown on this page is recorded.
    await page.evaluate(() => {
      window.kiosqueWrongBody = false;
      new MutationObserver(() => {
        if (document.querySelector('.article-body')?.textContent.includes('Alpha')) window.kiosqueWrongBody = true;
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });

    // The first body arrives now; once the app has read it, a render would have followed in
    // the same turn of the event loop: wait for it to be read, then for two frames.
    await page.evaluate(() => window.kiosqueHeld.release());
    await page.waitForFunction(() => window.kiosqueHeld.read);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    assert.equal(await page.evaluate(() => window.kiosqueWrongBody), false, 'the first article’s body never replaces the second’s');
    assert.equal(await article.getByRole('heading', { level: 1 }).textContent(), 'Le second, rapide');
    assert.match(await article.locator('.article-body').textContent(), /^Bravo 0,/);
    assert.deepEqual(page.errors, []);

    // Going back shows the first article's body, from the file that arrived late.
    await page.goBack();
    await article.locator('.article-body').getByText('Alpha 0,').waitFor();
    await page.context().close();
  } finally {
    await local?.close();
    copy.remove();
    rmSync(folder, { recursive: true, force: true });
  }
});

// What a first visit downloads before the first results: the page, the app's code and style, and
// the bundle's manifest, catalog and index, each once. The page's early download
// (static/early-fetch.js) and the app (src/fetch.rs) must agree on each file's address: if they
// did not, the app would download the catalog and the index a second time.
test('a first visit fetches each file it needs once, and nothing else, before the first results', async (t) => {
  // The service worker registers seconds after the first results; blocked here so that nothing
  // it would fetch is counted either way.
  const page = await newPage(browser, { serviceWorkers: 'block' });
  const requests = [];
  page.on('request', (r) => requests.push(r));
  await page.goto(site.url);
  await waitForList(page);
  const before = requests.slice();
  const seen = before.map((r) => r.url());
  // Bytes counted from this page's own responses (each awaited to its end): the server's
  // counter would also count what pages of earlier tests still fetch in the background.
  const bodies = await Promise.all(before.map((r) => r.sizes().then((s) => s.responseBodySize)));
  const served = bodies.reduce((a, b) => a + b, 0);

  const all = seen.map((u) => {
    const url = new URL(u);
    // The manifest's `?t=` only defeats caches: two of them would still be two downloads.
    url.searchParams.delete('t');
    return url.pathname.slice(new URL(site.url).pathname.length) + url.search;
  });
  // The browser asks for the page's icon on its own, sometimes twice; nothing else is expected.
  const isIcon = (u) => /^favicon.*\.svg$/.test(u);
  const relative = all.filter((u) => !isIcon(u));
  const twice = relative.filter((u, i) => relative.indexOf(u) !== i);
  assert.deepEqual(twice, [], `fetched more than once: ${twice.join(', ')}`);

  const manifest = JSON.parse(readFileSync(path.join(DIST, 'bundle/manifest.json'), 'utf8'));
  const shell = readdirSync(DIST).filter((f) => /^(kiosque-app-.*\.(js|wasm)|style-.*\.css)$/.test(f));
  const expected = [
    '',
    ...shell,
    'bundle/manifest.json',
    `bundle/${manifest.catalog.path}?v=${manifest.catalog.hash}`,
    `bundle/${manifest.index.path}?v=${manifest.index.hash}`,
  ].sort();
  assert.deepEqual(relative.slice().sort(), expected);

  const size = (f) => statSync(path.join(DIST, f === '' ? 'index.html' : f.split('?')[0])).size;
  const expectedBytes = expected.reduce((sum, f) => sum + size(f), 0);
  const icon = all.filter(isIcon).reduce((sum, f) => sum + size(f), 0);
  assert.ok(served >= expectedBytes && served <= expectedBytes + icon,
    `served ${served} bytes for files of ${expectedBytes} bytes`);
  t.diagnostic(`first visit: ${seen.length} requests, ${served} bytes before the first results`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
