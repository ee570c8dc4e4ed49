// A Hugo site read as Hugo publishes it: a post's `figure` shortcode shows its picture (bundled
// from beside the post) with its caption, `youtube` and a Vimeo `<iframe>` become link cards that
// load nothing from those hosts, an HTML table renders as a table, a `ref` leads to the other
// post in the reader, and no template code or Markdown shows on the cards, in snippets or in
// the article.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, REPO, newPage, openSite, waitForList } from '../lib/harness.mjs';

const HUGO = path.join(REPO, 'tests/fixtures/sites/hugo');
const POST = '#/article/2023-04-02-migration';
let browser;
let site;
let opened;

before(async () => {
  opened = await openSite({
    articles: path.join(HUGO, 'content'),
    bundleArgs: ['--site-root', HUGO],
    report: [/4 articles imported.*2 images.*1 drafts left out/],
  });
  ({ browser, site } = opened);
});

after(() => opened?.close());

test('a Hugo post shows its figure, a video card and a table, and loads nothing from the video hosts', async () => {
  const page = await newPage(browser, { serviceWorkers: 'block' });
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.setViewportSize({ width: 1100, height: 1500 });
  await page.goto(`${site.url}${POST}`);
  const body = page.getByRole('article').locator('.article-body');
  await body.waitFor();
  await page.getByRole('heading', { level: 1, name: 'Migration du serveur de fichiers vers la version 5.2' }).waitFor();

  // The figure: the picture from beside the post, decoded at its size, with its caption.
  const figure = body.locator('figure');
  await figure.waitFor();
  const img = figure.locator('img.picture');
  await img.evaluate((el) => el.decode());
  assert.deepEqual(await img.evaluate((el) => [el.naturalWidth, el.naturalHeight, el.alt]), [320, 180, 'Courbe de charge']);
  assert.equal(await figure.locator('figcaption').textContent(), 'La charge pendant la bascule');

  // The videos: cards naming their hosts, linking to the videos' pages, with no player.
  const youtube = body.locator('.embed-card a', { hasText: 'YouTube' });
  assert.equal(await youtube.getAttribute('href'), 'https://www.youtube.com/watch?v=w7Ft2ymGmfc');
  assert.match(await youtube.textContent(), /Démonstration de la bascule/);
  const vimeo = body.locator('.embed-card a', { hasText: 'Vimeo' });
  assert.equal(await vimeo.getAttribute('href'), 'https://vimeo.com/76979871');
  assert.equal(await body.locator('iframe, script, video, object, embed, [onclick]').count(), 0);

  // The table, with its cells.
  const table = body.getByRole('table');
  assert.deepEqual(await table.getByRole('columnheader').allTextContents(), ['Volume', 'Avant', 'Après']);
  assert.equal(await table.getByRole('cell', { name: 'Sauvegardes' }).count(), 1);
  assert.match(await body.locator('small').textContent(), /Chiffres relevés le 1er avril/);
  assert.equal(await body.locator('sup').textContent(), 'er');

  // Code keeps the shortcode it documents; the text around holds no template code.
  assert.match(await body.locator('pre').last().textContent(), /\{\{< figure src="photo\.jpg"/);
  const prose = await body.evaluate((el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('pre, code').forEach((c) => c.remove());
    return copy.textContent;
  });
  for (const bad of ['{{', '{%', '<table', '**', 'piraté', 'gallery']) {
    assert.ok(!prose.includes(bad), `the article shows ${bad}`);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'sites-hugo-post.png'), fullPage: true });

  // Nothing was requested from the hosts of the videos, and nothing ran.
  assert.deepEqual(requested.filter((u) => /youtube|vimeo|ytimg|x\.com/.test(u)), []);
  assert.deepEqual(dialogs, []);
  assert.notEqual(await page.title(), 'piraté');
  assert.deepEqual(page.errors, []);

  // The `ref` leads to the other post in the reader.
  await body.getByRole('link', { name: 'pourquoi nous migrons' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pourquoi migrer le serveur de fichiers' }).waitFor();
  assert.match(page.url(), /#\/article\/2023-03-12-pourquoi-migrer/);
});

test('cards and snippets show plain words, never template code or Markdown', async () => {
  const page = await newPage(browser, { serviceWorkers: 'block' });
  await page.goto(site.url);
  const items = await waitForList(page);
  assert.equal(await items.count(), 4);
  const text = await page.locator('main').textContent();
  for (const bad of ['{{', '{%', '**', '](', 'Test']) {
    assert.ok(!text.includes(bad), `the list shows ${bad}`);
  }
  await page.getByText('Le récit de la bascule, avec le tableau des volumes et une vidéo.').waitFor();

  // Searching for a shortcode's name finds only the post whose code shows it, and its snippet
  // is that code; the name of a removed shortcode finds nothing.
  await page.goto(`${site.url}#/?q=gallery`);
  await page.getByText(/No article matches|Aucun article ne correspond/).first().waitFor();
  await page.goto(`${site.url}#/?q=sauvegardes`);
  const results = await waitForList(page);
  assert.equal(await results.count(), 1);
  // The catalog summary stands in until the body arrives; the snippet follows.
  const snippetLocator = results.first().locator('.result-snippet', { hasText: 'Sauvegardes' });
  await snippetLocator.waitFor();
  const snippet = await snippetLocator.textContent();
  assert.match(snippet, /Sauvegardes/);
  for (const bad of ['{{', '<', '**']) assert.ok(!snippet.includes(bad), snippet);
});
