// The reader's workbench on the built site: saving articles (a button on the article and on each
// result, and the `s` key) into the reading list or a named collection, a collection as a list
// that search and filters still narrow, reading state across reloads, citations, every export
// format parsed back, the reader's data exported and imported, a bundle update that drops a saved
// article, printing, keyboard access and axe in both languages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  bundle, docScreenshot, listParams, newPage, openSite, resultCount, resultItems, seriousViolations,
  serveSite, waitForCount, waitForList,
} from '../lib/harness.mjs';

let browser;
let site;
let opened;

before(async () => {
  opened = await openSite();
  ({ browser, site } = opened);
});

after(() => opened?.close());

/** The "Save" toggle of the result at `index` (its name ends with the article's title). */
function rowSave(page, index) {
  return resultItems(page).nth(index).getByRole('button', { name: /^Save: / });
}

/** Waits until `locator`'s `aria-pressed` is `value`. */
async function pressed(locator, value) {
  await locator.and(locator.page().locator(`[aria-pressed="${value}"]`)).waitFor();
}

/** The ids of the results shown (each row carries its article's id). */
function resultIds(page) {
  return resultItems(page).evaluateAll((items) => items.map((i) => i.dataset.articleId));
}

/** The reader's collection `name`'s checkbox among the filters, and the count beside it. */
function collectionFilter(page, name) {
  return page.getByRole('group', { name: /^(My articles|Mes articles)$/ }).getByRole('checkbox', { name: new RegExp(`^${name} \\d+$`) });
}

async function collectionCount(page, name) {
  const label = await collectionFilter(page, name).evaluate((c) => c.labels[0].textContent);
  return Number(label.replace(/\D/g, ''));
}

/** Saves the first three results: a row's button, an article's button, and `s` on a row. */
async function saveThree(page, url) {
  await page.goto(`${url}#/?sort=newest`);
  await waitForList(page);
  const ids = (await resultIds(page)).slice(0, 3);
  await rowSave(page, 0).click();
  await pressed(rowSave(page, 0), 'true');
  // From the article page.
  await resultItems(page).nth(1).getByRole('heading').getByRole('link').click();
  const tools = page.getByRole('group', { name: 'Article tools' });
  await tools.getByRole('button', { name: 'Save' }).click();
  await pressed(tools.getByRole('button', { name: 'Save' }), 'true');
  await page.goBack();
  await waitForList(page);
  // With the keyboard: the focus on the third result's link, `s`.
  await resultItems(page).nth(2).getByRole('heading').getByRole('link').focus();
  await page.keyboard.press('s');
  await pressed(rowSave(page, 2), 'true');
  return ids;
}

test('articles saved from a result, an article and the s key form a list that search and filters narrow', async () => {
  const page = await newPage(browser);
  const ids = await saveThree(page, site.url);
  assert.equal(await collectionCount(page, 'Reading list'), 3);
  await collectionFilter(page, 'Reading list').check();
  await page.waitForFunction(() => location.hash.includes('in=reading-list'));
  await waitForCount(page, 3);
  assert.deepEqual((await resultIds(page)).sort(), [...ids].sort());
  // The facets count the collection only.
  const counts = await page.locator('.filters fieldset.facet:not(.reader-filters) .facet-count')
    .evaluateAll((els) => els.map((e) => Number(e.textContent.replace(/\D/g, ''))));
  assert.ok(counts.length > 0 && counts.every((n) => n <= 3), `facet counts ${counts}`);
  // A search inside the collection narrows it; one that matches nothing there shows nothing.
  await page.goto(`${site.url}#/?in=reading-list&q=xylophonezzz`);
  await waitForCount(page, 0);
  // Unsaving from the list takes it out of the collection.
  await page.goto(`${site.url}#/?in=reading-list&sort=newest`);
  await waitForCount(page, 3);
  await rowSave(page, 0).click();
  await waitForCount(page, 2);
  // A named collection, made from the article page, is a list of its own.
  await page.goto(`${site.url}#/article/${ids[2]}`);
  const tools = page.getByRole('group', { name: 'Article tools' });
  await tools.getByText('Collections').click();
  await tools.getByLabel('New collection').fill('Enquête cloud');
  await tools.getByRole('button', { name: 'Create' }).click();
  await tools.getByRole('checkbox', { name: 'Enquête cloud' }).and(page.locator(':checked')).waitFor();
  await page.goto(`${site.url}#/?in=enquete-cloud`);
  await waitForCount(page, 1);
  await page.getByText('Collection:').waitFor();
  assert.deepEqual(await resultIds(page), [ids[2]]);
  await docScreenshot(page, 'workbench-collection.png');
  assert.deepEqual(page.errors, []);
});

