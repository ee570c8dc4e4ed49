// Bundle format 3 in the reader: the site's articles bundled with `--format 3` (term shards cut
// small so that there are many) are searched while only the pieces the search needs have been
// fetched, give the same results as the format-2 site, and open an article straight from its URL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, DIST, KIOSQUE, KIOSQUE_BENCH, bundleFormat3, copyOfSite, launch, newPage, resultItems,
} from '../lib/harness.mjs';
import { serve } from '../lib/server.mjs';

let browser;
let format2;
let format3;
let copy;
let manifest;

before(async () => {
  copy = copyOfSite();
  // Small term shards: a search must then pick a few among many.
  manifest = bundleFormat3(copy.dir, { shardBytes: 1500 });
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

/** Pieces of the bundle of `kind` (`terms`, `rows`, `bodies`…): the head names them, the
 *  manifest names the head alone. */
function pieces(kind) {
  return readdirSync(path.join(copy.dir, 'bundle', kind)).map((f) => `${kind}/${f}`);
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

/** Types `q` in the search box and waits for its final results; returns what the list shows. */
async function search(page, q) {
  const box = page.getByRole('searchbox', { name: 'Search the articles' });
  await box.fill(q);
  await page.waitForFunction((q) => {
    const section = document.querySelector('.results-section');
    if (section?.dataset.query !== q || section.dataset.complete !== 'true') return false;
    // Format 3: rows whose group is still on its way say so; wait for every title.
    return !section.querySelector('.result.loading');
  }, q);
  return shown(page);
}

/** The count, the first titles, the facet counts and the timeline the list shows. */
async function shown(page) {
  return page.evaluate(() => ({
    count: document.querySelector('.results-section .count').textContent,
    titles: [...document.querySelectorAll('.results .result-title')].slice(0, 20).map((h) => h.textContent),
    facets: [...document.querySelectorAll('.facets .facet-value')].map((v) => `${v.textContent}=${v.nextElementSibling?.textContent}`),
    timeline: document.querySelector('section.timeline .tl-chart')?.outerHTML ?? null,
  }));
}

test('the format-3 bundle is cut into many term shards, card groups and text groups', () => {
  assert.equal(manifest.version, 3);
  // The manifest names the head and counts the pieces; the head names them.
  assert.equal(manifest.pieces, undefined);
  assert.equal(manifest.layout, 3);
  assert.ok(manifest.piece_count > pieces('terms').length + pieces('cards').length + pieces('rows').length);
  assert.ok(readFileSync(path.join(copy.dir, 'bundle/manifest.json')).length < 1024);
  assert.ok(pieces('terms').length >= 5, `term shards: ${pieces('terms').length}`);
  assert.ok(pieces('rows').length >= 2);
  assert.equal(pieces('cards').length, pieces('rows').length);
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
  assert.ok(Number(first.count.replace(/\D/g, "")) > 0);
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
  // The list opened from its URL (typing would leave a debounced URL write behind).
  await reference.goto(`${format2.url}#/?q=securite`);
  await settled(reference);
  const href = await resultItems(reference).first().getByRole('link').getAttribute('href');
  const id = decodeURIComponent(href.match(/#\/article\/([^?]+)/)[1]);
  await reference.goto(`${format2.url}#/article/${id}`);
  await reference.locator('.article-body').waitFor();
  const title = await reference.getByRole('heading', { level: 1 }).textContent();
  const body = await reference.locator('.article-body').innerText();
  // Format 2 shows them with the body (same render).
  const around = await reference.evaluate(aroundArticle);
  assert.ok(around.neighbours.length > 0 && around.moreLikeThis, JSON.stringify(around));
  await reference.close();

  const { page, requested } = await recordedPage();
  await page.goto(`${format3.url}#/article/${id}`);
  await page.locator('.article-body').waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), title);
  assert.equal(await page.locator('.article-body').innerText(), body);
  // Head, one id shard, the row groups of the article and of its neighbours in the list, one
  // body chunk; then the term shards its related articles weigh its words against (every one,
  // as format 2 has them all), and the near-duplicates. Nothing twice, no positions.
  const kinds = requested.filter((p) => p !== 'manifest.json').map((p) => p.split(/[/-]/)[0]);
  assert.equal(kinds.filter((k) => k === 'head').length, 1);
  assert.equal(kinds.filter((k) => k === 'ids').length, 1);
  assert.equal(kinds.filter((k) => k === 'bodies').length, 1);
  assert.ok(kinds.includes('cards'));
  assert.deepEqual(kinds.filter((k) => !['head', 'ids', 'cards', 'rows', 'bodies', 'terms', 'similar', 'facets'].includes(k)), []);
  assert.equal(new Set(requested).size, requested.length, `fetched twice: ${requested}`);
  // Related articles, "More like this" and previous/next, as on format 2, once their pieces
  // (the term shards, the neighbours' rows) are here.
  await page.waitForFunction(([r, n]) => !document.querySelector('.related.loading')
    && document.querySelector('.more-like-this')
    && document.querySelectorAll('.related-list a').length === r
    && document.querySelectorAll('.neighbours a').length === n, [around.related.length, around.neighbours.length]);
  assert.deepEqual(await page.evaluate(aroundArticle), around);

  // An id the bundle does not hold says so.
  await page.goto(`${format3.url}#/article/no-such-article`);
  await page.getByRole('heading', { level: 1, name: /not found|introuvable/i }).waitFor();
});

/** What an article page shows around the article: related articles and previous/next. */
function aroundArticle() {
  return {
    related: [...document.querySelectorAll('.related-list a')].map((a) => a.textContent),
    neighbours: [...document.querySelectorAll('.neighbours a')].map((a) => a.textContent),
    moreLikeThis: Boolean(document.querySelector('.more-like-this')),
  };
}

/** The search box. */
function searchBox(page) {
  return page.getByRole('searchbox', { name: 'Search the articles' });
}

test('a search typed before its pieces have arrived shows no count until they have, then format 2\'s count, facets and timeline', async () => {
  const q = 'cloud';
  const reference = await newPage(browser, { serviceWorkers: 'block', locale: 'en-US' });
  await reference.goto(format2.url);
  const expected = await search(reference, q);
  await reference.close();
  assert.ok(expected.facets.length > 0 && expected.timeline, 'format 2 shows facets and a timeline');

  const { page, requested } = await recordedPage();
  // The term shards are held back until the test has seen what the page says meanwhile.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/bundle/terms/**', async (route) => {
    await held;
    await route.continue();
  });
  // The app's list, reached from another view: a first visit of the list would show the
  // first-results wasm's (first-results.test.mjs), and the app only once its results are shown.
  await page.goto(`${format3.url}#/library`);
  await page.getByRole('link', { name: 'Kiosque', exact: true }).click();
  await resultItems(page).first().waitFor();
  await searchBox(page).fill(q);
  await page.waitForFunction((q) => {
    const section = document.querySelector('.results-section');
    return section?.dataset.query === q && section.dataset.complete === 'false';
  }, q);
  assert.ok(requested.some((p) => p.startsWith('terms/')), 'the search asked for its term shards');
  // No number anywhere while the results are not final: what is awaited instead.
  assert.equal(await page.locator('.results-section .count').textContent(), 'Searching…');
  assert.equal(await page.locator('.timeline.counting').textContent(), 'Counting…');
  assert.equal(await page.locator('.facets.counting').textContent(), 'Counting…');
  assert.equal(await page.locator('.facet-count').count(), 0);
  assert.equal(await page.locator('section.timeline').count(), 0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'format3-searching.png') });

  release();
  assert.deepEqual(await search(page, q), expected);
  await page.screenshot({ path: path.join(ARTIFACTS, 'format3-loaded.png') });
});

