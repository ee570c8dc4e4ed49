// The reader's data with no network: saved articles and reading state kept and changed offline
// after one visit, and in the single file opened from disk (its data kept across reloads, its
// exports downloaded).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, KIOSQUE, launch, newPage, resultItems, waitForCount, waitForList } from '../lib/harness.mjs';
import { goOffline, waitUntilKept } from '../lib/offline.mjs';
import { serve } from '../lib/server.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

function rowSave(page, index) {
  return resultItems(page).nth(index).getByRole('button', { name: /^Save: / });
}

async function pressed(locator) {
  await locator.and(locator.page().locator('[aria-pressed="true"]')).waitFor();
}

/** Saves two results (one before `between` runs, one after), reloads, and checks both are kept. */
async function saveAcross(page, between) {
  await waitForList(page);
  await rowSave(page, 0).click();
  await pressed(rowSave(page, 0));
  await between();
  await page.reload();
  await waitForList(page);
  await pressed(rowSave(page, 0));
  await rowSave(page, 1).click();
  await pressed(rowSave(page, 1));
  await page.reload();
  await waitForList(page);
  await pressed(rowSave(page, 0));
  await pressed(rowSave(page, 1));
  const base = page.url().split('#')[0];
  await page.goto(`${base}#/?in=reading-list`);
  await waitForCount(page, 2);
}

test('offline after one visit, saved articles stay and new ones are kept', async () => {
  const site = await serve(DIST);
  const page = await newPage(browser);
  await page.goto(`${site.url}#/?sort=newest`);
  await waitUntilKept(page);
  await saveAcross(page, () => goOffline(page, site));
  // Reading state too: an article opened offline counts as read.
  await resultItems(page).first().getByRole('heading').getByRole('link').click();
  await page.getByRole('button', { name: 'Mark as unread' }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the single file keeps the reader\'s data on disk and exports from it', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosque-wb-single-'));
  try {
    const file = path.join(dir, 'revue.html');
    execFileSync(KIOSQUE, ['single-file', '--app', DIST, '-o', file], { stdio: 'pipe' });
    const page = await newPage(browser, { offline: true, acceptDownloads: true });
    await page.goto(`${pathToFileURL(file).href}#/?sort=newest`);
    await saveAcross(page, async () => {});
    await page.getByText('Export these 2 articles').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('group', { name: 'Export' }).getByRole('button', { name: 'CSV' }).click(),
    ]);
    const rows = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
    assert.equal(rows.length, 3, 'a header and the two saved articles');
    assert.ok(rows[1].includes(`${pathToFileURL(file).href}#/article/`), rows[1]);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
