// Where a keystroke's time goes: types the browser benchmark's session letter by letter on a
// built site (as tests/bench-browser/run.mjs times it), and for each keystroke splits keystroke →
// results in the DOM into the search call (the app's `kiosque:search` measure) and the rest
// (rendering, the DOM, style and layout). With --profile, Chromium's sampling CPU profiler runs
// during the typing and the functions with the most self time are listed (a wasm built with its
// name section, `wasm-opt -g`, shows Rust names). Not a test: it prints figures.
//
//   node tools/keystroke-profile.mjs SITE SESSION [--worker] [--profile] [--trace] [--top N]
//   # SITE: a built site (its bundle/ loaded whole); SESSION: the benchmark's session.json
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serve } from '../lib/server.mjs';

const [site, sessionPath, ...options] = process.argv.slice(2);
if (!site || !sessionPath) {
  console.error('usage: node tools/keystroke-profile.mjs SITE SESSION [--profile] [--top N]');
  process.exit(2);
}
const session = JSON.parse(readFileSync(sessionPath, 'utf8'));
const profiling = options.includes('--profile');
const tracing = options.includes('--trace');
const top = options.includes('--top') ? Number(options[options.indexOf('--top') + 1]) : 40;

/** In the page: as run.mjs's keystroke, and the search calls' measures made during it. */
async function keystroke(value) {
  const input = document.querySelector('input[type=search]');
  const shown = (mutated) => {
    const section = document.querySelector('.results-section');
    if (!mutated || section?.dataset.query !== value) return false;
    if (section.querySelector('.count')?.getAttribute('aria-busy') !== 'false') return false;
    return ![...section.querySelectorAll('.result.loading')].some((row) => row.getBoundingClientRect().top < innerHeight);
  };
  const before = performance.getEntriesByName('kiosque:search', 'measure').length;
  return new Promise((resolve, reject) => {
    let mutated = false;
    const started = performance.now();
    let result = null;
    // Then until the timeline and the facet counts have caught up too (`data-complete`).
    const complete = () => document.querySelector('.results-section')?.dataset.complete === 'true';
    const observer = new MutationObserver(() => {
      mutated = true;
      if (result) {
        if (!complete()) return;
        observer.disconnect();
        void document.body.offsetHeight;
        result.complete = performance.now() - started;
        resolve(result);
        return;
      }
      if (!shown(mutated)) return;
      clearTimeout(timer);
      const shownAt = performance.now();
      void document.body.offsetHeight; // force style and layout: ready to paint
      const layout = performance.now() - shownAt;
      const total = performance.now() - started;
      const search = performance.getEntriesByName('kiosque:search', 'measure').slice(before)
        .reduce((sum, m) => sum + m.duration, 0);
      const rows = document.querySelectorAll('.results-section .result').length;
      result = { total, search, layout, rows, count: document.querySelector('.results-section .count')?.textContent };
      if (complete()) {
        observer.disconnect();
        result.complete = total;
        resolve(result);
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    // A text already shown changes nothing: no results to wait for (the session's first clear).
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error(`no results for ${value}`)); }, 5000);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(((sorted.length - 1) * p) / 100))];
}

