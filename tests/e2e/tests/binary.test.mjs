// The one binary a publisher downloads: `cargo xtask dist`'s `kiosque`, copied alone into an
// empty folder with no repository around it, writes a starter folder, builds a site that a plain
// static host serves, a single page that opens from disk, and a preview that follows edits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, DIST, launch, newPage, waitForList } from '../lib/harness.mjs';
import { serve } from '../lib/server.mjs';

/** The binary `cargo xtask dist` wrote; `cargo xtask test` passes its path. */
const DIST_BIN = process.env.KIOSQUE_DIST_BIN;
const skip = DIST_BIN ? false : 'KIOSQUE_DIST_BIN is not set: run `cargo xtask dist` and pass the binary it prints';

let browser;
/** The empty folder the binary is copied into, and the binary there. */
let home;
let kiosque;

before(async () => {
  if (skip) return;
  home = mkdtempSync(path.join(os.tmpdir(), 'kiosque-publisher-'));
  kiosque = path.join(home, path.basename(DIST_BIN));
  copyFileSync(DIST_BIN, kiosque);
  execFileSync('chmod', ['+x', kiosque]);
  // Written once, used by every test: the starter folder `kiosque init` makes.
  run(['init', 'articles']);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

/** Runs the copied binary in its folder, with nothing of the repository in reach. */
function run(args, { fail = false } = {}) {
  try {
    const stdout = execFileSync(kiosque, args, { cwd: home, encoding: 'utf8', stdio: 'pipe', env: { PATH: '/usr/bin:/bin', HOME: home } });
    assert.ok(!fail, `kiosque ${args.join(' ')} should have failed`);
    return stdout;
  } catch (e) {
    if (!fail || e.code === 'ERR_ASSERTION') throw e;
    return String(e.stderr);
  }
}

/** Checks that every top-level file of the site Trunk built at `trunkSite` is in `site`, unchanged. */
function assertSameShell(site, trunkSite) {
  if (!existsSync(path.join(trunkSite, 'index.html'))) return;
  const shell = readdirSync(trunkSite, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
  assert.ok(shell.includes('index.html') && shell.includes('sw.js'));
  for (const name of shell) {
    assert.ok(readFileSync(path.join(site, name)).equals(readFileSync(path.join(trunkSite, name))), `${name} is what cargo xtask build writes`);
  }
}

/** Opens the welcome post from the list and returns its text. */
async function readWelcomePost(page) {
  const items = await waitForList(page);
  assert.equal(await items.count(), 2, 'the two starter articles are listed');
  await page.getByRole('link', { name: 'Welcome to your Kiosque' }).click();
  const article = page.getByRole('article');
  await article.getByRole('heading', { name: 'Building the site' }).waitFor();
  return article.textContent();
}

test('init then build writes a site a plain static host serves, at the root and under a path', { skip }, async () => {
  assert.deepEqual(readdirSync(path.join(home, 'articles')).sort(), ['2024-03_bibliotheque.txt', '2024-05-14-welcome.md', 'README.md']);
  run(['build', 'articles', '-o', 'site']);
  const site = path.join(home, 'site');
  const marker = readFileSync(path.join(site, '.kiosque-site'), 'utf8');
  for (const name of ['index.html', 'sw.js', 'bundle/']) assert.match(marker, new RegExp(`^${name}$`, 'm'));
  const sw = readFileSync(path.join(site, 'sw.js'), 'utf8');
  assert.match(sw, /const VERSION = "[0-9a-f]{16}";/, 'the service worker is stamped');
  assert.match(sw, /const SHELL = \[.*"index\.html".*\];/);
  // Byte for byte the app `cargo xtask build` writes, for the default public URL and for the
  // sub-path build of `cargo xtask test`: the same page, the same files, the same stamp.
  assertSameShell(site, DIST);
  if (process.env.KIOSQUE_DIST_SUBPATH) {
    run(['build', 'articles', '-o', 'same-sub', '--public-url', process.env.KIOSQUE_SUBPATH]);
    assertSameShell(path.join(home, 'same-sub'), process.env.KIOSQUE_DIST_SUBPATH);
  }

  const host = await serve(site);
  const page = await newPage(browser);
  try {
    await page.goto(host.url);
    assert.match(await readWelcomePost(page), /put the site folder on any static host/i);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'binary-site.png') });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
    await host.close();
  }

  // Under a sub-path, built for it: every asset is linked under the path.
  run(['build', 'articles', '-o', 'sub', '--public-url', '/press/archive/']);
  const index = readFileSync(path.join(home, 'sub', 'index.html'), 'utf8');
  assert.match(index, /href="\/press\/archive\/style-[0-9a-f]+\.css"/);
  assert.doesNotMatch(index, /__kiosque_public_url__/);
  const subHost = await serve(path.join(home, 'sub'), '/press/archive/');
  const subPage = await newPage(browser);
  try {
    await subPage.goto(subHost.url);
    await readWelcomePost(subPage);
    assert.deepEqual(subPage.errors, []);
  } finally {
    await subPage.context().close();
    await subHost.close();
  }
});

