// Kiosque, MiniSearch and Pagefind on the same articles, the same typing session and the same
// headless Chromium, one after the other. `cargo xtask bench --browser` prepares the sites and
// runs this; it prints one table per corpus size and writes docs/BENCHMARKS.md.
//
//   node run.mjs ROOT SIZE[,SIZE…] OUT.md [--first-visit-only] [--profiles cable,mobile]
//
// ROOT/SIZE/ holds kiosque/ (the built site with the corpus bundle), minisearch/ and pagefind/;
// any other kiosque-*/ folder there (the same site with another bundle format, say) gets its own
// column in the first-visit rows. --first-visit-only measures only those rows and replaces only
// their section of OUT.md.
import { chromium } from 'playwright-core';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '../e2e/lib/server.mjs';
import {
  CAP_MS, LOADS, ONE_LOAD_AFTER_MS, PROFILES, THREE_LOADS_AFTER_MS, describeProfile, firstVisit,
} from './first-visit.mjs';

const [root, sizeList, out, ...options] = process.argv.slice(2);
const firstVisitOnly = options.includes('--first-visit-only');
const profileList = options.includes('--profiles') ? options[options.indexOf('--profiles') + 1] : 'cable,mobile';
const profiles = profileList.split(',').map((p) => p.trim()).filter(Boolean);
for (const p of profiles) {
  if (!PROFILES[p]) throw new Error(`unknown network profile ${p}: the profiles are ${Object.keys(PROFILES).join(', ')}`);
}
/** MiniSearch downloads every document before its first search: its first-visit rows stop here. */
const FIRST_VISIT_MINISEARCH_MAX = 10000;
/** So does Kiosque's bundle format 2 (catalog and index whole, minutes at 100k): its first-visit
 *  column stops here too; format 3, which fetches by the piece, goes on. */
const FIRST_VISIT_FORMAT2_MAX = 10000;
const RANGE = { from: '2012-03', to: '2016-09' };
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-precise-memory-info', '--js-flags=--expose-gc',
];

/** How each engine's page says it is ready and that the results for `value` are on screen. */
const ENGINES = {
  kiosque: {
    url: (base, range) => `${base}kiosque/${range ? `#/?from=${range.from}&to=${range.to}` : ''}`,
    ready: () => {
      const box = document.querySelector('input[type=search]');
      return box && !box.disabled && document.querySelector('[role=status]')?.textContent.match(/\d/);
    },
    // The results section says which text its results are for, and its count whether they are
    // final (format 3 says "Searching…" while term shards are on their way); the rows in view
    // must show their titles (format 3 fetches their row groups after the search: until then a
    // row says "Loading…").
    shown: (value, mutated) => {
      const section = document.querySelector('.results-section');
      if (!mutated || section?.dataset.query !== value) return false;
      if (section.querySelector('.count')?.getAttribute('aria-busy') !== 'false') return false;
      return ![...section.querySelectorAll('.result.loading')].some((row) => row.getBoundingClientRect().top < innerHeight);
    },
    // Loaded: the service worker is active, which it becomes once it has kept what it keeps up
    // front for offline use (static/sw.js: the whole bundle, or above 50 MB all but the bodies).
    // Typing during that copy measures the copy as much as the reader (p95 22 ms against 14 ms
    // at 100,000 articles, 2026-12-02).
    // static/sw-register.js registers the worker 3 s after the app has loaded its files, or 10 s
    // after the load event: its registration is awaited that long.
    loaded: async () => {
      const workers = navigator.serviceWorker;
      if (!workers) return;
      const until = performance.now() + 15000;
      while (!(await workers.getRegistration()) && performance.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (await workers.getRegistration()) await workers.ready;
    },
  },
  minisearch: {
    url: (base, range) => `${base}minisearch/${range ? `?from=${range.from}&to=${range.to}` : ''}`,
    ready: () => document.body.dataset.ready === 'yes',
    shown: (value) => document.querySelector('[data-results]').dataset.query === value,
  },
  pagefind: {
    url: (base, range) => (range ? null : `${base}pagefind/search.html`),
    ready: () => document.body.dataset.ready === 'yes',
    shown: (value) => document.querySelector('[data-results]').dataset.query === value,
  },
};

/** In the page: sets the search box to `value` as a keystroke would and resolves with the time
 *  until the engine's results for it are in the DOM and laid out. */
async function keystroke({ value, shownSource }) {
  const shown = new Function(`return (${shownSource})`)();
  const input = document.querySelector('input[type=search]');
  return new Promise((resolve, reject) => {
    let mutated = false;
    const started = performance.now();
    const finish = () => {
      observer.disconnect();
      clearTimeout(timer);
      void document.body.offsetHeight; // force style and layout: ready to paint
      resolve(performance.now() - started);
    };
    const observer = new MutationObserver(() => {
      mutated = true;
      if (shown(value, mutated)) finish();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error(`no results for ${value}`)); }, 30000);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    if (shown(value, mutated)) finish();
  });
}

