// Shared set-up for the end-to-end tests: the built site, a copy of it to modify, Chromium.
import { chromium } from 'playwright-core';
import { afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The release site under test, built by `cargo xtask test` (or `cargo xtask build`). */
export const DIST = path.resolve(process.env.KIOSQUE_DIST ?? path.join(REPO, 'dist'));
/** The `kiosque` command, for tests that swap a site's bundle. */
export const KIOSQUE = process.env.KIOSQUE_BIN ?? path.join(REPO, 'target/debug/kiosque');
/** `kiosque-bench`, whose `articles` command writes Kiosque's synthetic articles as files. */
export const KIOSQUE_BENCH = process.env.KIOSQUE_BENCH_BIN ?? path.join(REPO, 'target/debug/kiosque-bench');
export const ARTIFACTS = path.join(REPO, 'tests/e2e/artifacts');

// Flags for a headless Chromium in a container or on a CI runner: no sandbox (it needs kernel
// features containers often lack), no GPU, and none of the background services, which would
// otherwise keep trying to reach the network (and, where there is none, flood it with attempts).
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium; every context it opens records Content-Security-Policy violations (`watchPolicy`). */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
  });
  // `browser.newPage` goes through `newContext` too.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await watchPolicy(context);
    return context;
  };
  return browser;
}

/**
 * Content-Security-Policy violations reported by the pages of watched contexts and not yet
 * taken by a test: after each test the harness fails it if any is left (see `afterEach` below).
 */
const violations = [];

/**
 * Records every `securitypolicyviolation` event of the pages of `context`, now and later: the
 * site's policy (written by `cargo xtask build`) must never block anything the app does.
 */
export async function watchPolicy(context) {
  await context.exposeBinding('__kiosquePolicyViolation', ({ page }, v) => violations.push({ ...v, page: page?.url() }));
  // Init scripts run before the page's own and are not subject to its policy.
  await context.addInitScript(() => {
    addEventListener('securitypolicyviolation', (e) => {
      window.__kiosquePolicyViolation({
        directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample,
      });
    }, true);
  });
}

/** The violations recorded so far, removed from the record: for a test that provokes one on purpose. */
export function takePolicyViolations() {
  return violations.splice(0);
}

afterEach(() => {
  const left = takePolicyViolations();
  assert.deepEqual(left, [], `the page broke its Content-Security-Policy: ${JSON.stringify(left)}`);
});

/** A page that fails the test on any uncaught error, with its console kept for messages. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  // Every wait is for a condition; this only says how long before one is called failed. A
  // loaded 2-core CI runner once took more than Playwright's 30 s for a navigation of ours.
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e));
  return page;
}

/** Copies the built site into a temporary folder the test may change. */
export function copyOfSite() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosque-site-'));
  cpSync(DIST, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes the sample articles into `dir`/bundle as a format-3 bundle, replacing the bundle there,
 *  its term shards cut at `shardBytes` of postings when given (small shards make a search pick a
 *  few among many; two cuts make two bundles whose pieces all differ). Returns its manifest. */
export function bundleFormat3(dir, { shardBytes } = {}) {
  const out = path.join(dir, 'bundle');
  rmSync(out, { recursive: true, force: true });
  const env = shardBytes ? { ...process.env, KIOSQUE_TERM_SHARD_BYTES: String(shardBytes) } : process.env;
  execFileSync(KIOSQUE, ['bundle', path.join(REPO, 'articles'), '-o', out, '--quiet', '--format', '3'], { stdio: 'pipe', env });
  return JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
}

/** Runs `kiosque bundle <articles> -o <out>`, the publisher's way of replacing a site's articles. */
export function bundle(articles, out) {
  return execFileSync(KIOSQUE, ['bundle', articles, '-o', out, '--quiet'], { encoding: 'utf8', stdio: 'pipe' });
}

/**
 * A site served over HTTP by a plain static server: the built one as it is, or, given `articles`
 * (a folder), a copy of it whose bundle is those articles, written by `kiosque bundle` with
 * `bundleArgs`; the command must succeed and its report (on stderr) match every pattern of
 * `report`. Returns the server (`url`, `served`) with `dir`, the folder served, `report`, what
 * the command printed, and `close()`, which stops the server and removes the copy.
 */
export async function serveSite({ articles, bundleArgs = [], report = [] } = {}) {
  if (!articles) return Object.assign(await serve(DIST), { dir: DIST, report: '' });
  const copy = copyOfSite();
  try {
    const run = spawnSync(KIOSQUE, ['bundle', articles, ...bundleArgs, '-o', path.join(copy.dir, 'bundle')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    for (const pattern of report) assert.match(run.stderr, pattern, run.stderr);
    const server = await serve(copy.dir);
    return {
      ...server,
      dir: copy.dir,
      report: run.stderr,
      close: async () => {
        await server.close();
        copy.remove();
      },
    };
  } catch (e) {
    copy.remove();
    throw e;
  }
}

/**
 * The set-up most test files share, for their `before` hook: Chromium and `serveSite(options)`.
 * Returns `{ browser, site, close }`; `close()`, for the `after` hook, closes both.
 */
export async function openSite(options = {}) {
  const site = await serveSite(options);
  try {
    const browser = await launch();
    return {
      browser,
      site,
      close: async () => {
        await browser.close();
        await site.close();
      },
    };
  } catch (e) {
    await site.close();
    throw e;
  }
}

/** Waits until the list of articles is shown and returns its items. */
export async function waitForList(page) {
  const list = page.getByRole('list').filter({ has: page.getByRole('heading', { level: 2 }) });
  await list.first().waitFor();
  return list.first().getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2 }) });
}

