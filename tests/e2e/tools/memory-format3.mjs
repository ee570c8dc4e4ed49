// The reader's memory on a format-3 bundle, before and after the background download: JS heap
// (after a forced garbage collection, CDP `Runtime.getHeapUsage`) and the wasm memory's size, after
// the same searches each time. Not a test: it prints figures for docs/BENCHMARKS.md.
//
//   node tools/memory-format3.mjs SITE   # SITE: a built site whose bundle/ is format 3
import { chromium } from 'playwright-core';
import { serve } from '../lib/server.mjs';

const SEARCHES = ['sécurité', 'énerg', 'gouvernemnt', '"sécurité des données"', 'serveur panne'];
const MB = (n) => `${(n / 1e6).toFixed(1)} MB`;

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
} finally {
  await browser.close();
  await site.close();
}
