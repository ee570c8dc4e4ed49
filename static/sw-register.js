// Registers the service worker that keeps Kiosque readable offline (http(s) only: the single-file
// build opened from disk has nothing to register), and offers a waiting new version as a banner.
(function () {
  var sw = navigator.serviceWorker;
  if (!sw || !/^https?:$/.test(location.protocol)) return;
  var accepted = false;
  sw.addEventListener("controllerchange", function () {
    if (accepted) location.reload();
  });
  function offer(worker) {
    if (!sw.controller || document.getElementById("kiosque-update")) return;
    var fr = /^fr/i.test(document.documentElement.lang);
    var bar = document.createElement("div");
    bar.id = "kiosque-update";
    bar.setAttribute("role", "status");
    bar.style.cssText =
      "position:fixed;left:0;right:0;bottom:0;z-index:1000;padding:.6em 1em;text-align:center;" +
      "background:var(--accent,#1f4e79);color:var(--accent-text,#fff)";
    bar.textContent = fr ? "Une nouvelle version est disponible — " : "A new version is available — ";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = fr ? "recharger" : "reload";
    button.style.cssText = "font:inherit;color:inherit;background:none;border:0;padding:0;text-decoration:underline;cursor:pointer";
    button.onclick = function () {
      accepted = true;
      if (worker.state === "activated") location.reload();
      else worker.postMessage({ type: "kiosque:skip-waiting" });
    };
    bar.appendChild(button);
    document.body.appendChild(bar);
  }
  // Bundles too large to keep whole are kept in part: say what is kept and offer the rest.
  var panel = null;
  function megabytes(bytes) {
    return (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0) + " MB";
  }
  function offlineText(fr) {
    return fr
      ? { keep: "Tout rendre disponible hors ligne", later: "Plus tard", saving: "Enregistrement pour la lecture hors ligne… ", done: "Tous les articles sont disponibles hors ligne.", failed: "L’enregistrement hors ligne a échoué : " }
      : { keep: "Make everything available offline", later: "Not now", saving: "Saving for offline reading… ", done: "Every article is available offline.", failed: "Saving for offline failed: " };
  }
  function showStatus(s) {
    var fr = /^fr/i.test(document.documentElement.lang);
    var t = offlineText(fr);
    if (s.kept >= s.files) {
      if (panel && panel.dataset.saving) {
        panel.firstChild.textContent = t.done;
        panel.querySelectorAll("button").forEach(function (b) { b.remove(); });
        setTimeout(function () { if (panel) { panel.remove(); panel = null; } }, 4000);
      }
      return;
    }
    if (!panel) {
      panel = document.createElement("section");
      panel.id = "kiosque-offline";
      panel.setAttribute("aria-label", fr ? "Lecture hors ligne" : "Offline reading");
      panel.style.cssText =
        "position:fixed;left:0;right:0;bottom:0;z-index:999;padding:.5em 1em;display:flex;flex-wrap:wrap;gap:.4em 1em;" +
        "align-items:center;justify-content:center;background:var(--surface,#fff);color:var(--text,#1d1f23);border-top:1px solid var(--border,#dedbd3)";
      var text = document.createElement("p");
      text.setAttribute("role", "status");
      text.style.margin = "0";
      var keep = document.createElement("button");
      keep.type = "button";
      keep.textContent = t.keep;
      keep.onclick = function () {
        panel.dataset.saving = "yes";
        keep.disabled = true;
        text.textContent = t.saving;
        sw.controller && sw.controller.postMessage({ type: "kiosque:cache-all" });
      };
      var later = document.createElement("button");
      later.type = "button";
      later.textContent = t.later;
      later.onclick = function () { panel.remove(); panel = null; };
      panel.append(text, keep, later);
      document.body.appendChild(panel);
    }
    if (!panel.dataset.saving) {
      panel.firstChild.textContent = fr
        ? "Hors ligne, " + s.kept + " fichiers sur " + s.files + " sont conservés (" + megabytes(s.keptBytes) + " sur " + megabytes(s.bytes) + ") : les autres articles le seront à leur ouverture."
        : "Offline, " + s.kept + " of " + s.files + " files are kept (" + megabytes(s.keptBytes) + " of " + megabytes(s.bytes) + "); other articles are kept as you open them.";
    }
  }
  sw.addEventListener("message", function (event) {
    var d = event.data || {};
    if (d.type === "kiosque:status") showStatus(d);
    if (d.type === "kiosque:progress" && panel) {
      var t = offlineText(/^fr/i.test(document.documentElement.lang));
      if (d.error) panel.firstChild.textContent = t.failed + d.error;
      else if (d.done >= d.total) sw.controller && sw.controller.postMessage({ type: "kiosque:status" });
      else panel.firstChild.textContent = t.saving + Math.floor((100 * d.done) / Math.max(d.total, 1)) + " %";
    }
  });
  function askStatus() {
    if (sw.controller) sw.controller.postMessage({ type: "kiosque:status" });
  }
  sw.addEventListener("controllerchange", function () {
    if (!accepted) askStatus();
  });

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
      sw.ready.then(function () { setTimeout(askStatus, 500); });
      if (reg.waiting) offer(reg.waiting);
      reg.addEventListener("updatefound", function () {
        var worker = reg.installing;
        worker.addEventListener("statechange", function () {
          if (worker.state === "installed") offer(worker);
        });
      });
      // Hash routing never navigates: look for a new version hourly in a tab left open.
      setInterval(function () {
        reg.update().catch(function () {});
      }, 3600000);
    }, function () {});
  }
})();
