// Bundle format 3 in the reader: the site's articles bundled with `--format 3` (term shards cut
// small so that there are many) are searched while only the pieces the search needs have been
// fetched, give the same results as the format-2 site, and open an article straight from its URL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, DIST, KIOSQUE, REPO, copyOfSite, launch, newPage, resultItems } from '../lib/harness.mjs';
import { serve } from '../lib/server.mjs';

let browser;
let format2;
let format3;
let copy;
let manifest;

before(async () => {
  copy = copyOfSite();
  execFileSync(KIOSQUE, ['bundle', path.join(REPO, 'articles'), '-o', path.join(copy.dir, 'bundle'), '--quiet', '--format', '3'], {
    encoding: 'utf8',
    stdio: 'pipe',
    // Small term shards: a search must then pick a few among many.
    env: { ...process.env, KIOSQUE_TERM_SHARD_BYTES: '1500' },
  });
  manifest = JSON.parse(readFileSync(path.join(copy.dir, 'bundle/manifest.json'), 'utf8'));
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

/** Pieces of the manifest of `kind` (`terms`, `rows`, `bodies`…). */
function pieces(kind) {
  return manifest.pieces.map((p) => p.path).filter((p) => p.startsWith(`${kind}/`));
}

/** A page whose bundle requests are recorded (service workers blocked: every fetch is seen). */
async function recordedPage() {
  const page = await newPage(browser, { serviceWorkers: 'block', locale: 'en-US' });
  const requested = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    const at = url.pathname.indexOf('/bundle/');
    if (at >= 0) requested.push(url.pathname.slice(at + '/bundle/'.length));
  });
  return { page, requested };
}

/** Types `q` in the search box and waits for its complete results; returns count and titles. */
async function search(page, q) {
  const box = page.getByRole('searchbox', { name: 'Search the articles' });
  await box.fill(q);
  await page.waitForFunction((q) => {
    const section = document.querySelector('.results-section');
    if (section?.dataset.query !== q || section.dataset.complete === 'false') return false;
    // Format 3: rows whose group is still on its way say so; wait for every title.
    return !section.querySelector('.result.loading');
  }, q);
  const status = page.getByRole('status').filter({ hasText: /\d+ articles?$/ });
  const count = Number((await status.first().textContent()).replace(/\D/g, ''));
  const titles = await resultItems(page).getByRole('heading', { level: 2 }).allTextContents();
  return { count, titles: titles.slice(0, 20) };
}

test('the format-3 bundle is cut into many term shards and row groups', () => {
  assert.equal(manifest.version, 3);
  assert.ok(pieces('terms').length >= 5, `term shards: ${pieces('terms').length}`);
  assert.ok(pieces('rows').length >= 2);
});

test('a search typed on a format-3 bundle, before the rest is fetched, gives format 2\'s results', async () => {
  const queries = ['securite', 'cloud', 'souverain', '"cloud de confiance"', 'données -santé'];
  const expected = [];
  {
    const page = await newPage(browser, { serviceWorkers: 'block', locale: 'en-US' });
    await page.goto(format2.url);
    for (const q of queries) expected.push(await search(page, q));
    await page.close();
  }
  const { page, requested } = await recordedPage();
  await page.goto(format3.url);
  // The list shows as soon as the head is open: no term shard is needed for it.
  await resultItems(page).first().waitFor();
  assert.deepEqual(requested.filter((p) => p.startsWith('terms/')), []);
  assert.ok(requested.some((p) => p.startsWith('head-')));
  assert.ok(!requested.some((p) => p === 'catalog.bin' || p === 'index.bin'));

  const first = await search(page, queries[0]);
  assert.ok(first.count > 0);
  assert.deepEqual(first, expected[0], `"${queries[0]}" on format 3`);
  // The first search fetched its words' shards, not the whole index, and no article body.
  const shards = new Set(requested.filter((p) => p.startsWith('terms/')));
  assert.ok(shards.size >= 1, 'the search fetched its term shards');
  assert.ok(shards.size < pieces('terms').length, `fetched ${shards.size} of ${pieces('terms').length} term shards`);
  assert.deepEqual(requested.filter((p) => p.startsWith('bodies/')), []);
  // Each piece is fetched once, however often the view asked for it.
  assert.equal(new Set(requested).size, requested.length, `fetched twice: ${requested}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'format3-search.png') });

  for (let i = 1; i < queries.length; i += 1) {
    assert.deepEqual(await search(page, queries[i]), expected[i], `"${queries[i]}" on format 3`);
  }
  assert.equal(new Set(requested).size, requested.length, `fetched twice: ${requested}`);
});

test('an article opens straight from its URL on a cold format-3 site, as on format 2', async () => {
  const reference = await newPage(browser, { serviceWorkers: 'block', locale: 'en-US' });
  await reference.goto(format2.url);
  await search(reference, 'securite');
  const href = await resultItems(reference).first().getByRole('link').getAttribute('href');
  const id = decodeURIComponent(href.match(/#\/article\/([^?]+)/)[1]);
  await reference.goto(`${format2.url}#/article/${id}`);
  await reference.locator('.article-body').waitFor();
  const title = await reference.getByRole('heading', { level: 1 }).textContent();
  const body = await reference.locator('.article-body').innerText();
  await reference.close();

  const { page, requested } = await recordedPage();
  await page.goto(`${format3.url}#/article/${id}`);
  await page.locator('.article-body').waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), title);
  assert.equal(await page.locator('.article-body').innerText(), body);
  // Head, one id shard, one row group, one body chunk: no term shard, nothing else.
  const kinds = requested.filter((p) => p !== 'manifest.json').map((p) => p.split(/[/-]/)[0]).sort();
  assert.deepEqual(kinds, ['bodies', 'head', 'ids', 'rows']);

  // An id the bundle does not hold says so.
  await page.goto(`${format3.url}#/article/no-such-article`);
  await page.getByRole('heading', { level: 1, name: /not found|introuvable/i }).waitFor();
});