test('filters, sorts and date ranges give format 2\'s lists on format 3', async () => {
  const views = ['q=cloud&sort=oldest', 'q=securite&from=2020-01&to=2022-12', 'lang=en', 'q=donnees&sort=newest&lang=fr'];
  for (const view of views) {
    const reference = await newPage(browser, { serviceWorkers: 'block', locale: 'en-US' });
    await reference.goto(`${format2.url}#/?${view}`);
    const expected = await settled(reference);
    await reference.close();
    const { page } = await recordedPage();
    await page.goto(`${format3.url}#/?${view}`);
    assert.deepEqual(await settled(page), expected, view);
    await page.close();
  }
});

/** What the list shows once its results are final and every row has arrived. */
async function settled(page) {
  await page.waitForFunction(() => {
    const section = document.querySelector('.results-section');
    return section?.dataset.complete === 'true' && !section.querySelector('.result.loading')
      && (section.querySelector('.result-title') || section.querySelector('.empty-state'));
  });
  return shown(page);
}

test('a piece that fails shows a plain message and Retry, which fetches it again', async () => {
  const { page } = await recordedPage();
  let fail = true;
  await page.route('**/bundle/terms/**', (route) => (fail ? route.abort('connectionreset') : route.continue()));
  await page.goto(format3.url);
  await resultItems(page).first().waitFor();
  await searchBox(page).fill('securite');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Part of the archive could not be loaded: terms\/[0-9a-f]+\.bin: the network request failed/);
  // No count meanwhile.
  assert.equal(await page.locator('.results-section .count').textContent(), 'Searching…');
  await page.screenshot({ path: path.join(ARTIFACTS, 'format3-piece-failed.png') });
  fail = false;
  await alert.getByRole('button', { name: 'Retry' }).click();
  const after = await settled(page);
  assert.match(after.count, /^\d+ articles?$/);
  assert.equal(await page.getByRole('alert').count(), 0);
});

