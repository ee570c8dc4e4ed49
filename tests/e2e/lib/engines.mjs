// Firefox and WebKit (Safari's engine) for the cross-engine smoke tests, behind one small API:
// Firefox ESR through puppeteer-core over WebDriver BiDi, WebKitGTK through WebKitWebDriver with
// plain W3C WebDriver calls, in an Xvfb display this module starts and stops itself.
//
// Both give an `Engine`: open(url), reload(), evaluate(fn, ...args), waitFor(fn, arg, what),
// type(selector, text), click(selector), screenshot(file), violations(), close(). Actions go
// through the driver (real clicks and keystrokes); checks are plain DOM code run in the page.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const TIMEOUT = 30_000;

/** Where Firefox ESR is, or `undefined` when it is not installed. */
export function firefoxPath() {
  const file = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
  return existsSync(file) ? file : undefined;
}

/** `{ driver, browser, xvfb }` for WebKitGTK, or `undefined` when a part is missing. */
export function webkitPaths() {
  const driver = process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver';
  // Debian keeps it under the architecture's library folder.
  const browser = process.env.WEBKIT_MINIBROWSER ?? readdirSync('/usr/lib')
    .map((arch) => `/usr/lib/${arch}/webkit2gtk-4.1/MiniBrowser`)
    .find((f) => existsSync(f));
  const xvfb = process.env.XVFB ?? '/usr/bin/Xvfb';
  return [driver, browser, xvfb].every((f) => f && existsSync(f)) ? { driver, browser, xvfb } : undefined;
}

/**
 * Records the page's Content-Security-Policy violations in `window.__kiosqueViolations`. Run
 * before the page's scripts (Firefox) or as soon as the page is open (WebKit over WebDriver has
 * no way to run a script earlier; a script the policy blocked at load leaves the page empty,
 * which the smoke test sees anyway).
 */
function recordViolations() {
  if (window.__kiosqueViolations) return;
  window.__kiosqueViolations = [];
  addEventListener('securitypolicyviolation', (e) => {
    window.__kiosqueViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
  }, true);
}

/**
 * Polls `check` in the page until it returns something truthy, and returns that; a check may
 * return `{ waiting: why }` to keep waiting and have `why` told if it times out.
 */
async function poll(engine, check, arg, what, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await engine.evaluate(check, arg);
      if (last && last.waiting === undefined) return last;
    } catch (e) {
      // A page being replaced (navigation, reload) cannot answer for a moment.
      last = e.message;
    }
    if (Date.now() > deadline) throw new Error(`${engine.name}: timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Firefox ESR, headless. Leave `defaultViewport` null: Firefox 140 rejects puppeteer's viewport command. */
export async function launchFirefox() {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'kiosque-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    defaultViewport: null,
    userDataDir: profile,
    args: ['--width=1280', '--height=900'],
    // No update checks, telemetry or remote settings on a closed network.
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
    },
  });
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(recordViolations);
  const engine = {
    name: 'Firefox',
    async open(url) {
      await page.goto(url);
      await page.evaluate(recordViolations);
    },
    async reload() {
      await page.reload();
      await page.evaluate(recordViolations);
    },
    evaluate: (fn, ...args) => page.evaluate(fn, ...args),
    waitFor: (fn, arg, what, timeout) => poll(engine, fn, arg, what, timeout),
    async type(selector, text) {
      await page.type(selector, text);
    },
    async click(selector) {
      await page.click(selector);
    },
    async screenshot(file) {
      await page.screenshot({ path: file });
    },
    violations: () => page.evaluate(() => window.__kiosqueViolations ?? []),
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return engine;
}

/** A free loopback TCP port. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts Xvfb on a display it picks itself (`-displayfd`); returns `{ display, stop }`. */
async function startXvfb(xvfb) {
  const child = spawn(xvfb, ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const display = await new Promise((resolve, reject) => {
    let out = '';
    child.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    child.on('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${stderr}`)));
  });
  return {
    display,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on('exit', resolve);
      child.kill();
    }),
  };
}

/** WebKitGTK's MiniBrowser driven by WebKitWebDriver, in its own Xvfb display. */
export async function launchWebKit() {
  const { driver, browser, xvfb } = webkitPaths();
  const x = await startXvfb(xvfb);
  const port = await freePort();
  const child = spawn(driver, [`--port=${port}`], { env: { ...process.env, DISPLAY: x.display }, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  async function call(method, route, body) {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`WebKit: ${method} ${route}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  }
  const stopAll = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill();
      await exited;
    }
    await x.stop();
  };
  let session;
  try {
    // The driver takes a moment to listen.
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      try {
        if ((await call('GET', '/status')).ready) break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    session = (await call('POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: browser, args: ['--automation'] } } },
    })).sessionId;
  } catch (e) {
    await stopAll();
    throw e;
  }
  const at = (route) => `/session/${session}${route}`;
  const element = async (selector) => {
    const found = await call('POST', at('/element'), { using: 'css selector', value: selector });
    return Object.values(found)[0];
  };
  await call('POST', at('/window/rect'), { width: 1280, height: 900 }).catch(() => {});
  const engine = {
    name: 'WebKit',
    async open(url) {
      await call('POST', at('/url'), { url });
      await engine.evaluate(recordViolations);
    },
    async reload() {
      await call('POST', at('/refresh'), {});
      await engine.evaluate(recordViolations);
    },
    // WebDriver passes arguments as `arguments` and awaits a returned promise.
    evaluate: (fn, ...args) => call('POST', at('/execute/sync'), { script: `return (${fn}).apply(null, arguments);`, args }),
    waitFor: (fn, arg, what, timeout) => poll(engine, fn, arg, what, timeout),
    async type(selector, text) {
      await call('POST', at(`/element/${await element(selector)}/value`), { text });
    },
    async click(selector) {
      await call('POST', at(`/element/${await element(selector)}/click`), {});
    },
    async screenshot(file) {
      writeFileSync(file, Buffer.from(await call('GET', at('/screenshot')), 'base64'));
    },
    violations: () => engine.evaluate(() => window.__kiosqueViolations ?? []),
    async close() {
      await call('DELETE', at('')).catch(() => {});
      await stopAll();
    },
  };
  return engine;
}
