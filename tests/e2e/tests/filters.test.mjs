// Narrowing the list: sort order, From/To months, undated articles, the month timeline (click a
// year, drag across months) kept in sync with the month fields, and facets with counts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  REPO, bundle, copyOfSite, listParams, newPage, openSite, resultCount, resultDates, resultItems, waitForCount, waitForCountChange, waitForList,
} from '../lib/harness.mjs';
import { serve } from '../lib/server.mjs';

let browser;
let site;
let opened;

before(async () => {
  opened = await openSite();
  ({ browser, site } = opened);
});

after(() => opened?.close());

test('the sort menu orders by relevance, newest or oldest, and the URL says which', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}#/?q=cloud`);
  await waitForList(page);
  const sort = page.getByLabel('Sort by');
  assert.equal(await sort.inputValue(), 'relevance');
  const byRelevance = await resultDates(page);
  await sort.selectOption({ label: 'oldest first' });
  await page.waitForFunction(() => location.hash.endsWith('sort=oldest'));
  const oldest = await resultDates(page);
  assert.deepEqual(oldest, [...oldest].sort());
  assert.notDeepEqual(oldest, byRelevance);
  await sort.selectOption({ label: 'newest first' });
  await page.waitForFunction(() => location.hash.endsWith('sort=newest'));
  const newest = await resultDates(page);
  assert.deepEqual(newest, [...newest].sort().reverse());
  assert.equal(listParams(page).get('sort'), 'newest');
});

test('From and To months narrow the list, keep month-dated articles, and reset in one click', async () => {
  const page = await newPage(browser);
  await page.goto(site.url);
  await waitForList(page);
  const all = await resultCount(page);
  await page.getByLabel('From month').fill('2020-04');
  await page.getByLabel('To month').fill('2020-12');
  await page.waitForFunction(() => location.hash === '#/?from=2020-04&to=2020-12');
  const dates = await resultDates(page);
  assert.ok(dates.length > 0 && dates.length < all);
  for (const d of dates) assert.ok(d >= '2020-04' && d <= '2020-12-31', `${d} is in the range`);
  // An article dated only "2020-04" overlaps the range and stays.
  assert.ok(dates.includes('2020-04'));
  assert.equal(await resultCount(page), dates.length);

  await page.getByRole('button', { name: 'All dates' }).click();
  await waitForCount(page, all);
  assert.equal(await page.getByLabel('From month').inputValue(), '');
  assert.equal(new URL(page.url()).hash, '#/');
});

test('the timeline shows the matching articles per month and reacts to the query', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(site.url);
  await waitForList(page);
  const all = await resultCount(page);
  const bars = page.getByRole('img', { name: /^Articles per month from January 2018 to December 2022/ });
  assert.match(await bars.getAttribute('aria-label'), new RegExp(`: ${all} articles in all$`));
  // Every month of the archive has a column, empty ones too: 60 months of 100 units each.
  assert.equal(await bars.locator('svg').getAttribute('viewBox'), '0 0 6000 100');
  for (const year of ['2018', '2019', '2020', '2021', '2022']) {
    await page.getByRole('button', { name: year, exact: true }).waitFor();
  }
  await page.getByRole('searchbox').fill('incendie');
  const n = await waitForCountChange(page, all);
  await page.waitForFunction(
    (n) => document.querySelector('[role="img"]').getAttribute('aria-label').endsWith(`: ${n} articles in all`),
    n,
  );
});

test('clicking a year selects it, and the month fields follow', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(site.url);
  await waitForList(page);
  const year = page.getByRole('button', { name: '2021', exact: true });
  await year.click();
  await page.waitForFunction(() => location.hash === '#/?from=2021&to=2021');
  assert.equal(await year.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByLabel('From month').inputValue(), '2021-01');
  assert.equal(await page.getByLabel('To month').inputValue(), '2021-12');
  for (const d of await resultDates(page)) assert.ok(d.startsWith('2021'), `${d} is in 2021`);
});

