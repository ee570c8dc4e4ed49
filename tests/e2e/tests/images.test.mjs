// Pictures in articles: bundled ones show at their size from a folder post (Zola) and from a site
// root (Jekyll), a missing one shows its alt text, a remote one is not requested until the reader
// asks (and a setting remembers "always"), and a kept article shows its pictures offline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { ARTIFACTS, DIST, KIOSQUE, REPO, docScreenshot, newPage, openSite, serveSite, waitForList } from '../lib/harness.mjs';
import { goOffline, launchWithProfile, waitUntilKept } from '../lib/offline.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/images');
const REMOTE = 'https://example.org/carte.png';
// A 1×1 PNG the test serves in place of the remote picture, once the reader has asked for it.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
let browser;
let site;
let opened;

before(async () => {
  // The summary goes to stderr, with the warning about the missing picture.
  opened = await openSite({
    articles: path.join(FIXTURE, 'articles'),
    bundleArgs: ['--site-root', path.join(FIXTURE, 'site')],
    report: [/4 articles imported.*2 images/, /2022-05-06-photo-disparue\.md:\d+:\d+: warning: .*absente\.jpg/],
  });
  ({ browser, site } = opened);
});

after(() => opened?.close());

/** Opens the article titled `title` from the list and returns its body. */
async function openArticle(page, base, title) {
  await page.goto(base);
  await waitForList(page);
  await page.getByRole('link', { name: title }).click();
  const body = page.locator('.article-body');
  await body.waitFor();
  return body;
}

/** The rendered box and natural size of the first picture in `body`, once it has loaded. */
async function pictureSize(body) {
  const img = body.locator('img.picture').first();
  await img.scrollIntoViewIfNeeded();
  await img.evaluate((el) => el.decode());
  return img.evaluate((el) => ({
    width: el.getAttribute('width'),
    height: el.getAttribute('height'),
    naturalWidth: el.naturalWidth,
    naturalHeight: el.naturalHeight,
    box: [el.getBoundingClientRect().width, el.getBoundingClientRect().height],
    loading: el.getAttribute('loading'),
    alt: el.alt,
  }));
}

test('a folder post and a site-root path both show their pictures at their size', async () => {
  // No service worker: the test holds the pictures back on their way from the server.
  const page = await newPage(browser, { serviceWorkers: 'block' });
  // The space is reserved before the picture arrives: hold the picture back and measure.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/bundle/assets/**', async (route) => {
    await held;
    await route.continue().catch(() => {});
  });
  const zola = await openArticle(page, site.url, /La courbe des inscriptions/);
  const waiting = zola.locator('img.picture').first();
  await waiting.waitFor();
  const reserved = await waiting.evaluate((el) => [el.getBoundingClientRect().width, el.getBoundingClientRect().height, el.complete]);
  assert.deepEqual(reserved.slice(0, 2), [120, 80], 'the box has the picture size before it loads');
  assert.equal(reserved[2], false, 'the picture had not arrived yet');
  release();
  const chart = await pictureSize(zola);
  assert.deepEqual(chart, {
    width: '120', height: '80', naturalWidth: 120, naturalHeight: 80, box: [120, 80], loading: 'lazy', alt: 'Une courbe',
  });
  await docScreenshot(page, 'screenshot-pictures.png');

  const jekyll = await openArticle(page, site.url, /Un nouveau logo/);
  const logo = await pictureSize(jekyll);
  assert.equal(logo.naturalWidth, 64);
  assert.deepEqual(logo.box, [64, 64]);
  assert.equal(logo.alt, 'Le logo');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a missing picture shows its alt text in a placeholder', async () => {
  const page = await newPage(browser);
  const body = await openArticle(page, site.url, /La photo du vide-grenier/);
  const placeholder = body.getByRole('img', { name: 'Photo disparue' });
  await placeholder.waitFor();
  assert.match(await placeholder.textContent(), /Photo disparue/);
  assert.equal(await body.locator('img').count(), 0, 'no broken <img> is left');
  await page.close();
});

