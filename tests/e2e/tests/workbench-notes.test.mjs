// Notes and highlighted passages on the built site: a passage selected in an article highlighted
// with a note (and one without), kept across a reload, placed again after a re-bundle that changed
// the text around it, edited and removed, read together on My library, exported with the reader's
// data and brought back by an import; keyboard access and axe in both languages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundle, docScreenshot, launch, newPage, seriousViolations, serveSite, waitForList } from '../lib/harness.mjs';

let browser;
let site;
let articles;

const write = (name, title, date, body) => writeFileSync(path.join(articles, name),
  `---\ntitle: ${title}\ndate: ${date}\nlang: en\n---\n${body}\n`);

before(async () => {
  articles = mkdtempSync(path.join(os.tmpdir(), 'kiosque-wb-notes-'));
  // "harbour budget" twice: the passage chosen is the second, which only its context tells apart.
  write('a.md', 'Harbour budget vote', '2021-03-04',
    'The council met on Monday. The harbour budget was adopted after a long debate.\n\n'
    + 'Critics said the harbour budget was too small for the new cranes.');
  write('b.md', 'Night trains are back', '2021-05-06', 'Night trains return between the capitals.');
  site = await serveSite({ articles });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
  rmSync(articles, { recursive: true, force: true });
});

/** Opens the article titled `title` from the list. */
async function openArticle(page, title) {
  await page.goto(`${site.url}#/?sort=newest`);
  await waitForList(page);
  await page.getByRole('link', { name: title }).click();
  await page.locator('.article-body p').first().waitFor();
}

/** Selects the `nth` (from 0) occurrence of `words` in the article body, as a reader would. */
async function select(page, words, nth = 0) {
  await page.evaluate(([words, nth]) => {
    const body = document.querySelector('.article-body');
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let at = node.data.indexOf(words);
      while (at >= 0) {
        if (seen++ === nth) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + words.length);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
          return;
        }
        at = node.data.indexOf(words, at + 1);
      }
    }
    throw new Error(`no ${words} #${nth}`);
  }, [words, nth]);
}

/** The passages marked in the body: their text and the text just after each. */
function marked(page) {
  return page.locator('.article-body mark.note').evaluateAll((marks) => marks.map((m) => ({
    text: m.textContent,
    after: (m.nextSibling?.textContent ?? '').slice(0, 14),
    note: m.dataset.note ?? '',
    described: document.getElementById(m.getAttribute('aria-describedby'))?.textContent ?? '',
  })));
}

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

