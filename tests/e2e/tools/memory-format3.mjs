// The reader's memory on a format-3 bundle, before and after the background download: JS heap
// (after a forced garbage collection, CDP `Runtime.getHeapUsage`) and the wasm memory's size, after
// the same searches each time; then, once everything is downloaded, keystroke → results in the
// DOM typed letter by letter, as the browser benchmark times them on format 2 (tests/bench-browser/
// run.mjs), to the rows' titles and to their snippets. Not a test: it prints figures for
// docs/BENCHMARKS.md.
//
//   node tools/memory-format3.mjs SITE [SESSION]
//   # SITE: a built site whose bundle/ is format 3; SESSION: the benchmark's session.json (the
//   # words typed; target/bench-browser/<size>/session.json), default: the searches below
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serve } from '../lib/server.mjs';

const SEARCHES = ['sécurité', 'énerg', 'gouvernemnt', '"sécurité des données"', 'serveur panne'];
const MB = (n) => `${(n / 1e6).toFixed(1)} MB`;
const TYPED = process.argv[3] ? JSON.parse(readFileSync(process.argv[3], 'utf8')) : SEARCHES;

/** In the page: sets the search box to `value` as a keystroke would and resolves with two times:
 *  `titles`, until its final results are in the DOM and laid out (the count no longer busy, the
 *  rows in view showing their titles): the benchmark's measure; and `snippets`, until the rows in
 *  view also show their snippets cut from the article's text (no `.snippet-pending`: after the
 *  background download a row's title comes from memory and its text from the worker's cache). */
async function keystroke(value) {
  const input = document.querySelector('input[type=search]');
  const inView = (section, selector) => [...section.querySelectorAll(selector)].some((row) => row.getBoundingClientRect().top < innerHeight);
  const shown = () => {
    const section = document.querySelector('.results-section');
    if (section?.dataset.query !== value) return false;
    if (section.querySelector('.count')?.getAttribute('aria-busy') !== 'false') return false;
    return !inView(section, '.result.loading');
  };
  const snippets = () => !inView(document.querySelector('.results-section'), '.result.snippet-pending');
  return new Promise((resolve) => {
    const started = performance.now();
    let titles = null;
    const check = () => {
      if (titles === null) {
        if (!shown()) return false;
        void document.body.offsetHeight; // force style and layout: ready to paint
        titles = performance.now() - started;
      }
      if (!snippets()) return false;
      void document.body.offsetHeight;
      resolve({ titles, snippets: performance.now() - started });
      return true;
    };
    const observer = new MutationObserver(() => {
      if (check()) observer.disconnect();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(((sorted.length - 1) * p) / 100))];
}

const site = await serve(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
try {
  const context = await browser.newContext();
  // wasm-bindgen's exports (the memory among them) travel with Trunk's start event.
  await context.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; }));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);

  async function searches() {
    for (const q of SEARCHES) {
      await page.goto(`${site.url}#/?q=${encodeURIComponent(q)}`);
      await page.waitForFunction((q) => document.querySelector('.results-section')?.dataset.query === q
        && [...document.querySelectorAll('[role="status"]')].some((s) => /\d articles?$/.test(s.textContent)), q, { timeout: 120_000 });
    }
  }
  async function measure(label) {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.__wasm?.memory?.buffer.byteLength ?? 0);
    console.log(`${label}: JS heap ${MB(heap.usedSize)} used (${MB(heap.totalSize)} allocated), wasm memory ${MB(wasm)}, sum ${MB(heap.usedSize + wasm)}`);
  }

  const started = Date.now();
  await page.goto(site.url);
  await searches();
  await measure(`after ${SEARCHES.length} searches, before the full download`);
  await page.locator('#kiosque-offline[data-state="complete"]').waitFor({ timeout: 3_600_000 });
  console.log(`background download complete ${((Date.now() - started) / 1000).toFixed(0)} s after the page opened`);
  await searches();
  await measure('after the full download and the same searches');

  // Keystrokes once everything is here (the same page: a reload would start from the head
  // again): each word typed letter by letter into the list's box.
  await page.evaluate(() => { location.hash = '#/'; });
  await page.locator('input[type=search]').waitFor();
  const samples = [];
  for (const word of TYPED) {
    await page.evaluate(() => {
      const input = document.querySelector('input[type=search]');
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    for (let i = 1; i <= word.length; i++) samples.push(await page.evaluate(keystroke, word.slice(0, i)));
  }
  const titles = samples.map((s) => s.titles);
  const snippets = samples.map((s) => s.snippets);
  console.log(`keystroke → results in the DOM after the full download (${samples.length} keystrokes), titles in view (the benchmark's measure): p50 ${percentile(titles, 50).toFixed(1)} ms, p95 ${percentile(titles, 95).toFixed(1)} ms`);
  console.log(`keystroke → snippets too (cut from the article's text) in view: p50 ${percentile(snippets, 50).toFixed(1)} ms, p95 ${percentile(snippets, 95).toFixed(1)} ms`);
  // The search call alone (a User Timing measure per search, src/timing.rs), to tell the engine's
  // share from the rows' (row groups are read back from the worker's cache, not kept in memory).
  const calls = await page.evaluate(() => performance.getEntriesByName('kiosque:search', 'measure').map((m) => m.duration));
  console.log(`search call alone over the whole session (${calls.length} calls): p50 ${percentile(calls, 50).toFixed(1)} ms, p95 ${percentile(calls, 95).toFixed(1)} ms`);
  await measure('after the typing session');
  console.log(`keystrokes, all samples (titles): ${titles.map((v) => v.toFixed(0)).join(' ')}`);
  console.log(`keystrokes, all samples (snippets): ${snippets.map((v) => v.toFixed(0)).join(' ')}`);
} finally {
  await browser.close();
  await site.close();
}
