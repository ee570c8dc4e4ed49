// Kiosque's service worker: keeps the app shell and the article bundle for offline reading.
//
// `cargo xtask build` stamps VERSION (a hash of the shell) and SHELL (the files Trunk wrote) into
// dist/sw.js, so every new build changes these bytes and the browser installs the new worker.
// Unstamped (a `trunk serve` dev build) the worker unregisters itself and never serves anything.
const VERSION = "dev";
const SHELL = [];

// Format 2: above this many bundle bytes, only manifest, catalog and index are kept up front;
// article bodies and pictures are kept as they are opened (or all at once on a "kiosque:cache-all"
// message). Format 3 keeps its manifest and head up front and every piece the page fetches.
const PRECACHE_LIMIT = 50 * 1000 * 1000;
// A navigation waits this long for the network before the kept page is shown.
const NETWORK_TIMEOUT_MS = 4000;

const SCOPE = self.registration.scope;
// Cache Storage is shared by the whole origin: names carry the scope so two Kiosque sites under
// different paths of one host never delete each other's files.
const SHELL_CACHE = `kiosque-shell-${VERSION} ${SCOPE}`;
const BUNDLE_CACHE = `kiosque-bundle ${SCOPE}`;
const at = (path) => new URL(path, SCOPE).href;
const INDEX = at("index.html");
const MANIFEST = at("bundle/manifest.json");
// A bundle file is kept under its URL with the manifest's hash, as the app asks for it
// (`kiosqueBundleFile`, written once for the page and the worker in bundle-file.js).
importScripts("bundle-file.js");
const fileKey = (f) => at(kiosqueBundleFile(f));

if (!SHELL.length) {
  self.addEventListener("install", () => self.skipWaiting());
  self.addEventListener("activate", () => self.registration.unregister());
} else {
  self.addEventListener("install", (event) => {
    event.waitUntil(
      (async () => {
        const cache = await caches.open(SHELL_CACHE);
        await cache.addAll(SHELL.map((f) => new Request(at(f), { cache: "reload" })));
        // The bundle is best effort: a site without one still installs.
        await syncBundle().catch(() => {});
      })(),
    );
  });

  self.addEventListener("activate", (event) => {
    event.waitUntil(
      (async () => {
        for (const name of await caches.keys()) {
          if (name.startsWith("kiosque-") && name.endsWith(` ${SCOPE}`) && name !== SHELL_CACHE && name !== BUNDLE_CACHE) {
            await caches.delete(name);
          }
        }
        await self.clients.claim();
      })(),
    );
  });

  self.addEventListener("message", (event) => {
    const type = event.data && event.data.type;
    if (type === "kiosque:skip-waiting") self.skipWaiting();
    if (type === "kiosque:status") event.waitUntil(status().then((s) => event.source.postMessage(s)));
    // The app's background download of a format-3 bundle asks what is kept (on the port it sends).
    if (type === "kiosque:kept" && event.ports[0]) event.waitUntil(keptPaths().then((paths) => event.ports[0].postMessage({ paths })));
    if (type === "kiosque:cache-all") {
      const client = event.source;
      const progress = (done, total) => client && client.postMessage({ type: "kiosque:progress", done, total });
      event.waitUntil(syncBundle(null, true, progress).catch((e) => client && client.postMessage({ type: "kiosque:progress", error: String(e) })));
    }
  });

  self.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
    const url = new URL(request.url);
    const path = url.href.slice(SCOPE.length).replace(/[?#].*$/, "");
    if (request.mode === "navigate" || path === "" || path === "index.html") {
      event.respondWith(networkFirst(request));
    } else if (path === "bundle/manifest.json") {
      event.respondWith(manifestFirst(request, event));
    } else if (path.startsWith("bundle/")) {
      // Bundle files are named by the hash in the manifest (`?v=`), so a kept copy never goes stale.
      const v = url.searchParams.get("v");
      event.respondWith(cacheFirst(at(path) + (v ? `?v=${v}` : ""), BUNDLE_CACHE));
    } else {
      // Trunk's file names carry their hash; the rest (icons, web manifest) change with VERSION.
      event.respondWith(cacheFirst(at(path), SHELL_CACHE));
    }
  });
}

