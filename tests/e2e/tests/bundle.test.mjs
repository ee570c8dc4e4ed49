// Publishers swap a built site's articles with `kiosque bundle`; untrusted content stays inert;
// a missing or damaged bundle gets a plain message, never a blank page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS, REPO, bundle, copyOfSite, launch, newPage, takePolicyViolations, waitForList,
} from '../lib/harness.mjs';
import { eventually } from '../lib/offline.mjs';
import { serve } from '../lib/server.mjs';

const HOSTILE = path.join(REPO, 'tests/fixtures/hostile');
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Serves a modified copy of the built site for the duration of `fn`. */
async function withSite(modify, fn) {
  const copy = copyOfSite();
  try {
    modify(copy.dir);
    const site = await serve(copy.dir);
    try {
      await fn(site.url);
    } finally {
      await site.close();
    }
  } finally {
    copy.remove();
  }
}

test('re-bundling a built site changes what the browser lists, with no app rebuild', async () => {
  await withSite(
    (dir) => bundle(HOSTILE, path.join(dir, 'bundle')),
    async (url) => {
      const page = await newPage(browser);
      await page.goto(url);
      const items = await waitForList(page);
      assert.equal(await items.count(), 3);
      await page.getByRole('link', { name: 'A bundle swapped in after the build' }).waitFor();
      assert.equal(await page.getByRole('link', { name: /Strasbourg fire/ }).count(), 0);
    },
  );
});

test('script in article content never runs: raw HTML is dropped or text, script links are not links', async () => {
  await withSite(
    (dir) => bundle(HOSTILE, path.join(dir, 'bundle')),
    async (url) => {
      const page = await newPage(browser);
      const dialogs = [];
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      for (const id of ['2021-06-01-untrusted-markup', '2019-02-une-coupure-de-presse-contient-script-window-pwned-clipping']) {
        await page.goto(`${url}#/article/${id}`);
        const body = page.getByRole('article').locator('.article-body');
        await body.waitFor();
        const text = await body.textContent();
        if (id.includes('markup')) {
          // Raw HTML outside the allow-list was dropped when bundling: the script is not even
          // shown, the words around it are.
          assert.doesNotMatch(text, /<script>window\.__pwned/);
          assert.match(text, /Hover me/);
        } else {
          // A clipping is plain text: its markup is readable as text…
          assert.match(text, /<script>window\.__pwned/);
        }
        // …and none of it became elements.
        assert.equal(await body.locator('script, iframe, img, svg, [onerror], [onload], [onmouseover]').count(), 0);
        const links = body.getByRole('link');
        for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
          assert.doesNotMatch(href, /^\s*(javascript|data|vbscript):/i, `unsafe link ${href}`);
        }
        // Click whatever looks like a link, except the one safe link that leaves the page.
        if (id.includes('markup')) {
          for (const text of ['raw HTML link', 'script link', 'obfuscated one', 'data URL']) {
            await body.getByText(text).first().click();
          }
          await body.getByText('Hover me').first().hover();
        }
        // What a click queues (a navigation to a script URL) runs before the next frames.
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      }
      await page.screenshot({ path: path.join(ARTIFACTS, 'hostile.png'), fullPage: true });
      assert.equal(await page.evaluate(() => window.__pwned), undefined, 'article content ran script');
      assert.deepEqual(dialogs, []);

      // Script injected all the same is stopped by the page's Content-Security-Policy, and the
      // attempt is noticed (the harness fails any test whose page breaks the policy).
      await page.evaluate(() => {
        const div = document.createElement('div');
        div.innerHTML = '<img src="x" onerror="window.__pwned = \'canary\'">';
        document.body.append(div);
      });
      const refused = await eventually(page, () => takePolicyViolations().at(0), 'the policy to refuse the injected handler');
      assert.equal(refused.directive, 'script-src-attr');
      assert.equal(await page.evaluate(() => window.__pwned), undefined, 'the injected handler did not run');
    },
  );
});

const brokenBundles = [
  {
    name: 'a missing bundle',
    modify: (dir) => rmSync(path.join(dir, 'bundle'), { recursive: true }),
    heading: 'No articles to show',
    detail: /kiosque bundle/,
  },
  {
    name: 'a truncated catalog',
    modify: (dir) => {
      const file = path.join(dir, 'bundle/catalog.bin');
      truncateSync(file, Math.floor(readFileSync(file).length / 2));
    },
    heading: 'The articles cannot be read',
    detail: /catalog\.bin is incomplete/,
  },
  {
    name: 'a bundle of another format version',
    modify: (dir) => {
      const file = path.join(dir, 'bundle/manifest.json');
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      manifest.version = 99;
      writeFileSync(file, JSON.stringify(manifest));
    },
    heading: 'The articles cannot be read',
    detail: /format version 99.*understands version 2/,
  },
  {
    name: 'a manifest that is not JSON',
    modify: (dir) => writeFileSync(path.join(dir, 'bundle/manifest.json'), '<html>oops</html>'),
    heading: 'The articles cannot be read',
    detail: /manifest\.json cannot be read/,
  },
  {
    // The app decodes the manifest from the browser's JSON.parse (src/manifest.rs): a field
    // missing is named, as the CLI names it.
    name: 'a manifest of the right version with a file entry missing',
    modify: (dir) => {
      const file = path.join(dir, 'bundle/manifest.json');
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      delete manifest.catalog;
      writeFileSync(file, JSON.stringify(manifest));
    },
    heading: 'The articles cannot be read',
    detail: /manifest\.json cannot be read \(missing field `catalog`\)/,
  },
];

for (const { name, modify, heading, detail } of brokenBundles) {
  test(`${name} gets a plain-language message instead of a blank page`, async () => {
    await withSite(modify, async (url) => {
      const page = await newPage(browser);
      await page.goto(url);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.equal(await alert.getByRole('heading').textContent(), heading);
      assert.match(await alert.textContent(), detail);
      assert.deepEqual(page.errors, []);
      if (name === 'a truncated catalog') {
        await page.screenshot({ path: path.join(ARTIFACTS, 'broken-bundle.png') });
      }
    });
  });
}