test('opened articles count as read across a reload; unread only, mark all, and the setting', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}#/?sort=oldest`);
  await waitForList(page);
  const total = await resultCount(page);
  const [first, second] = await resultIds(page);
  await resultItems(page).first().getByRole('heading').getByRole('link').click();
  await page.getByRole('group', { name: 'Article tools' }).getByRole('button', { name: 'Mark as unread' }).waitFor();
  await page.goBack();
  await waitForList(page);
  const read = page.locator(`li.result[data-article-id="${first}"]`);
  await read.getByText('Read', { exact: true }).waitFor();
  await page.reload();
  await waitForList(page);
  await read.getByText('Read', { exact: true }).waitFor();
  assert.ok(await read.evaluate((li) => li.classList.contains('is-read')));
  // Unread only: every article but that one.
  await page.getByRole('checkbox', { name: /^Unread only/ }).check();
  await page.waitForFunction(() => location.hash.includes('unread=1'));
  await waitForCount(page, total - 1);
  assert.ok(!(await resultIds(page)).includes(first));
  // Mark all current results read: none left unread.
  await page.getByRole('button', { name: 'Mark all as read' }).click();
  await waitForCount(page, 0);
  await page.goto(`${site.url}#/?sort=oldest`);
  await waitForCount(page, total);
  await page.getByRole('button', { name: 'Mark all as unread' }).click();
  await page.waitForFunction(() => document.querySelectorAll('li.result.is-read').length === 0);
  // By hand, on the article.
  await page.goto(`${site.url}#/article/${second}`);
  const toggle = page.getByRole('group', { name: 'Article tools' }).getByRole('button', { name: /^Mark as/ });
  await toggle.filter({ hasText: 'Mark as unread' }).waitFor();
  await toggle.click();
  await toggle.filter({ hasText: 'Mark as read' }).waitFor();
  // The setting off, an opened article stays unread.
  await page.goto(`${site.url}#/library`);
  await page.getByRole('checkbox', { name: 'An article opened counts as read' }).uncheck();
  await page.reload();
  assert.equal(await page.getByRole('checkbox', { name: 'An article opened counts as read' }).isChecked(), false);
  await page.goto(`${site.url}#/article/${first}`);
  await page.getByRole('group', { name: 'Article tools' }).getByRole('button', { name: 'Mark as read' }).waitFor();
  assert.deepEqual(page.errors, []);
});

// --- The formats, read back as their specifications write them. ---

function parseRis(text) {
  assert.ok(text.endsWith('\r\n'), 'RIS lines end with CR LF');
  const records = [];
  let current = null;
  for (const line of text.split('\r\n').filter((l) => l)) {
    const m = /^([A-Z][A-Z0-9])  - (.*)$/.exec(line);
    assert.ok(m, `RIS tag line: ${JSON.stringify(line)}`);
    const [, tag, value] = m;
    if (tag === 'TY') { assert.equal(current, null); current = { TY: [value] }; continue; }
    assert.ok(current, `${tag} outside a record`);
    if (tag === 'ER') { records.push(current); current = null; continue; }
    (current[tag] ??= []).push(value);
  }
  assert.equal(current, null, 'the last record is closed with ER');
  return records;
}