test('a remote picture is requested only when the reader asks, and "always" is remembered', async () => {
  const context = await browser.newContext({ locale: 'en-US', serviceWorkers: 'block' });
  const page = await context.newPage();
  const requested = [];
  await context.route('https://example.org/**', (route) => {
    requested.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL });
  });
  const body = await openArticle(page, site.url, /A new map of the county/);
  const placeholder = body.locator('.picture-placeholder.remote');
  await placeholder.waitFor();
  assert.match(await placeholder.textContent(), /Carte distante/);
  assert.match(await placeholder.textContent(), /example\.org/);
  // Nothing in the page could ask for it: no element carries the remote address as a source.
  assert.equal(await page.locator(`[src="${REMOTE}"], [srcset*="example.org"]`).count(), 0);
  assert.equal(await body.locator('img').count(), 0, 'the placeholder is not a picture');
  assert.deepEqual(requested, [], 'nothing was asked of the remote host before the click');

  await placeholder.getByRole('button', { name: 'Load image' }).click();
  const img = body.locator(`img.picture[src="${REMOTE}"]`);
  await img.waitFor();
  await img.evaluate((el) => el.decode());
  assert.deepEqual(requested, [REMOTE]);
  assert.equal(await img.getAttribute('referrerpolicy'), 'no-referrer');

  // Once only: the next visit asks again, until the reader says "always".
  await page.reload();
  await body.locator('.picture-placeholder.remote').waitFor();
  await page.getByRole('checkbox', { name: 'Always load remote images' }).check();
  await body.locator(`img.picture[src="${REMOTE}"]`).waitFor();
  await page.reload();
  await body.locator(`img.picture[src="${REMOTE}"]`).waitFor();
  assert.ok(await page.getByRole('checkbox', { name: 'Always load remote images' }).isChecked());
  await page.screenshot({ path: path.join(ARTIFACTS, 'picture-remote.png') });
  await context.close();
});

test('after going offline, a kept article still shows its pictures', async () => {
  const server = await serveSite({
    articles: path.join(FIXTURE, 'articles'), bundleArgs: ['--site-root', path.join(FIXTURE, 'site'), '--quiet'],
  });
  const context = await launchWithProfile();
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForList(page);
    await waitUntilKept(page);
    const kept = await page.evaluate(async () => {
      const manifest = await fetch('bundle/manifest.json', { cache: 'no-store' }).then((r) => r.json());
      const found = [];
      for (const { file: image } of manifest.images) {
        if (await caches.match(new URL(`bundle/${image.path}?v=${image.hash}`, location.href).href)) found.push(image.path);
      }
      return found.length;
    });
    assert.equal(kept, 2, 'both pictures are kept with the bundle');
    await goOffline(page, server);
    await page.reload();
    await waitForList(page);
    await page.getByRole('link', { name: /La courbe des inscriptions/ }).click();
    const size = await pictureSize(page.locator('.article-body'));
    assert.equal(size.naturalWidth, 120);
    assert.equal(size.naturalHeight, 80);
  } finally {
    await context.close();
    // Already gone if the test went offline; otherwise it would keep the run alive.
    await server.close();
  }
});

test('the single file carries its pictures: shown from disk with no request', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosque-single-pictures-'));
  try {
    const file = path.join(dir, 'kiosque.html');
    execFileSync(KIOSQUE, ['single-file', '--app', DIST, '--bundle', path.join(site.dir, 'bundle'), '-o', file], { stdio: 'pipe' });
    const page = await newPage(browser, { offline: true });
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    await waitForList(page);
    await page.getByRole('link', { name: /La courbe des inscriptions/ }).click();
    const size = await pictureSize(page.locator('.article-body'));
    assert.deepEqual([size.naturalWidth, size.naturalHeight, ...size.box], [120, 80, 120, 80]);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')), []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
