// Searching: the list narrows at every keystroke, says how the query was read, counts the results
// in a live status, marks the matches in titles and snippets, and explains an empty result.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  docScreenshot, listParams, newPage, openSite, resultCount, resultItems, resultList, waitForCount, waitForList,
} from '../lib/harness.mjs';

let browser;
let site;
let opened;

before(async () => {
  opened = await openSite();
  ({ browser, site } = opened);
});

after(() => opened?.close());

test('typing filters the list at every keystroke, with the query read back and the count announced', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(site.url);
  await waitForList(page);
  const all = await resultCount(page);
  assert.ok(all >= 24);

  const box = page.getByRole('searchbox', { name: 'Search the articles' });
  const counts = [];
  let typed = '';
  for (const key of 'securite') {
    typed += key;
    await box.press(key);
    // Every keystroke updates the list, without waiting for Enter (the URL follows when the
    // typing pauses: see urls.test.mjs).
    await page.waitForFunction((q) => document.querySelector('.results-section')?.dataset.query === q, typed);
    counts.push(await resultCount(page));
  }
  assert.ok(counts.at(-1) > 0 && counts.at(-1) < all, `counts while typing: ${counts}`);
  assert.notEqual(counts[0], counts.at(-1), 'the list narrowed while typing');

  // The last word is a prefix while typing; a space completes it.
  const interpreted = page.locator('#interpreted');
  assert.equal((await interpreted.textContent()).trim(), 'Interpreted as: "securite…"');
  await box.press('Space');
  await page.waitForFunction(() => document.querySelector('#interpreted').textContent.trim() === 'Interpreted as: "securite"');

  // Results: a link per article, its date, and the matches marked with the accents they have.
  const items = resultItems(page);
  assert.equal(await items.count(), await resultCount(page));
  const first = items.first();
  assert.match(await first.getByRole('link').textContent(), /sécurité/i);
  assert.ok(await first.locator('time[datetime]').count());
  await page.waitForFunction(() => document.querySelectorAll('ol.results li p mark').length > 0);
  const marks = await resultList(page).locator('mark').allTextContents();
  assert.ok(marks.length > 0, 'matches are marked');
  for (const mark of marks) assert.match(mark, /^s[ée]curit[ée]s?$/i, `unexpected mark ${mark}`);
  // Source and author, and tags, where the article has them.
  assert.ok((await resultList(page).getByText(/ · by /).count()) > 0, 'a byline is shown');
  assert.ok((await resultList(page).getByRole('list', { name: 'Tags' }).count()) > 0, 'tags are shown');
  // Once the bodies are here, every snippet shows a match.
  await page.waitForFunction(() => [...document.querySelectorAll('ol.results li.result')]
    .filter((li) => li.getBoundingClientRect().top < innerHeight)
    .every((li) => li.querySelector('p mark')));
  await docScreenshot(page, 'screenshot-list.png');
  assert.deepEqual(page.errors, []);
});

test('snippets come from the article bodies once they arrive, with the matches marked', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}#/?q=Strasbourg`);
  await waitForList(page);
  const item = resultItems(page).filter({ hasText: 'One year after the Strasbourg fire' });
  // The catalog summary does not mention "SBG2"; the body does, next to the match.
  await item.getByText(/SBG2, the OVHcloud building in Strasbourg/).waitFor();
  assert.equal(await item.locator('p mark').first().textContent(), 'Strasbourg');
});

test('a search with no result says why and offers to drop a word', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}#/?q=Strasbourg+xylophone`);
  await page.getByRole('heading', { name: 'No article matches' }).waitFor();
  assert.equal(await resultCount(page), 0);
  await page.getByText('No article contains "Strasbourg" and "xylophone…".').waitFor();
  assert.equal(await resultList(page).count(), 0);

  const drop = page.getByRole('button', { name: /^Without “xylophone” \(\d+ articles?\)$/ });
  const offered = Number((await drop.textContent()).match(/\((\d+)/)[1]);
  assert.ok(offered > 0);
  await drop.click();
  await waitForCount(page, offered);
  assert.equal(listParams(page).get('q'), 'Strasbourg ');
  assert.equal(await page.getByRole('searchbox').inputValue(), 'Strasbourg ');
});

test('a search with no result in the chosen months offers to search all dates', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}#/?q=incendie&from=2018-01&to=2018-06`);
  await page.getByText('No article contains "incendie…" between January 2018 and June 2018.').waitFor();
  const widen = page.getByRole('button', { name: /^Search all dates \(\d+ articles?\)$/ });
  const offered = Number((await widen.textContent()).match(/\((\d+)/)[1]);
  await widen.click();
  await waitForCount(page, offered);
  assert.equal(listParams(page).get('from'), null);
  assert.equal(listParams(page).get('to'), null);
  assert.equal(listParams(page).get('q'), 'incendie');
});

test('clearing the query shows every article again', async () => {
  const page = await newPage(browser);
  await page.goto(site.url);
  await waitForList(page);
  const all = await resultCount(page);
  const box = page.getByRole('searchbox');
  await box.fill('zoom');
  await page.waitForFunction(() => location.hash.includes('q=zoom'));
  assert.ok((await resultCount(page)) < all);
  await box.fill('');
  await waitForCount(page, all);
  await page.waitForFunction(() => location.hash === '#/');
});

test('a phrase matches its words until the word positions arrive, then exactly', async () => {
  // Word positions (`positions.bin`) come after the first results; hold them back to see both.
  const page = await newPage(browser, { serviceWorkers: 'block' });
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/bundle/positions.bin*', async (route) => {
    await held;
    await route.continue().catch(() => {});
  });
  await page.goto(`${site.url}#/?q=${encodeURIComponent('"en ligne"')}`);
  await waitForList(page);
  // Both words, anywhere in the article: 9 sample articles (the CLI, which has the positions,
  // finds 9 for `en ligne ` too).
  await waitForCount(page, 9);
  release();
  // The exact phrase, once the positions are here: 5, as `kiosque search '"en ligne"'` says.
  await waitForCount(page, 5);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