/** In the page, from its start (an init script): types `value` as soon as the engine says it is
 *  ready and sets `window.__firstResults` to the time since navigation when its results are in the
 *  DOM and laid out. */
function firstQuery({ readySource, shownSource, value }) {
  const ready = new Function(`return (${readySource})`)();
  const shown = new Function(`return (${shownSource})`)();
  let typed = false;
  let mutated = false;
  const check = () => {
    if (!typed) {
      if (!ready()) return;
      typed = true;
      const input = document.querySelector('input[type=search]');
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    if (shown(value, mutated)) {
      observer.disconnect();
      void document.body.offsetHeight; // force style and layout: ready to paint
      window.__firstResults = performance.now();
    }
  };
  const observer = new MutationObserver(() => {
    if (typed) mutated = true;
    check();
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(((sorted.length - 1) * p) / 100))] : NaN;
}

/** How many times "first results" is measured, cold and warm (the median is reported); fewer when
 *  loads are slow, so that a slow engine does not hold the run for long. */
const FIRST_RUNS = 5;
const FIRST_RUNS_BUDGET_MS = 20000;

/** How long the page stays open after the session for background downloads to be counted. */
const BACKGROUND_MS = 10000;

async function measure(browser, site, name, session, range) {
  const base = site.url;
  const engine = ENGINES[name];
  const url = engine.url(base, range);
  if (!url) return null;
  const shownSource = engine.shown.toString();
  const newContext = async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; }));
    // The first query is typed by the page itself the moment the engine is usable, and its
    // results noticed by a mutation observer: polling from here and the round trips to the
    // browser would add tens of milliseconds to every engine.
    await context.addInitScript(firstQuery, { readySource: engine.ready.toString(), shownSource, value: session[0] });
    return context;
  };
  const firstResults = async (context) => {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__firstResults, null, { timeout: 600000, polling: 100 });
    // performance.now() counts from the navigation: the time to the first query's results.
    return { page, ms: await page.evaluate(() => window.__firstResults) };
  };
  const context = await newContext();
  const servedBefore = site.served();
  const cold = await firstResults(context);
  const page = cold.page;
  // The keystrokes are timed after loading: once the engine says it has nothing left to load.
  if (engine.loaded) await page.evaluate(engine.loaded);
  const samples = [];
  for (const query of session) {
    await page.evaluate(keystroke, { value: '', shownSource }).catch(() => {});
    for (let i = 1; i <= query.length; i++) {
      samples.push(await page.evaluate(keystroke, { value: query.slice(0, i), shownSource }));
    }
  }
  // The harness pages keep their search calls' times in `searchTimes`; Kiosque leaves a User
  // Timing measure per search (src/timing.rs).
  const searchTimes = await page.evaluate(() => window.searchTimes
    ?? performance.getEntriesByName('kiosque:search', 'measure').map((m) => m.duration));
  const memory = await page.evaluate(() => {
    globalThis.gc?.();
    return {
      heap: performance.memory?.usedJSHeapSize ?? 0,
      wasm: window.__wasm?.memory?.buffer?.byteLength ?? 0,
    };
  });
  // What a first visit costs in bytes, counted by the server so that a service worker's downloads
  // (an offline copy) count too: the page is left open a while for them.
  if (!range) await page.waitForTimeout(BACKGROUND_MS);
  const coldBytes = site.served() - servedBefore;
  await page.close();
  // More cold loads, each in a new browser context with an empty cache (the with-range pass only
  // needs its session), then as many warm ones: later visits in the session's browser profile.
  const colds = [cold.ms];
  const runs = range ? 1 : FIRST_RUNS;
  const started = Date.now() - cold.ms;
  while (colds.length < runs && Date.now() - started < FIRST_RUNS_BUDGET_MS) {
    const other = await newContext();
    const again = await firstResults(other);
    colds.push(again.ms);
    await other.close();
  }
  const warms = [];
  while (warms.length < colds.length) {
    const warm = await firstResults(context);
    warms.push(warm.ms);
    await warm.page.close();
  }
  await context.close();
  return {
    coldFirst: percentile(colds, 50),
    warmFirst: percentile(warms, 50),
    firstRuns: colds.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    searchP50: percentile(searchTimes, 50),
    searchP95: percentile(searchTimes, 95),
    keystrokes: samples.length,
    memory: memory.heap + memory.wasm,
    heap: memory.heap,
    wasm: memory.wasm,
    bytes: coldBytes,
  };
}

