// Served only by `kiosque serve`: reloads the page once the articles have been rebuilt.
// The server writes the bundle's version at the time it sent this script in place of the
// placeholder; the page then asks for the current one twice a second.
(function (loaded) {
  function check() {
    fetch("/__kiosque_version", { cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.text() : loaded;
      })
      .then(
        function (version) {
          if (version !== loaded) location.reload();
          else setTimeout(check, 500);
        },
        function () {
          // The preview server stopped: try again, slower, in case it comes back.
          setTimeout(check, 2000);
        },
      );
  }
  check();
})("__KIOSQUE_VERSION__");