const server = await serve(site, '/');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  // With --worker the service worker runs, as on a real visit (it keeps the bundle for offline
  // use while the typing goes on, as in the browser benchmark); by default it is blocked.
  const context = await browser.newContext({ serviceWorkers: options.includes('--worker') ? 'allow' : 'block' });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => {
    const box = document.querySelector('input[type=search]');
    return box && !box.disabled && document.querySelector('.results-section .count')?.textContent.match(/\d/);
  }, null, { timeout: 600000, polling: 200 });
  if (process.env.SETTLE_MS) await page.waitForTimeout(Number(process.env.SETTLE_MS));
  // With the worker: typed once it is active, as run.mjs does (it has then kept what it keeps up
  // front; static/sw-register.js registers it a few seconds after the app has loaded).
  if (options.includes('--worker')) {
    await page.waitForFunction(() => navigator.serviceWorker.getRegistration().then(Boolean), null, { timeout: 60000, polling: 100 });
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  }
  const cdp = await context.newCDPSession(page);
  if (profiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  const events = [];
  if (tracing) {
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,v8,blink.user_timing',
      transferMode: 'ReportEvents',
    });
  }
  const rows = [];
  for (const word of session) {
    await page.evaluate(keystroke, '').catch(() => {});
    for (let i = 1; i <= word.length; i++) {
      const value = word.slice(0, i);
      rows.push({ value, ...(await page.evaluate(keystroke, value)) });
    }
  }
  const line = (name, xs) => `${name.padEnd(22)} p50 ${percentile(xs, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(xs, 95).toFixed(1).padStart(6)} ms   max ${Math.max(...xs).toFixed(1).padStart(6)} ms`;
  console.log(`${rows.length} keystrokes`);
  console.log(line('keystroke', rows.map((r) => r.total)));
  console.log(line('search call', rows.map((r) => r.search)));
  console.log(line('the rest', rows.map((r) => r.total - r.search)));
  console.log(line('  style and layout', rows.map((r) => r.layout)));
  console.log(line('  render and DOM', rows.map((r) => r.total - r.search - r.layout)));
  console.log(line('to timeline and facets', rows.map((r) => r.complete)));
  console.log('\nslowest keystrokes:');
  for (const r of [...rows].sort((a, b) => b.total - a.total).slice(0, 10)) {
    console.log(`  ${JSON.stringify(r.value).padEnd(24)} ${r.total.toFixed(1)} ms (search ${r.search.toFixed(1)})`);
  }
  for (const [name, f] of [['style and layout', (r) => r.layout], ['render and DOM', (r) => r.total - r.search - r.layout]]) {
    console.log(`\nslowest ${name}:`);
    for (const r of [...rows].sort((a, b) => f(b) - f(a)).slice(0, 8)) {
      console.log(`  ${JSON.stringify(r.value).padEnd(24)} ${f(r).toFixed(1)} ms  (${r.rows} rows, ${r.count})`);
    }
  }
  if (tracing) {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    // Complete events of the renderer's main thread, by name: their own time (less their
    // children's), so that nested events are not counted twice.
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const mine = events.filter((e) => e.ph === 'X' && main && e.pid === main.pid && e.tid === main.tid && e.dur)
      .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const own = new Map();
    const stack = [];
    for (const e of mine) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      if (stack.length) stack.at(-1).self -= e.dur;
      e.self = e.dur;
      stack.push(e);
    }
    for (const e of mine) own.set(e.name, (own.get(e.name) ?? 0) + e.self / 1000);
    const layouts = mine.filter((e) => e.name === 'Layout').sort((a, b) => b.dur - a.dur);
    console.log(`\n${layouts.length} layouts; the longest:`);
    for (const e of layouts.slice(0, 8)) console.log(`  ${(e.dur / 1000).toFixed(1)} ms ${JSON.stringify(e.args?.beginData ?? {}).slice(0, 200)}`);
    const styles = mine.filter((e) => e.name === 'UpdateLayoutTree').sort((a, b) => b.dur - a.dur);
    console.log(`${styles.length} style recalcs; the longest:`);
    for (const e of styles.slice(0, 5)) console.log(`  ${(e.dur / 1000).toFixed(1)} ms ${JSON.stringify(e.args ?? {}).slice(0, 200)}`);
    console.log(`\nmain thread, own time per event over ${rows.length} keystrokes (ms per keystroke):`);
    for (const [name, t] of [...own].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
      console.log(`${(t / rows.length).toFixed(2).padStart(8)}  ${name}`);
    }
  }
  if (profiling) {
    const { profile } = await cdp.send('Profiler.stop');
    // Self time per function: samples × their intervals, attributed to the node sampled.
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    let total = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      const node = nodes.get(profile.samples[i]);
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const f = node.callFrame;
      if (f.functionName === '(idle)') continue;
      const where = f.url ? f.url.split('/').pop().replace(/-[0-9a-f]{16,}/, '') : '';
      const key = `${f.functionName || '(anonymous)'}  ${where}`;
      self.set(key, (self.get(key) ?? 0) + dt);
      total += dt;
    }
    // Inclusive time of the frames whose names match --inclusive REGEX (each sample counted once
    // per distinct name on its stack): a component's render with what it calls, say.
    if (options.includes('--inclusive')) {
      const pattern = new RegExp(options[options.indexOf('--inclusive') + 1]);
      const parent = new Map();
      for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
      const inclusive = new Map();
      for (let i = 0; i < profile.samples.length; i++) {
        const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
        const seen = new Set();
        for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
          const name = nodes.get(id).callFrame.functionName.replace(/::h[0-9a-f]{16}$/, '');
          if (pattern.test(name) && !seen.has(name)) {
            seen.add(name);
            inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
          }
        }
      }
      console.log(`\ninclusive time per keystroke of frames matching ${pattern}:`);
      for (const [name, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) {
        console.log(`${(t / rows.length).toFixed(2).padStart(8)} ms  ${name.slice(0, 150)}`);
      }
    }
    console.log(`\nbusy ${total.toFixed(0)} ms over the session; self time, top ${top}:`);
    for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${t.toFixed(1).padStart(8)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${key}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