const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
const mb = (v) => (v ? `${(v / 1e6).toFixed(1)} MB` : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && a > 0 ? `${(b / a).toFixed(1)}×` : 'n/a');

// BENCH_ENGINES=kiosque (comma-separated) runs only those engines, for trying a change quickly.
const engines = process.env.BENCH_ENGINES ? process.env.BENCH_ENGINES.split(',') : Object.keys(ENGINES);
const chosen = (name) => engines.some((e) => name === e || name.startsWith(`${e}-`));

/** The main table of one size: first results, keystrokes, search calls, memory, bytes. */
async function mainSection(browser, dir, size, session, prep) {
  const site = await serve(dir, '/', { 'cache-control': 'public, max-age=3600' });
  const results = {};
  for (const name of engines) {
    for (const range of [null, RANGE]) {
      const key = `${name}${range ? '+range' : ''}`;
      try {
        process.stderr.write(`  ${size} articles: ${key}…\n`);
        results[key] = await measure(browser, site, name, session, range);
      } catch (e) {
        results[key] = { error: String(e.message ?? e).split('\n')[0] };
      }
    }
  }
  await site.close();
  const row = (label, f) => `| ${label} | ${['kiosque', 'minisearch', 'pagefind'].map((n) => {
    const r = results[n];
    return r?.error ? `failed: ${r.error}` : r ? f(r) : 'n/a';
  }).join(' | ')} |`;
  const rangeRow = (label, f) => `| ${label} | ${['kiosque', 'minisearch', 'pagefind'].map((n) => {
    const r = results[`${n}+range`];
    return r?.error ? `failed: ${r.error}` : r ? f(r) : 'n/a (no range filter)';
  }).join(' | ')} |`;
  const k = results.kiosque ?? {};
  const m = results.minisearch ?? {};
  const p = results.pagefind ?? {};
  const lines = [
    `### ${Number(size).toLocaleString('en')} articles`,
    '',
    `Raw text ${mb(prep.raw_bytes)}; Kiosque bundle ${mb(prep.kiosque_bundle_bytes)} (built in ${prep.kiosque_build_s} s); ` +
      `Pagefind index ${mb(prep.pagefind_bytes)} (built in ${prep.pagefind_build_s} s); MiniSearch documents ${mb(prep.minisearch_bytes)} (indexed in the browser).`,
    '',
    '| measure | Kiosque | MiniSearch | Pagefind |',
    '|---|---|---|---|',
    row('first results, cold cache (median of the loads)', (r) => `${ms(r.coldFirst)} (${r.firstRuns})`),
    row('first results, warm cache (median)', (r) => ms(r.warmFirst)),
    row(`keystroke → results in the DOM, p50 (${k.keystrokes ?? '?'} keystrokes)`, (r) => ms(r.p50)),
    row('keystroke → results in the DOM, p95', (r) => ms(r.p95)),
    rangeRow(`same, with a date range ${RANGE.from}..${RANGE.to}, p50`, (r) => ms(r.p50)),
    rangeRow('same, with a date range, p95', (r) => ms(r.p95)),
    row('search call alone, p50 / p95', (r) => (Number.isFinite(r.searchP50) ? `${ms(r.searchP50)} / ${ms(r.searchP95)}` : 'in the keystroke time')),
    row('JS heap + wasm memory after the session', (r) => `${mb(r.memory)} (heap ${mb(r.heap)}, wasm ${mb(r.wasm)})`),
    row('bytes served for the first visit (session + 10 s, service worker included)', (r) => mb(r.bytes)),
    '',
    `Ratios (other ÷ Kiosque; above 1× Kiosque is faster): search call alone p50 — MiniSearch ${ratio(k.searchP50, m.searchP50)}, Pagefind ${ratio(k.searchP50, p.searchP50)}; ` +
      `p95 — MiniSearch ${ratio(k.searchP95, m.searchP95)}, Pagefind ${ratio(k.searchP95, p.searchP95)}; ` +
      `keystroke p50 — MiniSearch ${ratio(k.p50, m.p50)}, Pagefind ${ratio(k.p50, p.p50)}; ` +
      `keystroke p95 — MiniSearch ${ratio(k.p95, m.p95)}, Pagefind ${ratio(k.p95, p.p95)}; ` +
      `first results, cold — MiniSearch ${ratio(k.coldFirst, m.coldFirst)}, Pagefind ${ratio(k.coldFirst, p.coldFirst)}.`,
    '',
  ];
  return lines.join('\n');
}

