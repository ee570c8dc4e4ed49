// The address of a bundle file: its path in the bundle with the manifest's hash (`?v=`), so a
// kept copy never goes stale. The one place JavaScript writes it: inlined in the page for
// early-fetch.js, imported by sw.js. The app writes it in Rust (`bundle_file_url` in
// src/library.rs); the first-visit end-to-end test fails if the two disagree.
// eslint-disable-next-line no-unused-vars
function kiosqueBundleFile(file) {
  return "bundle/" + file.path + "?v=" + file.hash;
}
