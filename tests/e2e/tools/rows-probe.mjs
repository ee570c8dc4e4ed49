// Where a row-group read goes after the full download (format 3): for N row files kept by the
// service worker, in the page, times fetch through the worker, `caches.match` + arrayBuffer, the
// SHA-256 digest and the deflate-raw inflation, each alone (p50/p95), then 5 reads in parallel as
// a keystroke does. Not a test: figures for docs/BENCHMARKS.md.
//
//   node tools/rows-probe.mjs SITE
import { chromium } from 'playwright-core';
import { serve } from '../lib/server.mjs';

const site = await serve(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await (await browser.newContext()).newPage();
  const started = Date.now();
  await page.goto(`${site.url}#/?q=${encodeURIComponent('sécurité')}`);
  await page.locator('#kiosque-offline[data-state="complete"]').waitFor({ timeout: 3_600_000 });
  console.log(`download complete after ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const out = await page.evaluate(async () => {
    const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p / 100))]; };
    const names = (await (await caches.open((await caches.keys()).find((k) => k.startsWith('kiosque-bundle')))).keys())
      .map((r) => r.url).filter((u) => u.includes('/bundle/rows/'));
    const pick = names.sort(() => Math.random() - 0.5).slice(0, 60);
    const cacheName = (await caches.keys()).find((k) => k.startsWith('kiosque-bundle'));
    const t = { sw: [], cache: [], digest: [], inflate: [], bytes: [], inflated: [] };
    const inflate = async (buf) => new Uint8Array(await new Response(new Response(buf).body.pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer());
    for (const [i, url] of pick.entries()) {
      let a = performance.now();
      let buf;
      if (i % 2 === 0) { buf = await (await fetch(url)).arrayBuffer(); t.sw.push(performance.now() - a); }
      else { buf = await (await (await caches.open(cacheName)).match(url)).arrayBuffer(); t.cache.push(performance.now() - a); }
      t.bytes.push(buf.byteLength);
      a = performance.now(); await crypto.subtle.digest('SHA-256', buf); t.digest.push(performance.now() - a);
      a = performance.now(); const inf = await inflate(buf); t.inflate.push(performance.now() - a); t.inflated.push(inf.length);
    }
    const par = async (read) => {
      const group = pick.sort(() => Math.random() - 0.5).slice(0, 5);
      const a = performance.now();
      await Promise.all(group.map(async (u) => { const b = await read(u); await crypto.subtle.digest('SHA-256', b); await inflate(b); }));
      return performance.now() - a;
    };
    const parSw = [], parCache = [];
    for (let k = 0; k < 10; k++) {
      parSw.push(await par(async (u) => (await fetch(u)).arrayBuffer()));
      parCache.push(await par(async (u) => (await (await caches.open(cacheName)).match(u)).arrayBuffer()));
    }
    const f = (xs) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms`;
    return [
      `row files: ${names.length}; stored p50 ${pct(t.bytes, 50)} B, inflated p50 ${pct(t.inflated, 50)} B`,
      `fetch through the worker + arrayBuffer: ${f(t.sw)}`,
      `caches.match + arrayBuffer: ${f(t.cache)}`,
      `SHA-256 digest: ${f(t.digest)}`,
      `inflate (DecompressionStream): ${f(t.inflate)}`,
      `5 groups in parallel, read+digest+inflate, through the worker: ${f(parSw)}`,
      `5 groups in parallel, read+digest+inflate, caches.match: ${f(parCache)}`,
    ].join('\n');
  });
  console.log(out);
} finally {
  await browser.close();
  await site.close();
}
