// The reader needs no mouse: `/` to search, Esc to clear or go back, `j`/`k` through the results,
// Enter to open, `?` for the list of shortcuts, Tab reaching every result.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, openSite, resultCount, resultItems, waitForCount, waitForList } from '../lib/harness.mjs';

let browser;
let site;
let opened;

before(async () => {
  opened = await openSite();
  ({ browser, site } = opened);
});

after(() => opened?.close());

/** The accessible text of the focused element and whether it is inside the results. */
function focused(page) {
  return page.evaluate(() => ({
    text: document.activeElement?.textContent ?? '',
    tag: document.activeElement?.tagName,
    inResults: !!document.activeElement?.closest('[aria-label="Results"]'),
  }));
}

/** Waits until the focused element's text is `text` (focus moves in the app's key handlers). */
async function focusOn(page, text) {
  await page.waitForFunction((text) => document.activeElement?.textContent === text, text);
}

/** Waits until `locator` has the focus, or (with `has = false`) until it has lost it. */
async function untilFocused(locator, has = true) {
  await locator.evaluate((el, has) => new Promise((resolve) => {
    const check = () => ((el === document.activeElement) === has ? resolve() : requestAnimationFrame(check));
    check();
  }), has);
}

test('/ goes to the search box from anywhere; Esc clears the query, then leaves the box', async () => {
  const page = await newPage(browser);
  await page.goto(site.url);
  await waitForList(page);
  const all = await resultCount(page);
  await page.keyboard.press('/');
  const box = page.getByRole('searchbox');
  await untilFocused(box);
  await page.keyboard.type('zoom');
  await page.waitForFunction(() => location.hash === '#/?q=zoom');
  assert.equal(await box.inputValue(), 'zoom', 'the slash is not typed into the box');
  await page.keyboard.press('Escape');
  await waitForCount(page, all);
  assert.equal(await box.inputValue(), '');
  await untilFocused(box);
  await page.keyboard.press('Escape');
  await untilFocused(box, false);
});

test('j and k move through the results, Enter opens one, Esc returns to the same list', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}#/?q=cloud&sort=newest`);
  await waitForList(page);
  const titles = await resultItems(page).getByRole('heading', { level: 2 }).allTextContents();
  assert.ok(titles.length >= 4);
  await page.keyboard.press('j');
  await focusOn(page, titles[0]);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await focusOn(page, titles[2]);
  await page.keyboard.press('k');
  await focusOn(page, titles[1]);
  await page.keyboard.press('Enter');
  await page.getByRole('article').getByRole('heading', { level: 1, name: titles[1] }).waitFor();
  assert.match(new URL(page.url()).hash, /^#\/article\/[^?]+\?q=cloud&sort=newest$/);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => location.hash === '#/?q=cloud&sort=newest');
  await waitForList(page);

  // Enter in the search box goes to the first result.
  await page.keyboard.press('/');
  await page.keyboard.press('Enter');
  await focusOn(page, titles[0]);

  // In an article, / goes back to the list and its search box.
  await page.keyboard.press('Enter');
  await page.getByRole('article').getByRole('heading', { level: 1, name: titles[0] }).waitFor();
  await page.keyboard.press('/');
  await page.waitForFunction(() => location.hash === '#/?q=cloud&sort=newest');
  await page.waitForFunction(() => document.activeElement?.getAttribute('type') === 'search');
});

test('? lists the shortcuts in a dialog that Esc closes', async () => {
  const page = await newPage(browser);
  await page.goto(site.url);
  await waitForList(page);
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  for (const what of ['Go to the search box', 'Next / previous result', 'Open the result', 'Next / previous match in the article']) {
    await dialog.getByText(what).waitFor();
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  // The header button opens it too, and its Close button closes it.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
});

test('Tab reaches the results after the search box and the filters', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}#/?q=cloud`);
  await waitForList(page);
  await page.getByRole('searchbox').focus();
  let presses = 0;
  while (!(await focused(page)).inResults) {
    await page.keyboard.press('Tab');
    presses += 1;
    assert.ok(presses < 80, 'the first result is reachable with Tab');
  }
  const first = await resultItems(page).first().getByRole('link').textContent();
  await focusOn(page, first);
  // A visible focus ring.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, 'solid');
});