/** The page from the network unless it fails or is slow, else the kept copy. */
async function networkFirst(request) {
  const network = fetch(request);
  network.catch(() => {});
  const kept = caches.open(SHELL_CACHE).then((c) => c.match(INDEX));
  let timer;
  const slow = new Promise((resolve) => (timer = setTimeout(resolve, NETWORK_TIMEOUT_MS)));
  try {
    return (await Promise.race([network, slow])) || (await kept) || (await network);
  } catch (e) {
    const copy = await kept;
    if (copy) return copy;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** The manifest from the network when it answers; a new one refreshes the kept bundle. */
async function manifestFirst(request, event) {
  let response;
  try {
    response = await fetch(request);
  } catch (e) {
    const copy = await caches.open(BUNDLE_CACHE).then((c) => c.match(MANIFEST));
    if (copy) return copy;
    throw e;
  }
  if (response.ok) {
    const copy = response.clone();
    event.waitUntil(
      (async () => {
        const text = await copy.clone().text();
        const old = await caches.open(BUNDLE_CACHE).then((c) => c.match(MANIFEST));
        if (old && (await old.text()) === text) return;
        await syncBundle(JSON.parse(text), false, null, copy);
      })().catch(() => {}),
    );
  }
  return response;
}

/** The kept copy under `key`, else the network's answer, kept for next time. */
async function cacheFirst(key, cacheName) {
  const cache = await caches.open(cacheName);
  const copy = await cache.match(key);
  if (copy) return copy;
  const response = await fetch(key);
  if (response.ok) await cache.put(key, response.clone());
  return response;
}

/** The bundle files kept, as paths from the scope (`bundle/terms/….bin`, `bundle/assets/….png?v=…`). */
async function keptPaths() {
  const cache = await caches.open(BUNDLE_CACHE);
  return (await cache.keys()).map((r) => r.url).filter((u) => u.startsWith(SCOPE)).map((u) => u.slice(SCOPE.length));
}

/** What is kept of the current bundle, for a page that wants to say so. */
async function status() {
  const cache = await caches.open(BUNDLE_CACHE);
  const manifest = await cache.match(MANIFEST).then((r) => r && r.json());
  // Format 3's progress is the app's own (its background download knows every piece).
  const files = manifest && manifest.version === 3 ? [] : bundleFiles(manifest);
  let keptBytes = 0;
  let kept = 0;
  for (const f of files) {
    if (await cache.match(fileKey(f))) (kept += 1), (keptBytes += f.bytes || 0);
  }
  const bytes = files.reduce((sum, f) => sum + (f.bytes || 0), 0);
  return { type: "kiosque:status", version: VERSION, files: files.length, kept, bytes, keptBytes, limit: PRECACHE_LIMIT };
}

/** Every `{ path, hash }` the manifest lists (catalog, index, bodies, and whatever comes later). */
function bundleFiles(node, out = []) {
  if (node && typeof node === "object") {
    if (typeof node.path === "string" && typeof node.hash === "string") out.push(node);
    else for (const value of Object.values(node)) bundleFiles(value, out);
  }
  return out;
}

/** Files of a large bundle that are kept as articles are opened: bodies, and their pictures. */
function onOpen(path) {
  return path.startsWith("bodies/") || path.startsWith("assets/");
}

/**
 * Keeps the bundle `manifest` describes (fetched when not given): everything when it is under
 * PRECACHE_LIMIT or `all` is set, else all but the bodies and pictures. Drops files of earlier bundles.
 */
async function syncBundle(manifest, all, progress, manifestResponse) {
  const cache = await caches.open(BUNDLE_CACHE);
  if (!manifest) {
    manifestResponse = await fetch(`${MANIFEST}?t=${Date.now()}`, { cache: "no-store" });
    if (!manifestResponse.ok) throw new Error(`manifest.json: ${manifestResponse.status}`);
    manifest = await manifestResponse.clone().json();
  }
  if (manifest.version === 3) return syncPieces(cache, manifest, manifestResponse);
  const files = bundleFiles(manifest);
  const total = files.reduce((sum, f) => sum + (f.bytes || 0), 0);
  const wanted = all || total <= PRECACHE_LIMIT ? files : files.filter((f) => !onOpen(f.path));
  let done = 0;
  for (const f of wanted) {
    if (!(await cache.match(fileKey(f)))) {
      const response = await fetch(fileKey(f));
      if (!response.ok) throw new Error(`${f.path}: ${response.status}`);
      await cache.put(fileKey(f), response);
    }
    done += f.bytes || 0;
    if (progress) progress(done, total);
  }
  // Only once the new bundle's files are kept does its manifest replace the old one.
  if (manifestResponse) await cache.put(MANIFEST, manifestResponse);
  const keep = new Set(files.map(fileKey).concat(MANIFEST));
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
}

/**
 * Format 3: keeps the manifest and the head; the other pieces are kept as the page fetches them
 * (its searches and its background download, src/library/background.rs), each under its name, a
 * content hash: never stale. A manifest of another bundle (another head) drops every file of the
 * previous one once it is taken; the same bundle (a new app version) keeps what was downloaded.
 */
async function syncPieces(cache, manifest, manifestResponse) {
  const head = at(`bundle/${manifest.head.path}`);
  if (!(await cache.match(head))) {
    const response = await fetch(head);
    if (!response.ok) throw new Error(`${manifest.head.path}: ${response.status}`);
    await cache.put(head, response);
  }
  const old = await cache.match(MANIFEST).then((r) => r && r.json()).catch(() => null);
  if (manifestResponse) await cache.put(MANIFEST, manifestResponse);
  if (old && old.version === 3 && old.head && old.head.path === manifest.head.path) return;
  const keep = new Set([MANIFEST, head].concat(bundleFiles(manifest).map(fileKey)));
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
}