/** The bundle format a Kiosque site's manifest declares (`unknown` when it cannot be read). */
function kiosqueFormat(dir, folder) {
  try {
    return JSON.parse(readFileSync(path.join(dir, folder, 'bundle/manifest.json'), 'utf8')).version ?? 'unknown';
  } catch {
    // Another format may keep its manifest elsewhere: the folder's name says which site it is.
    return 'unknown';
  }
}

/** How the first-visit rows name a Kiosque site: by the bundle format its manifest declares, and
 *  by its folder when it is not the main `kiosque/`. */
function kiosqueLabel(dir, folder) {
  return `Kiosque (${folder === 'kiosque' ? '' : `${folder}/, `}bundle format ${kiosqueFormat(dir, folder)})`;
}

const seconds = (v) => (Number.isFinite(v) ? `${(v / 1000).toFixed(2)} s` : `> ${CAP_MS / 1000} s`);
const bytesText = (v) => (v >= 1e6 ? `${(v / 1e6).toFixed(1)} MB` : `${(v / 1e3).toFixed(0)} kB`);

/** The first-visit table of one size: every Kiosque site of `dir`, MiniSearch up to
 *  `FIRST_VISIT_MINISEARCH_MAX` articles and Pagefind, over each network profile. */
async function firstVisitSection(browser, dir, size, word) {
  const kiosques = readdirSync(dir)
    .filter((f) => /^kiosque(-|$)/.test(f) && existsSync(path.join(dir, f, 'index.html')))
    .filter((f) => Number(size) <= FIRST_VISIT_FORMAT2_MAX || kiosqueFormat(dir, f) !== 2)
    .sort();
  const columns = [
    ...kiosques.map((folder) => ({ name: folder, label: kiosqueLabel(dir, folder), engine: ENGINES.kiosque, path: `${folder}/` })),
    ...(Number(size) <= FIRST_VISIT_MINISEARCH_MAX ? [{ name: 'minisearch', label: 'MiniSearch', engine: ENGINES.minisearch, path: 'minisearch/' }] : []),
    { name: 'pagefind', label: 'Pagefind', engine: ENGINES.pagefind, path: 'pagefind/search.html' },
  ].filter((c) => chosen(c.name));
  // Compressed as a static host would; no cache header, the visits are first visits anyway.
  const site = await serve(dir, '/', {}, { gzip: true });
  const results = {};
  for (const profile of profiles) {
    for (const column of columns) {
      process.stderr.write(`  ${size} articles, first visit over ${profile}: ${column.name}…\n`);
      try {
        results[`${profile}/${column.name}`] = await firstVisit(
          browser, `${site.url}${column.path}`, { shownSource: column.engine.shown.toString(), value: word }, profile,
        );
      } catch (e) {
        results[`${profile}/${column.name}`] = { error: String(e.message ?? e).split('\n')[0] };
      }
    }
  }
  await site.close();
  const pagefind = columns.some((c) => c.name === 'pagefind');
  const ratioColumns = pagefind ? columns.filter((c) => c.name.startsWith('kiosque')) : [];
  const cell = (r, f) => (r?.error ? `failed: ${r.error}` : f(r));
  const ratioCell = (profile, column, f) => {
    const k = results[`${profile}/${column.name}`];
    const p = results[`${profile}/pagefind`];
    if (!k || !p || k.error || p.error || !Number.isFinite(f(p)) || !Number.isFinite(f(k))) return 'n/a';
    return `${(f(k) / f(p)).toFixed(1)}×`;
  };
  const row = (label, profile, text, value) => `| ${label} | ${[
    ...columns.map((c) => cell(results[`${profile}/${c.name}`], text)),
    ...ratioColumns.map((c) => ratioCell(profile, c, value)),
  ].join(' | ')} |`;
  const lines = [
    `### ${Number(size).toLocaleString('en')} articles, first visit`,
    '',
    `| first visit, typing \`${word}\` | ${[...columns.map((c) => c.label), ...ratioColumns.map((c) => `${c.label} ÷ Pagefind`)].join(' | ')} |`,
    `|---|${[...columns, ...ratioColumns].map(() => '---|').join('')}`,
  ];
  for (const profile of profiles) {
    lines.push(
      row(`${describeProfile(profile)}: time to the first results, median (loads)`, profile,
        (r) => `${seconds(r.ms)} (${r.loads}${r.capped && Number.isFinite(r.ms) ? `, ${r.capped} past the cap` : ''})`, (r) => r.ms),
      row(`${profile}: bytes received before them`, profile,
        (r) => (Number.isFinite(r.ms) ? bytesText(r.bytes) : `${bytesText(r.bytes)} by the cap`), (r) => (Number.isFinite(r.ms) ? r.bytes : NaN)),
    );
  }
  lines.push('');
  return lines.join('\n');
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: FLAGS });
const version = browser.version();
const sections = [];
const firstVisitSections = [];
for (const size of sizeList.split(',')) {
  const dir = path.join(root, size);
  const session = JSON.parse(readFileSync(path.join(dir, 'session.json'), 'utf8'));
  const prep = JSON.parse(readFileSync(path.join(dir, 'prep.json'), 'utf8'));
  if (!firstVisitOnly) {
    const section = await mainSection(browser, dir, size, session, prep);
    console.log(section);
    sections.push(section);
  }
  const section = await firstVisitSection(browser, dir, size, session[0]);
  console.log(section);
  firstVisitSections.push(section);
}
await browser.close();

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const machine = `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; Chromium ${version}, headless`;
const command = `cargo xtask bench --browser --sizes ${sizeList}${firstVisitOnly ? ' --first-visit-only' : ''}${profileList === 'cable,mobile' ? '' : ` --profiles ${profileList}`}`;
const FIRST_VISIT_START = '<!-- first visit: written by `cargo xtask bench --browser`; `--first-visit-only` rewrites only this part -->';
const FIRST_VISIT_END = '<!-- first visit: end -->';
const firstVisitDoc = `${FIRST_VISIT_START}
## First visit over a throttled network

A new reader's first visit, typing one word as soon as the page lets them, over two networks
throttled by Chromium itself through the DevTools protocol (\`Network.emulateNetworkConditions\`
on a CDP session of the page and of the workers it starts).

- Run: \`${command}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.
- Machine: ${machine}. The machine is shared: compare the ratios within the run.
- Networks (DevTools adds the RTT to every request, from sending it to its response's headers, and
  spaces the bytes at the throughput): ${profiles.map(describeProfile).join('; ')}.
  Pagefind fetches its index from a dedicated worker: Chromium throttles those requests with the
  page's (the times are the same whether or not the worker's own session is throttled too, as
  here), but reports them only on the worker's session, which is followed to count their bytes.
- Every load is a true first visit: a new browser context (empty cache), the HTTP cache disabled
  through DevTools and service workers blocked. The sites are served by a plain static server that
  gzips HTML, JS, CSS, JSON, SVG and wasm as most static hosts do, and nothing else (Kiosque's
  \`.bin\` files and Pagefind's own compressed files go as they are).
- "Time to the first results": from navigation start to the results for the session's first word
  in the DOM and laid out (noticed by a mutation observer, then a forced layout). The page types
  the word itself as a reader would: as soon as the search box exists and takes input (in the
  document, laid out, neither disabled nor read-only), and again if the page replaces or empties
  the box. Kiosque's box comes, on format 3, with the first-results wasm (\`crates/first\`) once
  the manifest and head have arrived, and on format 2 with the app once the bundle files it needs
  have arrived; the Pagefind and MiniSearch pages enable theirs when their engine is ready. On
  screen at that moment: Kiosque's final count (not "Searching…") and the titles of the rows in
  the viewport (1280×720; format 3: shown by the first-results wasm once their card groups have
  arrived, each with its date, byline and summary, the query's words marked, standing in for the
  snippet; the snippets follow with their text groups, the timeline and filters with the app
  after them; format 2: the app's timeline too, snippets following with the article bodies);
  Pagefind's ten results with excerpts; MiniSearch's ten titles.
- "Bytes received before them": the sum of DevTools' \`encodedDataLength\` (headers and body as
  they came over the wire) of the responses finished before the first results, the page itself
  included. DevTools counts only the headers of a dedicated worker's script (Pagefind searches in
  one): its body is counted as the server sent it.
- Median of ${LOADS} loads, of 3 when the first took more than ${THREE_LOADS_AFTER_MS / 1000} s and of 1 when it
  took more than ${ONE_LOAD_AFTER_MS / 1000} s (the count is in brackets). A visit without results after
  ${CAP_MS / 1000} s is reported as "> ${CAP_MS / 1000} s" with what had arrived by then, and ends its row.
  MiniSearch and Kiosque's bundle format 2 have rows up to ${FIRST_VISIT_MINISEARCH_MAX.toLocaleString('en')} articles only: they
  download every document (format 2: the whole catalog and index) first.
- The ratio columns divide Kiosque's figure by Pagefind's: at most 1× is the goal of issue 15.

${firstVisitSections.join('\n')}\n${FIRST_VISIT_END}`;

