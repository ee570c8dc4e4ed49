// First visits over a throttled network: a new reader opens the page with an empty cache over a
// cable or mobile link and types one word as soon as the page lets them. The network is throttled
// by Chromium itself through the DevTools protocol (`Network.emulateNetworkConditions` on a CDP
// session of the page), the HTTP cache is disabled and service workers are blocked, so every
// load is a true first visit. Used by run.mjs for the "first visit" rows.
import { errors } from 'playwright-core';

/**
 * The network profiles, by the name `--profiles` takes. Throughputs in bits per second, `rtt` in
 * milliseconds: DevTools adds it to every request as the time from sending it to its response's
 * headers. Mobile is Lighthouse's throttled mobile link (1.6 Mbps down, 750 kbps up, 150 ms).
 */
export const PROFILES = {
  cable: { down: 10e6, up: 5e6, rtt: 40 },
  mobile: { down: 1.6e6, up: 0.75e6, rtt: 150 },
};

/** A profile as the tables say it: `cable (10 Mbps down, 5 Mbps up, 40 ms RTT)`. */
export function describeProfile(name) {
  const p = PROFILES[name];
  const rate = (bits) => (bits >= 1e6 ? `${bits / 1e6} Mbps` : `${bits / 1e3} kbps`);
  return `${name} (${rate(p.down)} down, ${rate(p.up)} up, ${p.rtt} ms RTT)`;
}

/** A first visit that has shown no results after this long is reported as "> cap". */
export const CAP_MS = 300_000;

/** Loads per row: the median of 5, of 3 when the first load took more than `THREE_LOADS_AFTER_MS`
 *  and a single load when it took more than `ONE_LOAD_AFTER_MS` or reached the cap, so that a
 *  slow first visit does not hold the run for half an hour. */
export const LOADS = 5;
export const THREE_LOADS_AFTER_MS = 12_000;
export const ONE_LOAD_AFTER_MS = 100_000;

/** In the page, from its start (an init script): as a reader would, types `value` into the search
 *  box as soon as it exists and takes input (connected, laid out, neither disabled nor read-only),
 *  types it again if the page replaces the box or empties it, and sets `window.__firstResults` to
 *  the time since navigation when the engine's results for it are in the DOM and laid out. */
function typeAsSoonAsPossible({ shownSource, value }) {
  const shown = new Function(`return (${shownSource})`)();
  const takesInput = (box) => box && box.isConnected && !box.disabled && !box.readOnly && box.getClientRects().length > 0;
  let box = null;
  let mutated = false;
  let done = false;
  const check = () => {
    if (done) return;
    const current = document.querySelector('input[type=search]');
    if (takesInput(current) && (current !== box || current.value === '')) {
      box = current;
      box.value = value;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }
    if (box && shown(value, mutated)) {
      done = true;
      observer.disconnect();
      void document.body.offsetHeight; // force style and layout: ready to paint
      window.__firstResults = performance.now();
    }
  };
  const observer = new MutationObserver(() => {
    if (box) mutated = true;
    check();
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

/** Watches the network of `cdp`'s page and of the dedicated workers it starts (Pagefind searches in
 *  one) under `conditions`. The page's session does not report a worker's requests (Chromium does
 *  throttle them with the page's), so each worker is held at its start (`waitForDebuggerOnStart`)
 *  until its own session reports its network, under the same conditions. Returns `{ requests,
 *  workers }`: the requests seen, by session and id, as `{ url, type, sent, response, at, bytes }`
 *  where `sent` and `at` are when the request left and its response finished (DevTools' clock,
 *  in seconds) and `bytes` its `encodedDataLength`; and the URLs of the workers' scripts. */
async function watchNetwork(cdp, conditions) {
  const requests = new Map();
  const workers = new Set();
  const on = (session) => (method, e) => {
    const key = `${session}/${e.requestId}`;
    if (method === 'Network.requestWillBeSent') requests.set(key, { url: e.request.url, type: e.type, sent: e.timestamp });
    const request = requests.get(key);
    if (!request) return;
    if (method === 'Network.responseReceived') request.response = true;
    if (method === 'Network.loadingFinished') Object.assign(request, { at: e.timestamp, bytes: e.encodedDataLength });
  };
  const page = on('page');
  for (const method of ['Network.requestWillBeSent', 'Network.responseReceived', 'Network.loadingFinished']) {
    cdp.on(method, (e) => page(method, e));
  }
  // Workers are reached through the page's session (not flattened: Playwright's CDP session
  // talks to one target), their events coming back as messages.
  let id = 0;
  cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    workers.add(targetInfo.url);
    const send = (method, params = {}) => cdp
      .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: ++id, method, params }) })
      .catch(() => {}); // the worker may be gone already
    send('Network.enable');
    send('Network.emulateNetworkConditions', conditions);
    send('Runtime.runIfWaitingForDebugger');
  });
  cdp.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
    const m = JSON.parse(message);
    if (m.method) on(sessionId)(m.method, m.params);
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', conditions);
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  return { requests, workers };
}

