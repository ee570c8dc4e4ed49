// A 100,000-article archive: the list renders only the rows in view, scrolls to any depth, and
// answers every keystroke quickly. The articles are generated and bundled by the test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS, KIOSQUE_BENCH, newPage, openSite, resultCount, resultItems, waitForList,
} from '../lib/harness.mjs';

const ARTICLES = 100_000;

let browser;
let site;
let opened;
let folder;

before(async () => {
  // Short dispatches over 2000–2024 drawn from two dozen words (Kiosque's one synthetic article
  // generator, its `dispatch` shape): most match a two-word query, and no two are near-duplicates.
  folder = mkdtempSync(path.join(os.tmpdir(), 'kiosque-100k-'));
  execFileSync(KIOSQUE_BENCH, ['articles', String(ARTICLES), folder, 'dispatch'], { stdio: 'pipe' });
  // Format 2 pinned: this measures format 2's keystrokes at 100k (the default would be format 3).
  opened = await openSite({ articles: folder, bundleArgs: ['--quiet', '--format', '2'] });
  ({ browser, site } = opened);
});

after(async () => {
  await opened?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test('100,000 results render only the rows in view and scroll to any depth', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  const started = Date.now();
  await page.goto(site.url);
  await page.getByRole('status').filter({ hasText: '100,000 articles' }).waitFor({ timeout: 120_000 });
  console.log(`# 100,000 articles loaded and listed in ${Date.now() - started} ms`);
  await waitForList(page);
  const rendered = await resultItems(page).count();
  assert.ok(rendered > 5 && rendered < 60, `${rendered} rows in the page`);
  assert.equal(await resultItems(page).first().getAttribute('aria-setsize'), '100000');

  // Jump to the middle: the rows there are rendered, and only those.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
  await page.waitForFunction(() => {
    const first = document.querySelector('li.result');
    return first && Number(first.getAttribute('aria-posinset')) > 40_000;
  });
  const positions = await resultItems(page).evaluateAll((items) =>
    items.map((li) => [Number(li.getAttribute('aria-posinset')), li.getBoundingClientRect().top]));
  assert.ok(positions.length < 60);
  assert.ok(positions.some(([, top]) => top >= 0 && top < 900), 'rows are where the reader looks');
  const [first] = positions[0];
  assert.ok(first > 40_000 && first < 60_000, `the middle of the list shows rows near 50,000 (${first})`);

  // Smooth scrolling: a frame every few milliseconds while the list moves 300 px per frame.
  const frames = await page.evaluate(() => new Promise((resolve) => {
    const times = [];
    let last = performance.now();
    const step = (now) => {
      times.push(now - last);
      last = now;
      window.scrollBy(0, 300);
      if (times.length < 90) requestAnimationFrame(step);
      else resolve(times.slice(1));
    };
    requestAnimationFrame(step);
  }));
  frames.sort((a, b) => a - b);
  const median = frames[Math.floor(frames.length / 2)];
  const worst = frames.at(-1);
  console.log(`# scrolling: median frame ${median.toFixed(1)} ms, worst ${worst.toFixed(1)} ms`);
  assert.ok(median < 50, `median frame ${median} ms`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'big-list.png') });
  assert.deepEqual(page.errors, []);
});

test('every keystroke on 100,000 articles updates the count and list quickly', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(site.url);
  await page.getByRole('status').filter({ hasText: '100,000 articles' }).waitFor({ timeout: 120_000 });
  const box = page.getByRole('searchbox');
  await box.focus();
  const timings = [];
  let typed = '';
  for (const key of 'sécurité stras') {
    typed += key;
    const t0 = Date.now();
    await page.keyboard.type(key);
    await page.waitForFunction(
      (q) => document.querySelector('.results-section')?.dataset.query === q
        && document.querySelector('#interpreted').textContent.length > 0,
      typed,
    );
    // The list is rendered once the frame after the update is painted.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    timings.push(Date.now() - t0);
  }
  const n = await resultCount(page);
  console.log(`# keystroke to painted results (ms): ${timings.join(' ')}; ${n} results`);
  // A keystroke renders the rows in view; the margin of rows below them follows a frame later.
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('li.result')];
    return rows.length > 0 && rows.at(-1).getBoundingClientRect().top > window.innerHeight + 500;
  });
  assert.ok(n > 0 && n < ARTICLES);
  const sorted = [...timings].sort((a, b) => a - b);
  assert.ok(sorted[Math.floor(sorted.length / 2)] < 400, `median keystroke ${sorted[Math.floor(sorted.length / 2)]} ms`);
  assert.ok(sorted.at(-1) < 2000, `slowest keystroke ${sorted.at(-1)} ms`);

  // Facets and dates still apply at this size, and j/k walk the results.
  await page.getByRole('button', { name: '2012', exact: true }).click();
  await page.waitForFunction(() => location.hash.includes('from=2012&to=2012'));
  for (const date of await resultItems(page).locator('time').evaluateAll((t) => t.map((e) => e.getAttribute('datetime')))) {
    assert.ok(date.startsWith('2012'));
  }
  await box.press('Enter');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  const focused = await page.evaluate(() => document.activeElement.closest('li')?.getAttribute('aria-posinset'));
  assert.equal(focused, '3');
});
