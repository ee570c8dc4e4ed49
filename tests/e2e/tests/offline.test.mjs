// Offline and static hosting: after one visit the site works with the network off (at the root
// and under a sub-path), a new deploy is offered with a banner, a swapped bundle is picked up, and
// the single-file build works from disk.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, DIST, KIOSQUE, REPO, bundle, copyOfSite, launch, newPage, waitForList } from '../lib/harness.mjs';
import { serve } from '../lib/server.mjs';
import {
  askServiceWorker, eventually, goOffline, launchWithProfile, listCount, readWithoutNetwork, waitUntilKept,
} from '../lib/offline.mjs';

const HOSTILE = path.join(REPO, 'tests/fixtures/hostile');
/** A site built with `cargo xtask build --public-url <prefix>` by `cargo xtask test`. */
const SUBPATH_DIST = process.env.KIOSQUE_DIST_SUBPATH;
const SUBPATH = process.env.KIOSQUE_SUBPATH ?? '/kiosque/sub/';
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Visits `root` served under `prefix` once, waits until it is kept, cuts the network, reloads. */
async function visitThenGoOffline(root, prefix = '/') {
  const site = await serve(root, prefix);
  const page = await newPage(browser);
  await page.goto(site.url);
  await waitForList(page);
  await waitUntilKept(page);
  const { count } = await listCount(page);
  await goOffline(page, site);
  await page.reload();
  assert.equal((await listCount(page)).count, count, 'the same list offline');
  return page;
}

