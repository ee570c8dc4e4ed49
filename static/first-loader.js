// Starts the page (docs/PARTIAL-LOADING.md, "Loading order"). On the plain list (`#/`,
// `#/?q=…`), the first-results wasm (crates/first, a tenth of the app's size) shows the search
// box, the count and the rows in view of a format-3 bundle; the Yew app is fetched once those are
// shown and nothing else is on its way, renders hidden behind them, is told what the reader types
// meanwhile, and takes the page over once it shows the same search. Anywhere else, with format 2,
// in a browser without what the lite needs, or when the lite fails, the app starts at once (the
// format is read from the manifest before the lite is fetched).
// `cargo xtask build` writes the files' names in the `kiosque-shell` block; a page without it
// (`trunk serve`, the single file) starts the app its own way.
(function () {
  var block = document.getElementById("kiosque-shell");
  if (!block) return;
  var files = JSON.parse(block.textContent);
  var html = document.documentElement;
  var appStarted = false;
  var handedOver = false;

  function startApp() {
    if (appStarted) return;
    appStarted = true;
    // The wasm at low priority: what the reader's typing fetches meanwhile comes first.
    var wasm = fetch(files.app.wasm, { priority: "low" });
    import(files.app.glue).then(function (glue) {
      return glue.default({ module_or_path: wasm }).then(function (instance) {
        window.wasmBindings = glue;
        dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: instance } }));
      });
    }).catch(function (e) {
      console.error("Kiosque could not start", e);
      handOver();
    });
  }

  function liteBox() {
    var lite = document.getElementById("kiosque-first");
    return lite && lite.querySelector("input[type=search]");
  }

  // The app's page is shown and the lite's removed, the search box's text, focus and caret
  // carried over.
  function handOver() {
    if (handedOver) return;
    handedOver = true;
    var lite = document.getElementById("kiosque-first");
    var box = liteBox();
    var appBox = document.querySelector("#kiosque input[type=search]");
    var focused = box && document.activeElement === box;
    if (box && appBox && appBox.value !== box.value) {
      appBox.value = box.value;
      appBox.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (lite) lite.remove();
    html.classList.remove("first-results");
    if (focused && appBox) {
      appBox.focus();
      try {
        appBox.setSelectionRange(box.selectionStart, box.selectionEnd, box.selectionDirection);
      } catch (e) {}
    }
    startApp();
  }

  // Called at every change of the app's page behind the lite and at every keystroke in the
  // lite: the app is told what the reader typed, and takes over once it shows its results (a
  // final count, and titles on the rows in view) or anything else than the list (an error).
  function follow() {
    if (handedOver) return;
    var box = liteBox();
    var app = document.getElementById("kiosque");
    if (!box || !app) return;
    var appBox = app.querySelector("input[type=search]");
    if (!appBox) {
      var main = app.querySelector("main");
      if (main && (main.querySelector(".load-error") || (main.children.length && !main.querySelector(".list-page, .loading")))) handOver();
      return;
    }
    if (app.querySelector(".load-error")) return handOver();
    if (appBox.value !== box.value) {
      appBox.value = box.value;
      appBox.dispatchEvent(new Event("input", { bubbles: true }));
      return;
    }
    var section = app.querySelector(".results-section");
    if (!section || section.dataset.query !== box.value) return;
    var count = section.querySelector(".count");
    if (!count || count.getAttribute("aria-busy") !== "false") return;
    var rows = section.querySelectorAll(".result.loading");
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getBoundingClientRect().top < innerHeight) return;
    }
    handOver();
  }

  // What the lite tells (crates/first/src/lib.rs).
  window.kiosqueFirst = {
    // Its first screen is in the page: the app's root stays hidden behind it.
    mounted: function () {
      // Too late: the app already has the page (the address changed while the lite started).
      if (handedOver) {
        var late = document.getElementById("kiosque-first");
        if (late) late.remove();
        return;
      }
      html.classList.add("first-results");
      var box = liteBox();
      // After the lite's own listener has started its fetches (they run in microtasks): the
      // app then finds them in the early-download table and does not fetch them again.
      if (box) box.addEventListener("input", function () { setTimeout(follow, 0); });
    },
    // Its results are shown and nothing is on its way: the app may come.
    settled: function () {
      if (handedOver || appStarted) return;
      startApp();
      new MutationObserver(follow).observe(document.getElementById("kiosque"), {
        subtree: true, childList: true, attributes: true, characterData: true,
      });
    },
    // It cannot go on (format 2, a damaged piece…): the app does it all.
    fail: function (reason) {
      if (console.info) console.info("Kiosque: the app takes over at once (" + reason + ")");
      handOver();
    },
  };

  // A link followed or the address changed: the app's views.
  addEventListener("hashchange", handOver);
  // The lite stopped on a trap (a bug): the app takes over rather than leave it half done.
  addEventListener("error", function (e) {
    if (!handedOver && typeof WebAssembly === "object" && e.error instanceof WebAssembly.RuntimeError) handOver();
  });

  var hash = location.hash;
  var plainList = /^(#\/?)?$/.test(hash) || /^#\/\?q=[^&]*$/.test(hash);
  var able = files.first && plainList && /^https?:$/.test(location.protocol)
    && typeof WebAssembly === "object" && typeof DecompressionStream === "function"
    && typeof fetch === "function" && typeof MutationObserver === "function";
  if (!able) return startApp();

  // The bundle's format, from the manifest static/early-fetch.js is already downloading: the
  // lite reads format 3 only, so a format-2 site (a small archive, read whole by the app) must
  // not download it for nothing. This waits one round trip, in parallel with the page's CSS.
  function whenFormatKnown(then) {
    var entry = window.kiosqueEarly && window.kiosqueEarly["bundle/manifest.json"];
    if (!entry) return then(null);
    (function wait() {
      if (!entry.done) return entry.next().then(wait);
      var version = null;
      try {
        version = JSON.parse(new TextDecoder().decode(entry.bytes)).version;
      } catch (e) {}
      then(version);
    })();
  }

  whenFormatKnown(function (version) {
    if (version !== 3) return startApp();
    var liteWasm = fetch(files.first.wasm);
    import(files.first.glue).then(function (glue) {
      var ready = document.readyState === "loading"
        ? new Promise(function (resolve) { addEventListener("DOMContentLoaded", resolve); })
        : Promise.resolve();
      return ready.then(function () { return glue.default({ module_or_path: liteWasm }); });
    }).catch(function (e) {
      window.kiosqueFirst.fail(String((e && e.message) || e));
    });
  });
})();