/** Where the screenshots linked from the README go. */
export const DOCS = path.join(REPO, 'docs');

/**
 * Saves a screenshot of a view shown in the README: always under artifacts/, and into docs/ too
 * when `KIOSQUE_UPDATE_DOCS=1` (so ordinary test runs leave the committed images alone).
 */
export async function docScreenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name) });
  if (process.env.KIOSQUE_UPDATE_DOCS === '1') {
    mkdirSync(DOCS, { recursive: true });
    cpSync(path.join(ARTIFACTS, name), path.join(DOCS, name));
  }
}

/** The list of results (named "Results" / "Résultats"). */
export function resultList(page) {
  return page.getByRole('list', { name: /^(Results|Résultats)$/ });
}

/** The results as list items (each holds a level-2 heading with the article's link). */
export function resultItems(page) {
  return resultList(page).getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2 }) });
}

/** The number the `role="status"` result count announces, once it is shown. */
export async function resultCount(page) {
  const status = page.getByRole('status').filter({ hasText: /\d+ articles?$/ });
  await status.waitFor();
  return Number((await status.textContent()).replace(/\D/g, ''));
}

/** Waits until the result count reads `n`. */
export async function waitForCount(page, n) {
  await page.waitForFunction(
    (n) => [...document.querySelectorAll('[role="status"]')].some((s) => Number(s.textContent.replace(/\D/g, '')) === n && /articles?$/.test(s.textContent)),
    n,
  );
}

/** Waits until the result count differs from `n` and returns the new one. */
export async function waitForCountChange(page, n) {
  await page.waitForFunction(
    (n) => [...document.querySelectorAll('[role="status"]')].some((s) => /articles?$/.test(s.textContent) && Number(s.textContent.replace(/\D/g, '')) !== n),
    n,
  );
  return resultCount(page);
}

/** Waits until `locator`'s text is exactly `text` (what an action changes is rendered after it). */
export async function waitForText(locator, text) {
  await locator.evaluate((el, text) => new Promise((resolve) => {
    const check = () => (el.textContent === text ? resolve() : requestAnimationFrame(check));
    check();
  }), text);
}

/** The list view's parameters, decoded, from the current URL. */
export function listParams(page) {
  const hash = new URL(page.url()).hash;
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '';
  return new URLSearchParams(query);
}

/** The `datetime` of each result shown, in order. */
export async function resultDates(page) {
  return resultItems(page).locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
}

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousViolations(page) {
  // Evaluated rather than added as a <script>: the page's policy rightly refuses inline scripts.
  await page.evaluate(`${readFileSync(path.join(REPO, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8')}\n;0`);
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}
