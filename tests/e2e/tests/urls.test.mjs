// Every view is a URL: opening one restores it, back and forward step through views, returning
// from an article restores the list where it was, and an article opened from a search shows the
// matches with a counter and next/previous.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  docScreenshot, listParams, newPage, openSite, resultCount, resultDates, resultItems, waitForCount, waitForList, waitForText,
} from '../lib/harness.mjs';

let browser;
let site;
let opened;

before(async () => {
  opened = await openSite();
  ({ browser, site } = opened);
});

after(() => opened?.close());

test('opening a list URL restores its query, dates, order and facets', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}#/?q=cloud&from=2020-01&to=2021-12&sort=oldest&tag=cloud`);
  await waitForList(page);
  assert.equal(await page.getByRole('searchbox').inputValue(), 'cloud');
  assert.equal(await page.getByLabel('From month').inputValue(), '2020-01');
  assert.equal(await page.getByLabel('To month').inputValue(), '2021-12');
  assert.equal(await page.getByLabel('Sort by').inputValue(), 'oldest');
  assert.ok(await page.getByRole('checkbox', { name: /^cloud \d+$/ }).isChecked());
  const dates = await resultDates(page);
  assert.ok(dates.length > 0);
  assert.deepEqual(dates, [...dates].sort(), 'oldest first');
  for (const d of dates) assert.ok(d >= '2020-01' && d <= '2021-12-31', `${d} is in the range`);
  for (const tags of await resultItems(page).getByRole('list', { name: 'Tags' }).allTextContents()) {
    assert.match(tags, /cloud/);
  }
  assert.deepEqual(page.errors, []);
});

test('back and forward step through the views, and typing adds one history entry', async () => {
  const page = await newPage(browser);
  await page.goto(site.url);
  await waitForList(page);
  const all = await resultCount(page);
  await page.getByRole('searchbox').pressSequentially('cloud', { delay: 20 });
  await page.waitForFunction(() => location.hash === '#/?q=cloud');
  const cloud = await resultCount(page);
  await page.getByLabel('Sort by').selectOption('newest');
  await page.waitForFunction(() => location.hash === '#/?q=cloud&sort=newest');

  await page.goBack();
  await page.waitForFunction(() => location.hash === '#/?q=cloud');
  assert.equal(await page.getByLabel('Sort by').inputValue(), 'relevance');
  assert.equal(await page.getByRole('searchbox').inputValue(), 'cloud');
  await page.goBack();
  await waitForCount(page, all);
  assert.equal(await page.getByRole('searchbox').inputValue(), '');
  await page.goForward();
  await waitForCount(page, cloud);
  await page.goForward();
  await page.waitForFunction(() => location.hash === '#/?q=cloud&sort=newest');
  assert.equal(await page.getByLabel('Sort by').inputValue(), 'newest');
});

test('the URL takes the typed text once typing pauses, and before a result is opened', async () => {
  const page = await newPage(browser);
  await page.goto(site.url);
  await waitForList(page);
  const box = page.getByRole('searchbox');
  await box.fill('cloud');
  // The results follow at once; the URL a moment later (history is not rewritten per letter).
  await page.waitForFunction(() => document.querySelector('.results-section')?.dataset.query === 'cloud');
  await page.waitForFunction(() => location.hash === '#/?q=cloud');
  // Typing again and opening a result straight away: the list entry still gets the new text.
  await box.fill('securite');
  await page.waitForFunction(() => document.querySelector('.results-section')?.dataset.query === 'securite');
  const link = resultItems(page).first().getByRole('link');
  const title = await link.textContent();
  await link.click();
  await page.getByRole('article').getByRole('heading', { level: 1, name: title }).waitFor();
  await page.goBack();
  await waitForList(page);
  assert.equal(new URL(page.url()).hash, '#/?q=securite');
  assert.equal(await box.inputValue(), 'securite');
  // One entry for the whole search: Back again is the list before it.
  await page.goBack();
  await page.waitForFunction(() => location.hash === '#/' || location.hash === '');
  assert.equal(await box.inputValue(), '');
  assert.deepEqual(page.errors, []);
});