if (firstVisitOnly) {
  // Only the first-visit part changes: the rest of the page keeps the figures of its own run.
  const page = existsSync(out) ? readFileSync(out, 'utf8') : '# Benchmarks\n';
  const from = page.indexOf(FIRST_VISIT_START);
  const to = page.indexOf(FIRST_VISIT_END);
  const updated = from >= 0 && to > from
    ? `${page.slice(0, from)}${firstVisitDoc}${page.slice(to + FIRST_VISIT_END.length)}`
    : `${page.trimEnd()}\n\n${firstVisitDoc}\n`;
  writeFileSync(out, updated);
  console.error(`updated the first-visit section of ${out}`);
} else {
  // Sections written by other commands or by hand come from other runs: kept, each between its
  // own markers (`<!-- NAME: … -->` … `<!-- NAME: end -->`): the bundle sizes of
  // `cargo xtask bench --bundle-sizes N`, the format-3 memory and keystrokes of
  // tests/e2e/tools/memory-format3.mjs.
  const previous = existsSync(out) ? readFileSync(out, 'utf8') : '';
  const kept = [];
  for (const name of ['bundle sizes', 'offline memory']) {
    const from = previous.indexOf(`<!-- ${name}: `);
    const end = `<!-- ${name}: end -->`;
    const to = previous.indexOf(end, from);
    if (from >= 0 && to > from) kept.push(previous.slice(from, to + end.length));
  }
  writeFileSync(out, kept.length ? `${mainDoc().trimEnd()}\n\n${kept.join('\n\n')}\n` : mainDoc());
  console.error(`wrote ${out}`);
}

