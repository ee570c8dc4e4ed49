// A plain static file server, like any static host: no rewrites, no special headers.
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.bin': 'application/octet-stream',
};

/** What static hosts commonly compress on the fly: text and wasm, not `application/octet-stream`. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg']);

/**
 * Serves `root` on a free loopback port under `prefix` (default `/`), adding `headers` (such as
 * a `cache-control`) to every file. Returns `{ url, close, served }` where `url` ends with the
 * prefix and `served()` counts the file bytes sent so far (service workers' requests included).
 * With `{ gzip: true }` the compressible types above are sent gzipped to a browser that accepts
 * it, as most static hosts do (`served()` then counts the compressed bytes). With `{ hold }`, a
 * request whose path `hold(pathname)` answers with a promise is served once that promise settles:
 * a slow file, for browsers whose driver cannot hold a request itself (Firefox, WebKit).
 */
export async function serve(root, prefix = '/', headers = {}, { gzip: compress = false, hold } = {}) {
  let served = 0;
  // Compressed once per file version: a corpus of tens of MB is not gzipped again at every load.
  const gzipped = new Map();
  const gzippedBody = (file, stat) => {
    const key = `${file}:${stat.size}:${stat.mtimeMs}`;
    if (!gzipped.has(key)) gzipped.set(key, fs.readFile(file).then((bytes) => gzip(bytes)));
    return gzipped.get(key);
  };
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const held = hold?.(pathname);
    if (held) await held;
    if (!pathname.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    let file = path.join(root, pathname.slice(prefix.length));
    if (!file.startsWith(path.resolve(root))) {
      res.writeHead(403).end();
      return;
    }
    try {
      let stat = await fs.stat(file);
      if (stat.isDirectory()) {
        file = path.join(file, 'index.html');
        stat = await fs.stat(file);
      }
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      if (compress && COMPRESSIBLE.has(path.extname(file)) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        const body = await gzippedBody(file, stat);
        res.writeHead(200, {
          'content-type': type, 'content-length': body.length, 'content-encoding': 'gzip', vary: 'accept-encoding', ...headers,
        });
        served += body.length;
        res.end(body);
        return;
      }
      res.writeHead(200, { 'content-type': type, 'content-length': stat.size, ...headers });
      served += stat.size;
      // The file can vanish between `stat` and the read (a test removing its copy of the site
      // while the browser still asks): the answer is cut short, as a host's would be, instead
      // of an uncaught error ending the test run.
      createReadStream(file).on('error', () => res.destroy()).pipe(res);
    } catch {
      if (res.headersSent) res.destroy();
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    // Gone at once, like a host going down: `close` alone would wait for every open connection,
    // and a browser's idle or held-back request can keep one open for as long as it likes.
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
    served: () => served,
  };
}