test('a passage highlighted with a note stays through a reload and a re-bundle, and is edited, listed, exported and imported', async () => {
  const page = await newPage(browser, { acceptDownloads: true });
  await openArticle(page, 'Harbour budget vote');
  const tools = page.getByRole('group', { name: 'Selected passage' });
  assert.equal(await tools.isHidden(), true, 'no tools without a selection');

  // The second "harbour budget", with a note.
  await select(page, 'harbour budget', 1);
  await tools.getByRole('button', { name: 'Add a note' }).click();
  await tools.getByLabel('Note').fill('Check the figures');
  await tools.getByRole('button', { name: 'Save note' }).click();
  await page.locator('.article-body mark.note').waitFor();
  assert.deepEqual(await marked(page), [{
    text: 'harbour budget', after: ' was too small', note: 'Check the figures',
    described: 'harbour budgetNote: Check the figures',
  }]);
  await tools.waitFor({ state: 'hidden' });

  // A bare highlight, from the keyboard: the button focused and Enter.
  await select(page, 'The council met');
  await tools.getByRole('button', { name: 'Highlight' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('.article-body mark.note').nth(1).waitFor();
  const notes = page.getByRole('region', { name: 'Notes and highlights' });
  await notes.getByRole('blockquote').filter({ hasText: 'The council met' }).waitFor();

  // Its note on focus, for the eye; axe clean with the marks and the list.
  const mark = page.locator('.article-body mark.note[data-note]');
  await mark.focus();
  assert.match(await mark.evaluate((m) => getComputedStyle(m, '::after').content), /Check the figures/);
  await docScreenshot(page, 'workbench-notes.png');
  assert.deepEqual(await seriousViolations(page), []);

  // Kept across a reload.
  await page.reload();
  await page.locator('.article-body mark.note').nth(1).waitFor();
  assert.equal((await marked(page))[1].after, ' was too small');

  // A new bundle: text added before the passage, its context and whitespace changed, markup
  // added around it. The passage is still placed, at its own place.
  write('a.md', 'Harbour budget vote', '2021-03-04',
    'Update: figures corrected on Tuesday.\n\n'
    + 'The council met on *Monday*. The harbour budget was adopted after a long debate.\n\n'
    + 'Several **critics** said the   harbour\nbudget was too small for the new cranes.');
  bundle(articles, path.join(site.dir, 'bundle'));
  await page.reload();
  await page.getByText('Update: figures corrected').waitFor();
  await page.locator('.article-body mark.note').nth(1).waitFor();
  const replaced = await marked(page);
  assert.deepEqual(replaced.map((m) => m.text.replace(/\s+/g, ' ')), ['The council met', 'harbour budget']);
  assert.equal(replaced[1].after, ' was too small');

  // Edited, and the bare one removed.
  const first = notes.getByRole('listitem').filter({ hasText: 'Check the figures' });
  await first.getByRole('button', { name: 'Edit note' }).click();
  await first.getByLabel('Note').fill('Check the 2021 figures');
  await first.getByRole('button', { name: 'Save note' }).click();
  await page.locator('.article-body mark.note[data-note="Check the 2021 figures"]').waitFor();
  await notes.getByRole('listitem').filter({ hasText: 'The council met' })
    .getByRole('button', { name: 'Remove highlight' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.article-body mark.note').length === 1);

  // Saved to the reading list: its notes read together on My library, linked to the article.
  await page.getByRole('group', { name: 'Article tools' }).getByRole('button', { name: 'Save' }).click();
  await page.goto(`${site.url}#/library`);
  const together = page.getByRole('region', { name: 'Notes and highlights' });
  const reading = together.getByRole('region', { name: 'Reading list' });
  await reading.getByText('Check the 2021 figures').waitFor();
  await reading.getByRole('blockquote').filter({ hasText: 'harbour budget' }).waitFor();
  for (const language of ['Français', 'English']) {
    await page.getByRole('button', { name: language }).click();
    await page.locator(`html[lang="${language === 'Français' ? 'fr' : 'en'}"]`).waitFor();
    if (language === 'Français') await page.getByRole('heading', { name: 'Notes et passages surlignés' }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], language);
  }

  // Exported with the rest of the reader's data.
  const exported = await download(page, page.getByRole('button', { name: 'Export my data' }));
  const file = JSON.parse(exported.text);
  assert.equal(file.data.version, 2);
  assert.equal(file.data.notes.length, 1);
  const [note] = file.data.notes;
  assert.equal(note.quote.exact, 'harbour budget');
  assert.match(note.quote.prefix, /said the +$/);
  assert.match(note.quote.suffix, /^ was too small/);
  assert.equal(note.note, 'Check the 2021 figures');

  // Another browser imports it: the passage is marked in the article there.
  const other = await newPage(browser);
  await other.goto(`${site.url}#/library`);
  await other.getByText(/^No notes yet/).waitFor();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosque-notes-'));
  try {
    writeFileSync(path.join(dir, exported.name), exported.text);
    await other.getByLabel('Import data').setInputFiles(path.join(dir, exported.name));
    await other.getByRole('status').filter({ hasText: 'Data imported.' }).waitFor();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const link = other.getByRole('region', { name: 'Notes and highlights' }).getByRole('link', { name: 'Harbour budget vote' });
  await link.click();
  await other.locator('.article-body mark.note').waitFor();
  assert.deepEqual((await marked(other)).map((m) => [m.text.replace(/\s+/g, ' '), m.note]), [['harbour budget', 'Check the 2021 figures']]);
  assert.deepEqual([...page.errors, ...other.errors], []);
});
