// Shared set-up for the end-to-end tests: the built site, a copy of it to modify, Chromium.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
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