test('a site redeployed during the visit is noticed: the reader is offered the new version, pieces are not mixed', async () => {
  const site = copyOfSite();
  const build = (shardBytes) => bundleFormat3(site.dir, { shardBytes }).bundle_id;
  const first = build('1500');
  const server = await serve(site.dir);
  try {
    const { page, requested } = await recordedPage();
    await page.goto(server.url);
    await resultItems(page).first().waitFor();
    // Redeployed: another bundle (cut otherwise), the old pieces gone.
    const second = build('2500');
    assert.notEqual(second, first);
    const before = requested.length;
    await searchBox(page).fill('securite');
    const alert = page.getByRole('alert');
    await alert.getByText('The site was updated meanwhile').waitFor();
    assert.match(await alert.textContent(), /no longer on the server \(404\)/);
    const banner = page.locator('#kiosque-update');
    await banner.waitFor();
    assert.match(await banner.textContent(), /A new version is available/);
    // Nothing of the new bundle but its manifest was fetched with the old one open.
    const since = requested.slice(before).filter((p) => p !== 'manifest.json');
    assert.ok(since.every((p) => !existsSync(path.join(site.dir, 'bundle', p))), `new pieces fetched: ${since}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'format3-redeployed.png') });
    // The switch: the page reloads onto the new bundle.
    await banner.getByRole('button', { name: 'reload' }).click();
    await page.waitForFunction(() => !document.querySelector('#kiosque-update'));
    await resultItems(page).first().waitFor();
    const after = await search(page, 'securite');
    assert.match(after.count, /^\d+ articles?$/);
    assert.equal(await page.getByRole('alert').count(), 0);
  } finally {
    await server.close();
    site.remove();
  }
});

test('a piece whose content does not match the hash the head gives it is refused with a plain message', async () => {
  const { page } = await recordedPage();
  // Served with one byte changed, as a stale or damaged copy on a server or a proxy would be.
  await page.route('**/bundle/terms/**', async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    body[body.length >> 1] ^= 0x20;
    await route.fulfill({ response, body });
  });
  await page.goto(format3.url);
  await resultItems(page).first().waitFor();
  await searchBox(page).fill('securite');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(
    await alert.textContent(),
    /Part of the archive could not be loaded: terms\/[0-9a-f]{16}\.bin does not match the SHA-256 the bundle's head gives it \(beginning [0-9a-f]{16}\)/,
  );
  // No count from a refused piece.
  assert.equal(await page.locator('.results-section .count').textContent(), 'Searching…');
  await page.screenshot({ path: path.join(ARTIFACTS, 'format3-piece-refused.png') });
});

test('the first row fetch of a search asks only for the rows in view, the rows below follow', async () => {
  // Generated articles, enough for many row groups (16 articles each) and a long list.
  const articles = mkdtempSync(path.join(os.tmpdir(), 'kiosque-articles-'));
  const site = copyOfSite();
  let server;
  try {
    execFileSync(KIOSQUE_BENCH, ['articles', '640', articles], { stdio: 'pipe' });
    rmSync(path.join(site.dir, 'bundle'), { recursive: true, force: true });
    execFileSync(KIOSQUE, ['bundle', articles, '-o', path.join(site.dir, 'bundle'), '--quiet', '--format', '3'], { stdio: 'pipe' });
    server = await serve(site.dir);
    const { page, requested } = await recordedPage();
    await page.goto(server.url);
    await settled(page);
    // From now on, card groups (what a row shows first) are held back until the test has seen
    // which were asked for.
    let holding = true;
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    const asked = [];
    let firstAsked;
    const asking = new Promise((resolve) => { firstAsked = resolve; });
    await page.route('**/bundle/cards/**', async (route) => {
      if (holding) {
        asked.push(new URL(route.request().url()).pathname);
        firstAsked();
        await held;
      }
      await route.continue();
    });
    await searchBox(page).fill('security');
    // The results are final (their term shards are here) and their rows wait for their groups.
    await page.waitForFunction(() => {
      const section = document.querySelector('.results-section');
      return section?.dataset.query === 'security' && section.dataset.complete === 'true'
        && section.querySelector('.result.loading');
    });
    const count = Number((await page.locator('.results-section .count').textContent()).replace(/\D/g, ''));
    const view = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('.results-section .result')];
      return {
        rendered: rows.length,
        inView: rows.filter((r) => r.getBoundingClientRect().top < innerHeight).length,
      };
    });
    assert.ok(count > 20 && view.rendered > view.inView + 3, `${count} results, ${JSON.stringify(view)}`);
    // The rows in view ask for their groups at once (in one go: the rows below wait for these to
    // arrive, and none has). The margin is one row, and the view was measured right after the
    // render that brought the results, before the blocks above the list settled (a row or so).
    await asking;
    const first = new Set(asked).size;
    assert.ok(first >= 1 && first <= view.inView + 2, `${first} card groups asked for ${view.inView} rows in view`);
    holding = false;
    release();
    // Then the rows below, once those have arrived: every row rendered shows its title.
    const after = await settled(page);
    assert.match(after.count, /^\d+ articles$/);
    const rows = new Set(requested.filter((p) => p.startsWith('cards/')));
    assert.ok(rows.size > first, `${rows.size} card groups in all, ${first} first`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'format3-rows-in-view.png') });
  } finally {
    await server?.close();
    site.remove();
    rmSync(articles, { recursive: true, force: true });
  }
});