test('after one visit the site reloads offline: list, date filter, search, an article', async () => {
  const page = await visitThenGoOffline(DIST);
  await readWithoutNetwork(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('under a sub-path the site works, then works offline', async () => {
  // The build made for the path when there is one; else the default `./`-relative build, which
  // must work under any path.
  const root = SUBPATH_DIST ?? DIST;
  if (SUBPATH_DIST) {
    const index = readFileSync(path.join(root, 'index.html'), 'utf8');
    assert.match(index, new RegExp(`href="${SUBPATH}style-[0-9a-f]+\\.css"`), 'assets are linked under the public URL');
  }
  const page = await visitThenGoOffline(root, SUBPATH);
  assert.ok(new URL(page.url()).pathname.startsWith(SUBPATH));
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
  assert.equal(new URL(scope).pathname, SUBPATH, 'the service worker is scoped to the sub-path');
  await readWithoutNetwork(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a bundle swapped with `kiosque bundle` is shown online, then kept for offline', async () => {
  const copy = copyOfSite();
  try {
    const site = await serve(copy.dir);
    const page = await newPage(browser);
    await page.goto(site.url);
    await waitForList(page);
    await waitUntilKept(page);
    bundle(HOSTILE, path.join(copy.dir, 'bundle'));
    await page.reload();
    await page.getByRole('link', { name: 'A bundle swapped in after the build' }).waitFor();
    assert.equal((await listCount(page)).count, 3);
    await waitUntilKept(page);
    await goOffline(page, site);
    await page.reload();
    await page.getByRole('link', { name: 'A bundle swapped in after the build' }).waitFor();
    assert.equal((await listCount(page)).count, 3);
    const keys = await page.evaluate(async () => {
      const all = [];
      for (const name of await caches.keys()) all.push(...(await (await caches.open(name)).keys()).map((r) => r.url));
      return all;
    });
    const bodies = keys.filter((k) => k.includes('/bundle/bodies/'));
    assert.equal(bodies.length, 1, `only the current bundle's bodies are kept: ${bodies}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    copy.remove();
  }
});

test('a bundle over the precache limit keeps catalog, index, positions and near-duplicate groups first, and everything on request', async () => {
  const copy = copyOfSite();
  try {
    // The sample bundle stands in for a large one: the limit drops below its size.
    const sw = path.join(copy.dir, 'sw.js');
    const source = readFileSync(sw, 'utf8');
    assert.match(source, /const PRECACHE_LIMIT = 50 \* 1000 \* 1000;/);
    writeFileSync(sw, source.replace(/const PRECACHE_LIMIT = [^;]+;/, 'const PRECACHE_LIMIT = 1000;'));
    const site = await serve(copy.dir);
    const page = await newPage(browser);
    await page.goto(site.url);
    await waitForList(page);
    await waitUntilKept(page, { bodies: false });
    const { reply: status } = await askServiceWorker(page, { type: 'kiosque:status' }, (d) => d.type === 'kiosque:status');
    const manifest = JSON.parse(readFileSync(path.join(copy.dir, 'bundle/manifest.json'), 'utf8'));
    assert.ok(manifest.similar, 'the bundle lists similar.bin');
    assert.equal(status.files, 4 + manifest.bodies.length);
    assert.equal(status.kept, 4, 'catalog, index, positions and similar.bin are kept, bodies wait until opened');
    assert.ok(status.bytes > status.limit);

    // "Make everything available offline": progress up to the whole bundle.
    const { reply: last, seen } = await askServiceWorker(page, { type: 'kiosque:cache-all' }, (d) => d.type === 'kiosque:progress' && (d.error || d.done === d.total));
    assert.equal(last.error, undefined);
    assert.equal(last.done, status.bytes);
    assert.ok(seen.filter((d) => d.type === 'kiosque:progress').length >= 3, 'progress is reported per file');
    await waitUntilKept(page);
    await goOffline(page, site);
    await page.reload();
    await readWithoutNetwork(page);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    copy.remove();
  }
});

test('a new deploy is offered with a banner; "reload" switches to it and drops the old cache', async () => {
  const copy = copyOfSite();
  try {
    const site = await serve(copy.dir);
    const page = await newPage(browser);
    await page.goto(site.url);
    await waitForList(page);
    await waitUntilKept(page);
    const before = await page.evaluate(() => caches.keys());
    const sw = path.join(copy.dir, 'sw.js');
    const old = readFileSync(sw, 'utf8').match(/const VERSION = "([^"]+)";/)[1];
    assert.notEqual(old, 'dev', 'the build stamps the service worker');
    writeFileSync(sw, readFileSync(sw, 'utf8').replace(`const VERSION = "${old}";`, 'const VERSION = "next";'));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const banner = page.getByRole('status').filter({ hasText: 'A new version is available' });
    await banner.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'update-banner.png') });
    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'reload' }).click()]);
    await waitForList(page);
    const after = await eventually(page, async () => {
      const names = await page.evaluate(() => caches.keys());
      return names.some((n) => n.startsWith('kiosque-shell-next ')) && !names.some((n) => n.startsWith(`kiosque-shell-${old} `)) && names;
    }, 'the new shell cache alone');
    assert.ok(before.some((n) => n.startsWith(`kiosque-shell-${old} `)), `${before}`);
    assert.ok(after.some((n) => n.startsWith('kiosque-bundle ')), 'the bundle stays kept across versions');
    assert.equal(await page.getByRole('status').filter({ hasText: 'A new version' }).count(), 0);
    assert.deepEqual(page.errors, []);
    await site.close();
    await page.context().close();
  } finally {
    copy.remove();
  }
});

test('French readers get the banner in French', async () => {
  const copy = copyOfSite();
  try {
    const site = await serve(copy.dir);
    const page = await newPage(browser, { locale: 'fr-FR' });
    await page.goto(site.url);
    await waitForList(page);
    await waitUntilKept(page);
    const sw = path.join(copy.dir, 'sw.js');
    writeFileSync(sw, `${readFileSync(sw, 'utf8')}\n// another deploy\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const banner = page.getByRole('status').filter({ hasText: 'Une nouvelle version est disponible' });
    await banner.getByRole('button', { name: 'recharger' }).waitFor();
    await site.close();
    await page.context().close();
  } finally {
    copy.remove();
  }
});

test('browsers offer to install it: a web manifest with PNG and SVG icons, no installability error', async () => {
  const site = await serve(DIST, SUBPATH);
  const context = await launchWithProfile();
  try {
    const page = await context.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => navigator.serviceWorker.controller);
    const cdp = await context.newCDPSession(page);
    assert.deepEqual((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, []);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifest.errors, []);
    const { icons, start_url: start } = JSON.parse(manifest.data);
    assert.equal(new URL(start, manifest.url).href, site.url, 'it starts where it is served');
    assert.ok(icons.some((i) => i.type === 'image/svg+xml'));
    for (const icon of icons.filter((i) => i.type === 'image/png')) {
      const png = await (await page.request.get(new URL(icon.src, manifest.url).href)).body();
      assert.equal(png.subarray(12, 16).toString(), 'IHDR');
      assert.equal(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.sizes);
      assert.ok(png.length < 8000, `${icon.src} stays small (${png.length} bytes)`);
    }
  } finally {
    await context.close();
    await site.close();
  }
});

test('the single file opens from disk with no server and no network: list, search, an article', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosque-single-'));
  try {
    const file = path.join(dir, 'kiosque.html');
    execFileSync(KIOSQUE, ['single-file', '--app', DIST, '-o', file], { stdio: 'pipe' });
    assert.ok(statSync(file).size < 100_000_000);
    assert.ok(!existsSync(path.join(dir, 'bundle')), 'nothing but the one file');
    const page = await newPage(browser, { offline: true });
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    await readWithoutNetwork(page);
    // Its own policy, for a page that loads nothing: no site to trust, its scripts by hash.
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(policy, /^default-src 'none'; script-src 'wasm-unsafe-eval' 'sha256-[^;]+; style-src 'unsafe-inline'; img-src data: https: http:;/);
    const elsewhere = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
    assert.deepEqual(elsewhere, [], 'the single file asks for nothing outside itself');
    assert.equal(requests.filter((u) => u.startsWith('file:')).length, 1, 'only the page itself is read from disk');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
