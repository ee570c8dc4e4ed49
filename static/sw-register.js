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
  addEventListener("load", function () {
    sw.register("sw.js").then(function (reg) {
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
  });
})();
