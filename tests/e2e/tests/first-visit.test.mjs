// What a first visit downloads before the first results: the page, the app's code and style, and
// the bundle's manifest, catalog and index, each once. The page's early download
// (static/early-fetch.js) and the app (src/fetch.rs) must agree on each file's address: if they
// did not, the app would download the catalog and the index a second time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DIST, launch, newPage, waitForList } from '../lib/harness.mjs';
import { serve } from '../lib/server.mjs';

let browser;
let site;

before(async () => {
  site = await serve(DIST);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test('a first visit fetches each file it needs once, and nothing else, before the first results', async (t) => {
  // The service worker registers seconds after the first results; blocked here so that nothing
  // it would fetch is counted either way.
  const page = await newPage(browser, { serviceWorkers: 'block' });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const servedBefore = site.served();
  await page.goto(site.url);
  await waitForList(page);
  const served = site.served() - servedBefore;
  const seen = requests.slice();

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
