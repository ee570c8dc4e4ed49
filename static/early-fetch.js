// Downloads manifest, catalog and index while the app's code still compiles; the app takes them
// over (`early_file` in src/fetch.rs). Kept under the URL the app would ask for, with the bytes
// received so far and `next()`, settled at each chunk, for the progress bar.
(function () {
  if (!/^https?:$/.test(location.protocol)) return;
  var files = {};
  window.kiosqueEarly = files;

  function start(key, url, then) {
    var entry = { received: 0, done: false, status: 0, bytes: null, error: null, waiters: [] };
    entry.next = function () {
      return entry.done ? Promise.resolve() : new Promise(function (resolve) { entry.waiters.push(resolve); });
    };
    function wake() {
      var waiters = entry.waiters;
      entry.waiters = [];
      waiters.forEach(function (resolve) { resolve(); });
    }
    function finish(bytes, error) {
      entry.bytes = bytes;
      entry.error = error;
      entry.done = true;
      // Before the app hears of it: what `then` starts is there when the app asks.
      if (then && bytes) then(bytes);
      wake();
    }
    files[key] = entry;
    fetch(url).then(function (response) {
      entry.status = response.status;
      if (!response.ok || !response.body) return finish(response.ok ? new Uint8Array(0) : null, null);
      var reader = response.body.getReader();
      var chunks = [];
      function pump() {
        return reader.read().then(function (result) {
          if (result.done) {
            var bytes = new Uint8Array(entry.received);
            var at = 0;
            chunks.forEach(function (chunk) { bytes.set(chunk, at); at += chunk.length; });
            return finish(bytes, null);
          }
          chunks.push(result.value);
          entry.received += result.value.length;
          wake();
          return pump();
        });
      }
      return pump();
    }).catch(function (e) {
      finish(null, String((e && e.message) || e));
    });
  }

  // The first-results wasm (crates/first) hands the app the pieces it fetches the same way:
  // the entry is made when its fetch starts, so the app waits for it instead of fetching the
  // piece again; `finish(bytes)`, `finish(null, error, status)` (the server answered `status`)
  // or `finish(null, error)` (no answer) ends it, as the app's own fetch would have.
  window.kiosqueEarlyPending = function (key) {
    if (files[key]) return null;
    var entry = { received: 0, done: false, status: 0, bytes: null, error: null, waiters: [] };
    entry.next = function () {
      return entry.done ? Promise.resolve() : new Promise(function (resolve) { entry.waiters.push(resolve); });
    };
    files[key] = entry;
    return function (bytes, error, status) {
      entry.bytes = bytes;
      entry.received = bytes ? bytes.length : 0;
      entry.status = bytes ? 200 : status || 0;
      entry.error = bytes || status ? null : String(error);
      entry.done = true;
      var waiters = entry.waiters;
      entry.waiters = [];
      waiters.forEach(function (resolve) { resolve(); });
    };
  };

  start("bundle/manifest.json", "bundle/manifest.json?t=" + Date.now(), function (bytes) {
    try {
      var m = JSON.parse(new TextDecoder().decode(bytes));
      // Format 3: the head, named by its content (the app asks for it without `?v=`).
      if (m.version === 3 && m.head && typeof m.head.path === "string") {
        start("bundle/" + m.head.path, "bundle/" + m.head.path);
      }
      [m.catalog, m.index].forEach(function (f) {
        if (f && typeof f.path === "string" && typeof f.hash === "string") {
          var key = kiosqueBundleFile(f);
          start(key, key);
        }
      });
    } catch (e) {
      // The app reads the manifest itself and says what is wrong with it.
    }
  });
})();
