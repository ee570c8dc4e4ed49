// A reader of a bundle too large to keep whole is told what is kept offline and can keep the rest
// with one button, watching its progress; small bundles need no such offer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, copyOfSite, launch, newPage, waitForList } from '../lib/harness.mjs';
import { serve } from '../lib/server.mjs';
import { askServiceWorker, goOffline, readWithoutNetwork, waitUntilKept } from '../lib/offline.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('"Make everything available offline" keeps the rest of a large bundle, with progress', async () => {
  const copy = copyOfSite();
  let site;
  try {
    // The sample bundle stands in for a large one: the precache limit drops below its size.
    const sw = path.join(copy.dir, 'sw.js');
    writeFileSync(sw, readFileSync(sw, 'utf8').replace(/const PRECACHE_LIMIT = [^;]+;/, 'const PRECACHE_LIMIT = 1000;'));
    site = await serve(copy.dir);
    const page = await newPage(browser);
    await page.goto(site.url);
    await waitForList(page);
    await waitUntilKept(page, { bodies: false });

    const panel = page.getByRole('region', { name: 'Offline reading' });
    await panel.waitFor();
    assert.match(await panel.getByRole('status').textContent(), /^Offline, 4 of \d+ files are kept \(.* MB of .* MB\)/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'offline-offer.png') });
    await panel.getByRole('button', { name: 'Make everything available offline' }).click();
    await panel.getByText('Every article is available offline.').waitFor({ timeout: 60000 });
    await waitUntilKept(page);

    await goOffline(page, site);
    await page.reload();
    await readWithoutNetwork(page);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    // Closed here too when the test fails, or the open server would keep the run alive.
    await site?.close();
    copy.remove();
  }
});

test('a bundle kept whole makes no offer', async () => {
  const copy = copyOfSite();
  let site;
  try {
    site = await serve(copy.dir);
    const page = await newPage(browser);
    await page.goto(site.url);
    await waitForList(page);
    await waitUntilKept(page);
    // The page decides on the offer when the worker reports its status; ask for that report
    // (the page's own listener hears it first) and check the decision made on it.
    const { reply } = await askServiceWorker(page, { type: 'kiosque:status' }, (d) => d.type === 'kiosque:status');
    assert.ok(reply.kept >= reply.files, `everything is kept (${reply.kept} of ${reply.files})`);
    assert.equal(await page.getByRole('region', { name: 'Offline reading' }).count(), 0);
    await page.context().close();
  } finally {
    // Closed here too when the test fails, or the open server would keep the run alive.
    await site?.close();
    copy.remove();
  }
});