test('a rebuild replaces only its own files and refuses a folder holding the publisher\'s', { skip }, async () => {
  run(['build', 'articles', '-o', 'mine']);
  const mine = path.join(home, 'mine');
  writeFileSync(path.join(mine, 'CNAME'), 'archive.example.org\n');
  const refusal = run(['build', 'articles', '-o', 'mine'], { fail: true });
  assert.match(refusal, /holds files kiosque did not write \(CNAME\).*--force/s);
  run(['build', 'articles', '-o', 'mine', '--force']);
  assert.equal(readFileSync(path.join(mine, 'CNAME'), 'utf8'), 'archive.example.org\n', 'the publisher\'s file is kept');
  assert.ok(existsSync(path.join(mine, 'bundle', 'manifest.json')));
  // A stale app file listed by the marker is removed by the next build; nothing else is.
  writeFileSync(path.join(mine, 'old-app-0123.js'), '');
  writeFileSync(path.join(mine, '.kiosque-site'), readFileSync(path.join(mine, '.kiosque-site'), 'utf8') + 'old-app-0123.js\n');
  run(['build', 'articles', '-o', 'mine', '--force']);
  assert.ok(!existsSync(path.join(mine, 'old-app-0123.js')));
  assert.ok(existsSync(path.join(mine, 'CNAME')));
});

test('build --single-file writes one page that reads an article from disk', { skip }, async () => {
  run(['build', 'articles', '-o', 'kiosque.html', '--single-file']);
  const page = await newPage(browser);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  try {
    await page.goto(pathToFileURL(path.join(home, 'kiosque.html')).href);
    assert.match(await readWelcomePost(page), /Readers search as they type/);
    const elsewhere = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
    assert.deepEqual(elsewhere, [], 'the page asks for nothing outside itself');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

/** A free loopback port. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('serve previews the articles and reloads the page when one is edited', { skip }, async () => {
  const articles = path.join(home, 'preview');
  run(['init', 'preview']);
  const port = await freePort();
  const child = spawn(kiosque, ['serve', 'preview', '--port', String(port)], { cwd: home, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  /** Resolves once what the server printed matches `pattern`; fails if it exits first. */
  const printed = (pattern) => new Promise((resolve, reject) => {
    const look = () => pattern.test(output) && resolve();
    child.stderr.on('data', look);
    exited.then((code) => reject(new Error(`kiosque serve exited (${code}): ${output}`)));
    look();
  });
  child.stderr.on('data', (chunk) => (output += chunk));
  const page = await newPage(browser);
  try {
    await printed(/serving preview at http:\/\/127\.0\.0\.1:\d+\//);
    // The preview answers before the browser is sent to it (each try ends on its own if the
    // server holds it, and is made again).
    for (;;) {
      const answer = await fetch(`http://127.0.0.1:${port}/__kiosque_version`, { signal: AbortSignal.timeout(5000) })
        .then((r) => r.ok).catch(() => false);
      if (answer) break;
    }
    let loads = 0;
    page.on('load', () => (loads += 1));
    // Waits for the response only: what follows waits for the article itself. On a busy machine
    // the page's `load` (every subresource) once took longer than the navigation timeout, and in
    // CI (2026-12-02) so did `domcontentloaded` (the document's scripts) once.
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'commit' });
    await readWelcomePost(page);
    assert.match(page.url(), /#\/article\//);

    // Saving the post rebuilds the bundle and the open page reloads on its own.
    const post = path.join(articles, '2024-05-14-welcome.md');
    writeFileSync(post, readFileSync(post, 'utf8').replace('## What readers can do', '## What readers see after an edit'));
    await page.getByRole('article').getByRole('heading', { name: 'What readers see after an edit' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'binary-serve-edited.png') });
    assert.equal(loads, 2, 'the page reloaded itself once');

    // A broken article is reported the way `kiosque check` reports it, and the preview goes on.
    writeFileSync(path.join(articles, 'broken.md'), '---\ntitle: [unclosed\n---\nBody\n');
    await printed(/broken\.md:\d+:\d+: /);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
    child.kill();
    await exited;
  }
});
