// One first visit of one Kiosque site folder over one network profile, as run.mjs's first-visit
// rows measure it (first-visit.mjs: throttled by DevTools, cache disabled, service workers
// blocked, the word typed as soon as the page takes it), then one more visit that lists the
// responses finished before the first results: which files, how many bytes, when.
//
//   node one-site.mjs SITE_DIR [--profile cable|mobile] [--word sécurité]
//
// SITE_DIR is served at / by the harness's static server (gzip as a static host would), so it
// is a built site (`cargo xtask build`'s dist/, its bundle/ swapped for another bundle). Used
// for the first results at 1,000,000 articles (docs/BENCHMARKS.md, "Bundling large archives").
import { chromium } from 'playwright-core';
import { serve } from '../e2e/lib/server.mjs';
import { PROFILES, describeProfile, firstVisit } from './first-visit.mjs';

const [dir, ...options] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node one-site.mjs SITE_DIR [--profile cable|mobile] [--word WORD]');
  process.exit(2);
}
const option = (name, fallback) => (options.includes(name) ? options[options.indexOf(name) + 1] : fallback);
const profileName = option('--profile', 'cable');
const word = option('--word', 'sécurité');
const profile = PROFILES[profileName];
if (!profile) throw new Error(`unknown network profile ${profileName}: the profiles are ${Object.keys(PROFILES).join(', ')}`);

/** As run.mjs's Kiosque engine: the results section says which text its results are for, its
 *  count is final (not "Searching…"), and the rows in view show their titles. */
const shown = (value, mutated) => {
  const section = document.querySelector('.results-section');
  if (!mutated || section?.dataset.query !== value) return false;
  if (section.querySelector('.count')?.getAttribute('aria-busy') !== 'false') return false;
  return ![...section.querySelectorAll('.result.loading')].some((row) => row.getBoundingClientRect().top < innerHeight);
};

/** In the page (an init script): types `value` as soon as the search box takes input and sets
 *  `window.__firstResults` when its results are shown (first-visit.mjs does the same). */
function typeAsSoonAsPossible({ shownSource, value }) {
  const isShown = new Function(`return (${shownSource})`)();
  let box = null;
  let mutated = false;
  const check = () => {
    if (window.__firstResults) return;
    const current = document.querySelector('input[type=search]');
    if (current && current.isConnected && !current.disabled && current.getClientRects().length > 0
      && (current !== box || current.value === '')) {
      box = current;
      box.value = value;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }
    if (box && isShown(value, mutated)) {
      void document.body.offsetHeight;
      window.__firstResults = performance.now();
    }
  };
  new MutationObserver(() => {
    if (box) mutated = true;
    check();
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

/** One visit under `profile` listing every response finished before the first results:
 *  `{ ms, files: [{ path, bytes, at }] }` (`bytes` on the wire, `at` in ms since navigation). */
async function listedVisit(browser, url) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    await context.addInitScript(typeAsSoonAsPossible, { shownSource: shown.toString(), value: word });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const requests = new Map();
    cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { url: e.request.url, type: e.type, sent: e.timestamp }));
    cdp.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId);
      if (r) Object.assign(r, { at: e.timestamp, bytes: e.encodedDataLength });
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: profile.rtt, downloadThroughput: profile.down / 8, uploadThroughput: profile.up / 8,
    });
    await page.goto(url, { waitUntil: 'commit' });
    const ms = await page.waitForFunction(() => window.__firstResults, null, { timeout: 300_000, polling: 100 })
      .then((h) => h.jsonValue());
    const all = [...requests.values()];
    const start = all.find((r) => r.type === 'Document').sent;
    const files = all
      .filter((r) => r.at !== undefined && r.at <= start + ms / 1000 && !r.url.startsWith('data:'))
      .map((r) => ({ path: new URL(r.url).pathname, bytes: r.bytes, at: Math.round((r.at - start) * 1000) }))
      .sort((a, b) => a.at - b.at);
    return { ms, files };
  } finally {
    await context.close();
  }
}

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: FLAGS });
const site = await serve(dir, '/', {}, { gzip: true });
try {
  const url = `${site.url}`;
  const row = await firstVisit(browser, url, { shownSource: shown.toString(), value: word }, profileName);
  const listed = await listedVisit(browser, url);
  const kb = (b) => `${(b / 1e3).toFixed(1)} kB`;
  console.log(`${dir}, first visit over ${describeProfile(profileName)}, typing "${word}":`);
  console.log(`first results: ${Math.round(row.ms)} ms, ${kb(row.bytes)} received before them (median of ${row.loads} loads${row.capped ? `, ${row.capped} capped` : ''})`);
  console.log(`one more visit, the responses finished before its first results (${Math.round(listed.ms)} ms):`);
  for (const f of listed.files) console.log(`  ${String(f.at).padStart(6)} ms  ${kb(f.bytes).padStart(10)}  ${f.path}`);
  console.log(`  total ${kb(listed.files.reduce((s, f) => s + f.bytes, 0))} in ${listed.files.length} responses`);
} finally {
  await site.close();
  await browser.close();
}
