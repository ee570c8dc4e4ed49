// Registers the service worker that keeps Kiosque readable offline (http(s) only: the single-file
// build opened from disk has nothing to register). Plain JavaScript because it must work without
// the app: a site whose app cannot start still gets its worker. What the worker says (a new
// version waiting, what is kept offline) is shown by the app (src/components/update_banner.rs,
// src/components/offline_panel.rs).
(function () {
  var sw = navigator.serviceWorker;
  if (!sw || !/^https?:$/.test(location.protocol)) return;

  // What the app's background download of a format-3 bundle asks (src/library/background.rs).
  window.kiosqueOffline = {
    controlling: function () {
      return !!sw.controller;
    },
    // Resolves once a worker controls the page: what the page fetches then is kept.
    controlled: function () {
      if (sw.controller) return Promise.resolve();
      return new Promise(function (resolve) {
        sw.addEventListener("controllerchange", function () { resolve(); }, { once: true });
      });
    },
    // The bundle files the worker keeps, as paths from the site's root ("bundle/terms/….bin").
    kept: function () {
      return new Promise(function (resolve) {
        if (!sw.controller) return resolve([]);
        var channel = new MessageChannel();
        channel.port1.onmessage = function (e) { resolve((e.data && e.data.paths) || []); };
        sw.controller.postMessage({ type: "kiosque:kept" }, [channel.port2]);
      });
    },
    // Fetches `url` through the worker, which keeps it, and resolves to its size. The bytes stay
    // here and are dropped: rows and bodies are kept by the worker, not in the app's memory.
    keep: function (url) {
      return fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": the server answered with status " + response.status);
        return response.arrayBuffer();
      }).then(function (bytes) { return bytes.byteLength; });
    },
    saveData: function () {
      return !!(navigator.connection && navigator.connection.saveData);
    },
  };

  // The worker's first install downloads the whole bundle; started beside the app's own loading
  // it slows the first results down. It waits for the app to say it has loaded its files
  // ("kiosque:settled") and three seconds more, or for ten seconds after the page's load event.
  var registered = false;
  var loaded = false;
  var settled = false;
  function maybeRegister() {
    if (!registered && loaded && settled) {
      registered = true;
      register();
    }
  }
  addEventListener("kiosque:settled", function () {
    // A little later still: the reader's first searches come first.
    setTimeout(function () {
      settled = true;
      maybeRegister();
    }, 3000);
  });
  addEventListener("load", function () {
    loaded = true;
    maybeRegister();
    setTimeout(function () {
      settled = true;
      maybeRegister();
    }, 10000);
  });
  function register() {
    sw.register("sw.js").then(function (reg) {
      // A browser that blocks service workers may resolve without a registration.
      if (!reg) return;
      // Hash routing never navigates: look for a new version hourly in a tab left open.
      setInterval(function () {
        reg.update().catch(function () {});
      }, 3600000);
    }, function () {});
  }
})();