/** The whole page, after a full run. */
function mainDoc() {
  return `# Benchmarks

Kiosque against the tools people use for static-site search today, on the same synthetic articles,
the same scripted typing session and the same headless Chromium, in one run of
\`cargo xtask bench --browser\`.

- Machine: ${machine}.
  The machine is shared: figures from one run, compare ratios within it.
- Articles: the deterministic generator of \`crates/bench\` (about 3 KB each, 2/3 French, 1/3 English,
  dated 2005–2024), written as a Kiosque bundle, as one HTML page per article for Pagefind (indexed by
  its CLI), and as a JSON array for MiniSearch (indexed in the browser, \`prefix: true, fuzzy: 0.2\`,
  title boost 2, AND).
- Session: ${JSON.parse(readFileSync(path.join(root, sizeList.split(',')[0], 'session.json'), 'utf8')).map((q) => `\`${q}\``).join(', ')} — typed letter by letter.
- "Keystroke → results in the DOM": from setting the search box and dispatching \`input\` to the moment
  the engine's results for that text are in the document and laid out (a forced layout), measured in
  the page; waiting for the next display frame is left out, the same for all three. What is on
  screen differs: MiniSearch's page shows ten titles; Kiosque shows the count, the timeline, the
  facet counts and the result rows in view with snippets (the rows below the view follow in the
  next frame); Pagefind's page shows ten results with excerpts. The session is typed after
  loading: for Kiosque, once its service worker is active, which it becomes when it has kept what
  it keeps up front for offline use (runs before 2026-12-02 19:00 UTC typed during that copy).
- "Search call alone": MiniSearch's \`search()\` and Pagefind's \`search()\` with its results' data,
  timed by their pages; for Kiosque the \`kiosque:search\` User Timing measure the app leaves for
  each search (reading the query, matching, ranking, filters, facet and timeline counts).
- "First results": from navigation start to the results of the session's first query, typed by the
  page itself as soon as the search box is usable and noticed by a mutation observer. Cold: a new
  browser context with an empty cache; warm: a later visit in the same browser profile, the server
  sending \`Cache-Control: max-age=3600\` as a static host would. Median of up to ${FIRST_RUNS} loads
  of each (the count is in brackets), fewer when loads take more than a few seconds.
- Pagefind has no date-range filter, hence no row for it there. MiniSearch folds neither accents nor
  elisions: \`securite\` does not find \`sécurité\` there, so its result counts differ.

${sections.join('\n')}
Reproduce: \`cargo xtask bench --browser\` (or \`--sizes 10000\` for one size; \`--first-visit-only\` for the
rows below alone); the command prints the same tables.

${firstVisitDoc}
`;
}