/** One first visit of `url` over `profile`: `{ ms, bytes, capped }`, where `ms` is the time from
 *  navigation to the first results (Infinity past the cap) and `bytes` what the responses finished
 *  before them weighed on the wire (DevTools' `encodedDataLength`: headers and compressed bodies,
 *  the page itself included; by the cap when capped). */
async function load(browser, url, { shownSource, value }, profile) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    await context.addInitScript(typeAsSoonAsPossible, { shownSource, value });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const { requests, workers } = await watchNetwork(cdp, {
      offline: false,
      latency: profile.rtt,
      downloadThroughput: profile.down / 8,
      uploadThroughput: profile.up / 8,
    });
    const started = Date.now();
    await page.goto(url, { waitUntil: 'commit', timeout: CAP_MS });
    const ms = await page
      .waitForFunction(() => window.__firstResults, null, { timeout: Math.max(1000, CAP_MS - (Date.now() - started)), polling: 100 })
      .then((handle) => handle.jsonValue(), (e) => {
        if (e instanceof errors.TimeoutError) return null;
        throw e;
      });
    // DevTools' timestamps are on one monotonic clock in seconds; the page's performance.now()
    // counts from its navigation, which starts as the document's request is sent.
    const all = [...requests.values()];
    const navigationStart = all.find((r) => r.type === 'Document').sent;
    const cutoff = ms === null ? Infinity : navigationStart + ms / 1000;
    let bytes = 0;
    for (const r of all) {
      if (r.response) {
        if (r.at <= cutoff) bytes += r.bytes;
      } else if (workers.has(r.url) && r.sent <= cutoff) {
        // A dedicated worker's script is fetched by the browser itself, and DevTools reports
        // neither its response nor, reliably, its end: its body is what the server sends for it
        // (compressed as to the browser). A worker that started before the results had its script.
        bytes += (r.at <= cutoff ? r.bytes : 0) + await bodyBytes(r.url);
      }
    }
    return { ms: ms ?? Infinity, bytes, capped: ms === null };
  } finally {
    await context.close();
  }
}

/** The body bytes the server sends for `url` to a browser that accepts gzip. */
async function bodyBytes(url) {
  const response = await fetch(url, { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
  return Number(response.headers.get('content-length') ?? 0);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The first-visit row of one engine over one profile: `{ ms, bytes, loads, capped }` with the
 *  medians of the loads (`ms` is Infinity when the median load reached the cap; `bytes` is then
 *  what had arrived by the cap). */
export async function firstVisit(browser, url, page, profileName) {
  const profile = PROFILES[profileName];
  const loads = [await load(browser, url, page, profile)];
  const first = loads[0];
  const wanted = first.capped || first.ms > ONE_LOAD_AFTER_MS ? 1 : first.ms > THREE_LOADS_AFTER_MS ? 3 : LOADS;
  while (loads.length < wanted) loads.push(await load(browser, url, page, profile));
  const ms = median(loads.map((l) => l.ms));
  const reached = loads.filter((l) => !l.capped);
  return {
    ms,
    bytes: median((Number.isFinite(ms) ? reached : loads).map((l) => l.bytes)),
    loads: loads.length,
    capped: loads.length - reached.length,
  };
}