test('dragging across the timeline selects those months', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(site.url);
  await waitForList(page);
  const bars = page.getByRole('img', { name: /^Articles per month/ });
  const box = await bars.boundingBox();
  const month = (i) => box.x + ((i + 0.5) * box.width) / 60; // 60 months from January 2018
  const y = box.y + box.height / 2;
  await page.mouse.move(month(26), y); // March 2020
  await page.mouse.down();
  await page.mouse.move(month(29), y, { steps: 4 });
  await page.mouse.move(month(31), y, { steps: 4 }); // August 2020
  await page.mouse.up();
  await page.waitForFunction(() => location.hash === '#/?from=2020-03&to=2020-08');
  assert.equal(await page.getByLabel('From month').inputValue(), '2020-03');
  assert.equal(await page.getByLabel('To month').inputValue(), '2020-08');
  const dates = await resultDates(page);
  assert.ok(dates.length > 0);
  for (const d of dates) assert.ok(d >= '2020-03' && d <= '2020-08-31', `${d} is in the range`);

  // A single click selects one month; Shift-click extends the selection to another.
  await page.mouse.click(month(27), y); // April 2020
  await page.waitForFunction(() => location.hash === '#/?from=2020-04&to=2020-04');
  await page.keyboard.down('Shift');
  await page.mouse.click(month(33), y); // October 2020
  await page.keyboard.up('Shift');
  await page.waitForFunction(() => location.hash === '#/?from=2020-04&to=2020-10');
});

test('facets count the results per tag, author, source and language and combine', async () => {
  const page = await newPage(browser);
  await page.goto(site.url);
  await waitForList(page);
  const all = await resultCount(page);
  const cloud = page.getByRole('checkbox', { name: /^cloud \d+$/ });
  const cloudCount = Number((await cloud.evaluate((el) => el.labels[0].textContent)).match(/\d+/)[0]);
  await cloud.check();
  await waitForCount(page, cloudCount);
  assert.deepEqual(listParams(page).getAll('tag'), ['cloud']);
  for (const tags of await resultItems(page).getByRole('list', { name: 'Tags' }).allTextContents()) {
    assert.match(tags, /cloud/);
  }
  // A second tag widens (either tag); an author narrows (both kinds).
  await page.getByRole('checkbox', { name: /^visioconférence \d+$/ }).check();
  const either = await waitForCountChange(page, cloudCount);
  assert.ok(either > cloudCount);
  assert.deepEqual(listParams(page).getAll('tag'), ['cloud', 'visioconférence']);
  const languages = page.getByRole('group', { name: 'Languages' });
  const english = languages.getByRole('checkbox', { name: /^English \d+$/ });
  await english.check();
  const narrowed = await waitForCountChange(page, either);
  assert.ok(narrowed < either);
  assert.equal(listParams(page).get('lang'), 'en');
  for (const item of await resultItems(page).all()) assert.equal(await item.getAttribute('lang'), 'en');

  // The URL restores the selection.
  await page.reload();
  await waitForCount(page, narrowed);
  assert.ok(await page.getByRole('checkbox', { name: /^visioconférence \d+$/ }).isChecked());
  assert.ok(await page.getByRole('group', { name: 'Languages' }).getByRole('checkbox', { name: /^English/ }).isChecked());
  await page.getByRole('button', { name: 'Clear all' }).click();
  await waitForCount(page, all);
  for (const group of ['Tags', 'Authors', 'Sources']) {
    await page.getByRole('group', { name: group }).waitFor();
  }
});

test('undated articles are listed unless a date range is chosen, and can be shown or hidden', async () => {
  const copy = copyOfSite();
  const articles = mkdtempSync(path.join(os.tmpdir(), 'kiosque-undated-'));
  try {
    cpSync(path.join(REPO, 'articles'), articles, { recursive: true });
    cpSync(path.join(REPO, 'tests/fixtures/import/undated'), path.join(articles, 'undated'), { recursive: true });
    bundle(articles, path.join(copy.dir, 'bundle'));
    const local = await serve(copy.dir);
    try {
      const page = await newPage(browser);
      await page.goto(local.url);
      await waitForList(page);
      const all = await resultCount(page);
      const undated = page.getByRole('checkbox', { name: /^Include undated articles \(2\)$/ });
      assert.ok(await undated.isChecked());
      assert.equal(await resultItems(page).getByText('Undated').count(), 2);
      await undated.uncheck();
      await waitForCount(page, all - 2);
      assert.equal(listParams(page).get('undated'), '0');

      await page.goto(`${local.url}#/?from=2021-01`);
      await waitForList(page);
      const ranged = await resultCount(page);
      assert.equal(await undated.isChecked(), false, 'a date range leaves undated articles out');
      await undated.check();
      await waitForCount(page, ranged + 2);
      assert.equal(listParams(page).get('undated'), '1');
    } finally {
      await local.close();
    }
  } finally {
    copy.remove();
    rmSync(articles, { recursive: true, force: true });
  }
});