function parseBibtex(text) {
  const entries = [];
  let i = 0;
  const skip = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  skip();
  while (i < text.length) {
    assert.equal(text[i], '@');
    const head = /^@([a-z]+)\{([A-Za-z0-9_:-]+),/.exec(text.slice(i));
    assert.ok(head, `entry head at ${text.slice(i, i + 40)}`);
    i += head[0].length;
    const fields = {};
    for (;;) {
      skip();
      if (text[i] === '}') { i++; break; }
      const name = /^([a-z]+) = /.exec(text.slice(i));
      assert.ok(name, `field at ${text.slice(i, i + 40)}`);
      i += name[0].length;
      let value = '';
      if (text[i] === '{') {
        let depth = 1;
        i++;
        while (depth > 0) {
          assert.ok(i < text.length, 'unbalanced braces');
          const c = text[i];
          if (c === '\\') { value += c + text[i + 1]; i += 2; continue; }
          if (c === '{') depth++;
          if (c === '}') depth--;
          if (depth > 0) value += c;
          i++;
        }
      } else {
        const m = /^[a-z]+/.exec(text.slice(i));
        value = m[0];
        i += value.length;
      }
      fields[name[1]] = value;
      skip();
      if (text[i] === ',') i++;
    }
    entries.push({ type: head[1], key: head[2], fields });
    skip();
  }
  return entries;
}

function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') {
      assert.equal(field, '', 'a quote opens a field');
      quoted = true;
    } else if (c === ',') { row.push(field); field = ''; } else if (c === '\r') {
      assert.equal(text[i + 1], '\n', 'CR LF ends a record');
      i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else {
      assert.notEqual(c, '\n', 'a bare LF outside quotes');
      field += c;
    }
  }
  assert.ok(!quoted && field === '' && row.length === 0, 'the last record ends with CR LF');
  return rows;
}

/** Clicks `button` and returns the downloaded file's name and text. */
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const where = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(where, 'utf8') };
}

