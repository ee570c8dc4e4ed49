// Shared set-up for the end-to-end tests: the built site, a copy of it to modify, Chromium.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The release site under test, built by `cargo xtask test` (or `cargo xtask build`). */
export const DIST = path.resolve(process.env.KIOSQUE_DIST ?? path.join(REPO, 'dist'));
/** The `kiosque` command, for tests that swap a site's bundle. */
export const KIOSQUE = process.env.KIOSQUE_BIN ?? path.join(REPO, 'target/debug/kiosque');
export const ARTIFACTS = path.join(REPO, 'tests/e2e/artifacts');

// Flags this sandbox needs (see TOOLCHAIN.md): without the background-networking ones Chromium
// floods the closed network with connection attempts.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
  });
}

/** A page that fails the test on any uncaught error, with its console kept for messages. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
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

/** Runs `kiosque bundle <articles> -o <out>`, the publisher's way of replacing a site's articles. */
export function bundle(articles, out) {
  return execFileSync(KIOSQUE, ['bundle', articles, '-o', out, '--quiet'], { encoding: 'utf8', stdio: 'pipe' });
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
  await page.addScriptTag({ path: path.join(REPO, 'tests/e2e/node_modules/axe-core/axe.min.js') });
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}