test('returning from an article restores the list and its scroll position', async () => {
  const page = await newPage(browser, { viewport: { width: 1000, height: 600 } });
  await page.goto(`${site.url}#/?sort=oldest`);
  await waitForList(page);
  await page.evaluate(() => window.scrollTo(0, 2400));
  // The list renders the rows in view after the scroll: wait until one is there.
  await page.waitForFunction(() => window.scrollY > 2000 && [...document.querySelectorAll('ol.results li.result')]
    .some((li) => li.getBoundingClientRect().top >= 0 && li.getBoundingClientRect().bottom <= innerHeight));
  const y = await page.evaluate(() => window.scrollY);
  assert.ok(y > 2000, `the list scrolls (${y})`);
  // The first result fully in view.
  const index = await resultItems(page).evaluateAll((items) =>
    items.findIndex((li) => li.getBoundingClientRect().top >= 0));
  const link = resultItems(page).nth(index).getByRole('link');
  const title = await link.textContent();
  await link.click();
  await page.getByRole('article').getByRole('heading', { level: 1, name: title }).waitFor();
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the article opens at its top');

  await page.goBack();
  await waitForList(page);
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 3, y);
  assert.equal(new URL(page.url()).hash, '#/?sort=oldest');
  const box = await page.getByRole('link', { name: title }).boundingBox();
  assert.ok(box.y >= 0 && box.y < 600, 'the article opened is in view again');

  // The article's own link back to the results does the same.
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('link', { name: '← All articles' }).click();
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 3, y);
});

test('an article opened from a search marks every match and steps through them', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${site.url}#/?q=securite`);
  await waitForList(page);
  await page.getByRole('link', { name: /Les équipes de sécurité/ }).click();
  await page.waitForURL(/#\/article\/2021-12-les-equipes-de-securite[a-z0-9-]*\?q=securite$/);

  const article = page.getByRole('article');
  const h1 = article.getByRole('heading', { level: 1 });
  await h1.waitFor();
  assert.equal(await h1.locator('mark').textContent(), 'sécurité');
  assert.ok(await article.locator('header time[datetime="2021-12"]').count());
  const counter = article.getByRole('status');
  await counter.filter({ hasText: /of/ }).waitFor();
  const total = Number((await counter.textContent()).match(/^(\d+) matches/)[1]);
  const marks = article.locator('.article-body mark');
  assert.equal(await marks.count(), total);
  assert.ok(total >= 3, `${total} matches`);
  for (const text of await marks.allTextContents()) assert.match(text, /^s[ée]curit[ée]$/i);
  assert.equal(await counter.textContent(), `${total} matches · 1 of ${total}`);
  await docScreenshot(page, 'screenshot-article.png');

  await article.getByRole('button', { name: 'Next match' }).click();
  await waitForText(counter, `${total} matches · 2 of ${total}`);
  await page.keyboard.press('n');
  await waitForText(counter, `${total} matches · 3 of ${total}`);
  const current = await marks.nth(2).boundingBox();
  assert.ok(current.y > 0 && current.y < 900, 'the current match is scrolled into view');
  await page.keyboard.press('Shift+N');
  await waitForText(counter, `${total} matches · 2 of ${total}`);
  await article.getByRole('button', { name: 'Previous match' }).click();
  await article.getByRole('button', { name: 'Previous match' }).click();
  await waitForText(counter, `${total} matches · ${total} of ${total}`);

  // Opening the same URL directly gives the same view.
  const fresh = await newPage(browser);
  await fresh.goto(page.url());
  await fresh.getByRole('article').getByRole('status').filter({ hasText: `${total} matches · 1 of ${total}` }).waitFor();
  await fresh.getByRole('link', { name: '← Back to results' }).click();
  await fresh.waitForFunction(() => location.hash === '#/?q=securite');
  assert.equal(await fresh.getByRole('searchbox').inputValue(), 'securite');
  assert.deepEqual(page.errors, []);
});

test('an article lists its neighbours in the list it was opened from', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}#/?q=incendie&sort=newest`);
  await waitForList(page);
  const titles = await resultItems(page).getByRole('heading', { level: 2 }).allTextContents();
  assert.equal(titles.length, 2);
  await page.getByRole('link', { name: titles[0] }).click();
  const around = page.getByRole('navigation', { name: 'Neighbouring articles in the list' });
  await around.getByRole('link', { name: /^Next article/ }).click();
  await page.getByRole('article').getByRole('heading', { level: 1, name: titles[1] }).waitFor();
  assert.equal(listParams(page).get('q'), 'incendie');
  assert.equal(await around.getByRole('link', { name: /^Next article/ }).count(), 0, 'the last has no next');
  await around.getByRole('link', { name: /^Previous article/ }).click();
  await page.getByRole('article').getByRole('heading', { level: 1, name: titles[0] }).waitFor();
});
