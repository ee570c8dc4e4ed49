// A reader with the site open when a new version is published is offered it in a banner, and
// "reload" brings it in: the new service worker takes over and the page reloads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, copyOfSite, launch, newPage, waitForList } from '../lib/harness.mjs';
import { serve } from '../lib/server.mjs';
import { askServiceWorker, waitUntilKept } from '../lib/offline.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('a new version is offered in a banner and "reload" switches to it', async () => {
  const copy = copyOfSite();
  let site;
  try {
    site = await serve(copy.dir);
    const page = await newPage(browser);
    await page.goto(site.url);
    await waitForList(page);
    await waitUntilKept(page, { bodies: false });
    const banner = page.getByRole('status').filter({ hasText: 'A new version is available' });
    assert.equal(await banner.count(), 0, 'no banner while the site is current');

    // A new build: the worker's version changes, as `cargo xtask build` stamps it.
    const sw = path.join(copy.dir, 'sw.js');
    writeFileSync(sw, readFileSync(sw, 'utf8').replace(/const VERSION = "[^"]*";/, 'const VERSION = "next-build";'));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await banner.waitFor({ timeout: 30000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'update-banner.png') });

    await Promise.all([
      page.waitForEvent('load', { timeout: 30000 }),
      banner.getByRole('button', { name: 'reload' }).click(),
    ]);
    await waitForList(page);
    const { reply } = await askServiceWorker(page, { type: 'kiosque:status' }, (d) => d.type === 'kiosque:status');
    assert.equal(reply.version, 'next-build', 'the new worker controls the reloaded page');
    assert.equal(await banner.count(), 0);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    await site?.close();
    copy.remove();
  }
});