test('a collection exports as CSL-JSON, RIS, BibTeX, CSV and Markdown, each parsed back', async () => {
  const page = await newPage(browser, { acceptDownloads: true });
  const ids = await saveThree(page, site.url);
  await page.goto(`${site.url}#/?in=reading-list&sort=newest`);
  await waitForCount(page, 3);
  const titles = await resultItems(page).getByRole('heading').allTextContents();
  await page.getByText('Export these 3 articles').click();
  const buttons = page.getByRole('group', { name: 'Export' });
  const sorted = [...ids].sort();

  const csl = await download(page, buttons.getByRole('button', { name: 'CSL-JSON' }));
  assert.equal(csl.name, 'kiosque-reading-list.json');
  const items = JSON.parse(csl.text);
  assert.ok(Array.isArray(items));
  assert.deepEqual(items.map((i) => i.id).sort(), sorted);
  for (const item of items) {
    assert.ok(['article-newspaper', 'article'].includes(item.type));
    assert.equal(typeof item.title, 'string');
    assert.ok(item.URL.includes(`#/article/${item.id}`));
    if (item.issued) {
      const [parts] = item.issued['date-parts'];
      assert.ok(parts.length >= 1 && parts.length <= 3 && parts.every(Number.isInteger));
    }
    for (const a of item.author ?? []) assert.equal(typeof a.literal, 'string');
  }
  assert.deepEqual(items.map((i) => i.title).sort(), [...titles].sort());

  const ris = await download(page, buttons.getByRole('button', { name: 'RIS' }));
  assert.equal(ris.name, 'kiosque-reading-list.ris');
  const records = parseRis(ris.text);
  assert.deepEqual(records.map((r) => r.ID[0]).sort(), sorted);
  for (const r of records) assert.ok(['NEWS', 'GEN'].includes(r.TY[0]) && r.TI && r.UR);

  const bib = await download(page, buttons.getByRole('button', { name: 'BibTeX' }));
  const entries = parseBibtex(bib.text);
  assert.deepEqual(entries.map((e) => e.key).sort(), sorted);
  for (const e of entries) assert.ok(['article', 'misc'].includes(e.type) && e.fields.title && e.fields.url);

  const csv = await download(page, buttons.getByRole('button', { name: 'CSV' }));
  const rows = parseCsv(csv.text);
  assert.deepEqual(rows[0], ['id', 'title', 'date', 'authors', 'source', 'language', 'tags', 'url']);
  assert.deepEqual(rows.slice(1).map((r) => r[0]).sort(), sorted);
  assert.deepEqual(rows.slice(1).map((r) => r[1]).sort(), [...titles].sort());

  const md = await download(page, buttons.getByRole('button', { name: 'Markdown' }));
  const lines = md.text.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  for (const line of lines) assert.match(line, /^- \[.+\]\(\S+#\/article\/\S+\)/);
  assert.deepEqual(page.errors, []);
});

test('articles ticked in the results export alone, then the whole results again', async () => {
  const page = await newPage(browser, { acceptDownloads: true });
  await page.goto(`${site.url}#/?sort=newest`);
  await waitForList(page);
  const tick = (index) => resultItems(page).nth(index).getByRole('checkbox', { name: /^Select: / });
  assert.equal(await tick(0).count(), 0, 'no checkbox until the reader selects');
  const toggle = page.getByRole('button', { name: 'Select articles' });
  await toggle.click();
  await pressed(toggle, 'true');
  const ids = await resultIds(page);
  await tick(0).check();
  await tick(2).check();
  await page.getByText('Export the 2 selected articles', { exact: true }).click();
  const buttons = page.getByRole('group', { name: 'Export' });
  const csv = await download(page, buttons.getByRole('button', { name: 'CSV' }));
  assert.equal(csv.name, 'kiosque-selection.csv');
  assert.deepEqual(parseCsv(csv.text).slice(1).map((r) => r[0]).sort(), [ids[0], ids[2]].sort());

  await tick(0).uncheck();
  await page.getByText('Export the selected article', { exact: true }).waitFor();
  const md = await download(page, buttons.getByRole('button', { name: 'Markdown' }));
  const lines = md.text.trimEnd().split('\n');
  assert.equal(lines.length, 1);
  assert.ok(lines[0].includes(`#/article/${ids[2]}`));

  // Done selecting: the checkboxes go and the menu exports the whole results again.
  await toggle.click();
  await pressed(toggle, 'false');
  assert.equal(await tick(0).count(), 0);
  const count = await resultCount(page);
  await page.getByText(`Export these ${count} articles`, { exact: true }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('Cite gives a reference in the reader\'s language, copied to the clipboard', async () => {
  const page = await newPage(browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
  await page.goto(`${site.url}#/?sort=newest`);
  await waitForList(page);
  const title = await resultItems(page).first().getByRole('heading').textContent();
  await resultItems(page).first().getByRole('heading').getByRole('link').click();
  await page.getByRole('button', { name: 'Cite' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cite this article' });
  const text = await dialog.getByRole('textbox').inputValue();
  assert.ok(text.includes(`“${title}”`), text);
  assert.match(text, /Available at \S+#\/article\//);
  await dialog.getByRole('button', { name: 'Copy' }).click();
  await dialog.getByText('Copied.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
  assert.deepEqual(await seriousViolations(page), []);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: 'Français' }).click();
  await page.getByRole('button', { name: 'Citer' }).click();
  const fr = await page.getByRole('dialog', { name: 'Citer cet article' }).getByRole('textbox').inputValue();
  assert.ok(fr.includes(`« ${title} »`) && fr.includes('Disponible sur'), fr);
  assert.deepEqual(page.errors, []);
});

test('the reader\'s data exports to a file and imports on another device; other files are refused', async () => {
  const page = await newPage(browser, { acceptDownloads: true });
  const ids = await saveThree(page, site.url);
  await page.goto(`${site.url}#/library`);
  const exported = await download(page, page.getByRole('button', { name: 'Export my data' }));
  assert.match(exported.name, /^kiosque-data-\d{4}-\d\d-\d\d\.json$/);
  const file = JSON.parse(exported.text);
  assert.equal(file.format, 'kiosque-reader-data');
  assert.equal(file.data.version, 2);
  assert.deepEqual([...file.data.collections[0].items].sort(), [...ids].sort());

  // Another browser: nothing saved, then the file imported.
  const other = await newPage(browser);
  await other.goto(`${site.url}#/library`);
  await other.getByText(/^Nothing saved yet/).waitFor();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosque-data-'));
  try {
    writeFileSync(path.join(dir, 'not-kiosque.json'), '{"hello": 1}');
    await other.getByLabel('Import data').setInputFiles(path.join(dir, 'not-kiosque.json'));
    await other.getByRole('status').filter({ hasText: /^This file is not a Kiosque export/ }).waitFor();
    writeFileSync(path.join(dir, exported.name), exported.text);
    await other.getByLabel('Import data').setInputFiles(path.join(dir, exported.name));
    await other.getByRole('status').filter({ hasText: 'Data imported.' }).waitFor();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await other.getByText('3 articles').waitFor();
  await other.getByRole('link', { name: 'Reading list' }).click();
  await waitForCount(other, 3);
  assert.equal(listParams(other).get('in'), 'reading-list');
  assert.deepEqual((await resultIds(other)).sort(), [...ids].sort());
  // Kept across a reload: the import was stored.
  await other.reload();
  await waitForCount(other, 3);
  assert.deepEqual([...page.errors, ...other.errors], []);
});

test('a bundle update keeps the reader\'s data; a saved article that disappeared is named with its title and date', async () => {
  const articles = mkdtempSync(path.join(os.tmpdir(), 'kiosque-wb-articles-'));
  const write = (name, title, date, body) => writeFileSync(path.join(articles, name),
    `---\ntitle: ${title}\ndate: ${date}\nlang: en\n---\n${body}\n`);
  write('a.md', 'Harbour cranes return', '2021-03-04', 'The harbour brings back its cranes after the storm.');
  write('b.md', 'Night trains are back', '2021-05-06', 'Night trains return between the capitals.');
  write('c.md', 'Library opens late', '2021-07-08', 'The city library now opens until midnight.');
  const own = await serveSite({ articles });
  try {
    const page = await newPage(browser);
    await page.goto(`${own.url}#/?sort=oldest`);
    await waitForCount(page, 3);
    for (let i = 0; i < 3; i++) {
      await rowSave(page, i).click();
      await pressed(rowSave(page, i), 'true');
    }
    // The publisher drops one article and adds another, then re-bundles the same site.
    rmSync(path.join(articles, 'b.md'));
    write('d.md', 'Bridge repainted', '2021-09-10', 'The old bridge is repainted green.');
    bundle(articles, path.join(own.dir, 'bundle'));
    await page.goto(`${own.url}#/?in=reading-list`);
    await page.reload();
    await waitForCount(page, 2);
    const gone = page.getByRole('region', { name: 'No longer in this archive' });
    await gone.getByText('Night trains are back').waitFor();
    assert.match(await gone.textContent(), /6 May 2021/);
    // My library lists it too, and the saved ones still count.
    await page.goto(`${own.url}#/library`);
    await page.getByRole('region', { name: 'No longer in this archive' }).getByText('Night trains are back').waitFor();
    await page.getByText('2 articles').waitFor();
    assert.deepEqual(page.errors, []);
  } finally {
    await own.close();
    rmSync(articles, { recursive: true, force: true });
  }
});

test('a saved search counts the articles a bundle update added, until the reader opens it', async () => {
  const articles = mkdtempSync(path.join(os.tmpdir(), 'kiosque-wb-search-'));
  const write = (name, title, date, body) => writeFileSync(path.join(articles, name),
    `---\ntitle: ${title}\ndate: ${date}\nlang: en\n---\n${body}\n`);
  write('a.md', 'Harbour cranes return', '2021-03-04', 'The harbour brings back its cranes.');
  write('b.md', 'Night trains are back', '2021-05-06', 'Night trains return between the capitals.');
  write('c.md', 'Harbour dredging starts', '2021-07-08', 'Dredging the harbour begins in spring.');
  const own = await serveSite({ articles });
  try {
    const page = await newPage(browser);
    await page.goto(`${own.url}#/?q=harbour`);
    await waitForCount(page, 2);
    await page.getByText('Save this search').click();
    await page.getByLabel('Name of the search').fill('Harbour');
    await page.getByLabel('Name of the search').press('Enter');
    await page.goto(`${own.url}#/library`);
    const line = page.locator('li[data-search="harbour"]');
    await line.getByRole('link', { name: 'Harbour' }).waitFor();
    assert.equal(await line.locator('.new-count').count(), 0, 'nothing new yet');
    // Two more harbour articles in the next bundle of the same site.
    write('d.md', 'Harbour lights repaired', '2021-09-10', 'The harbour lights shine again.');
    write('e.md', 'A new ferry for the harbour', '2021-11-12', 'The harbour welcomes a ferry.');
    bundle(articles, path.join(own.dir, 'bundle'));
    await page.reload();
    await line.getByText('2 new').waitFor();
    await docScreenshot(page, 'workbench-searches.png');
    assert.deepEqual(await seriousViolations(page), []);
    // Opening it shows the four; back in the library, nothing is new any more.
    await line.getByRole('link', { name: 'Harbour' }).click();
    await waitForCount(page, 4);
    assert.equal(listParams(page).get('q'), 'harbour');
    await page.goBack();
    await line.getByRole('link', { name: 'Harbour' }).waitFor();
    assert.equal(await line.locator('.new-count').count(), 0);
    await page.reload();
    await line.getByRole('link', { name: 'Harbour' }).waitFor();
    assert.equal(await line.locator('.new-count').count(), 0, 'stored as opened');
    assert.deepEqual(page.errors, []);
  } finally {
    await own.close();
    rmSync(articles, { recursive: true, force: true });
  }
});

test('printing an article shows the article alone', async () => {
  const page = await newPage(browser);
  await page.goto(site.url);
  await waitForList(page);
  await resultItems(page).first().getByRole('heading').getByRole('link').click();
  await page.getByRole('group', { name: 'Article tools' }).waitFor();
  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['.site-header', '.article-tools', '.article-nav']) {
    assert.equal(await page.locator(hidden).first().evaluate((e) => getComputedStyle(e).display), 'none', hidden);
  }
  assert.notEqual(await page.locator('.article-body').evaluate((e) => getComputedStyle(e).display), 'none');
  await page.emulateMedia({ media: 'screen' });
});

test('the workbench passes axe in English and French, and works from the keyboard', async () => {
  const page = await newPage(browser);
  await saveThree(page, site.url);
  for (const [url, what] of [[`${site.url}#/?in=reading-list`, 'a collection'], [`${site.url}#/library`, 'my library']]) {
    for (const language of ['English', 'Français']) {
      await page.goto(url);
      await page.locator('main h1, main [role="status"]').first().waitFor();
      if (language === 'Français') await page.getByRole('button', { name: 'Français' }).click();
      await page.locator(`html[lang="${language === 'Français' ? 'fr' : 'en'}"]`).waitFor();
      assert.deepEqual(await seriousViolations(page), [], `${what} in ${language}`);
      if (language === 'Français') await page.getByRole('button', { name: 'English' }).click();
    }
  }
  // The library link, then Tab to the collection and Enter: the keyboard reaches every part.
  await page.goto(site.url);
  await waitForList(page);
  await page.getByRole('link', { name: 'My library' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'My library', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Reading list' }).focus();
  await page.keyboard.press('Enter');
  await waitForCount(page, 3);
  await docScreenshot(page, 'workbench-library.png');
  assert.deepEqual(page.errors, []);
});
