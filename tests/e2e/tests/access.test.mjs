// For everyone: no serious or critical axe-core violation on any view, French and English (from
// the browser, switchable and remembered), light and dark themes (from the system, switchable and
// remembered), and a layout that works on a 375 px phone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  docScreenshot, newPage, openSite, resultCount, seriousViolations, waitForList,
} from '../lib/harness.mjs';

let browser;
let site;
let opened;

before(async () => {
  opened = await openSite();
  ({ browser, site } = opened);
});

after(() => opened?.close());

/** Relative luminance of the page background, 0 (black) to 1 (white). */
function backgroundLuminance(page) {
  return page.evaluate(() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
    const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  });
}

/** Waits until the background's luminance is `below` or `above` `limit`. */
async function untilLuminance(page, side, limit, what) {
  const deadline = Date.now() + 10000;
  let luminance;
  while (Date.now() < deadline) {
    luminance = await backgroundLuminance(page);
    if (side === 'below' ? luminance < limit : luminance > limit) return;
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  }
  assert.fail(`${what}: the background's luminance stayed at ${luminance}`);
}

async function openArticleWithMatches(page, url) {
  await page.goto(`${url}#/?q=securite`);
  await waitForList(page);
  await page.getByRole('link', { name: /Les équipes de sécurité/ }).click();
  await page.getByRole('article').getByRole('status').filter({ hasText: /matches/ }).waitFor();
}

for (const colorScheme of ['light', 'dark']) {
  test(`every view passes axe-core without serious or critical violations (${colorScheme})`, async () => {
    const page = await newPage(browser, { colorScheme });
    const views = [
      ['the full list', `${site.url}#/`],
      ['a filtered list', `${site.url}#/?q=cloud&from=2019-01&to=2021-12&tag=cloud&sort=newest`],
      ['an empty result', `${site.url}#/?q=Strasbourg+xylophone`],
    ];
    for (const [name, url] of views) {
      await page.goto(url);
      await page.getByRole('status').filter({ hasText: /articles?$/ }).waitFor();
      // The bodies behind the snippets arrive after the list: check the page they complete.
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await seriousViolations(page), [], name);
    }
    await openArticleWithMatches(page, site.url);
    assert.deepEqual(await seriousViolations(page), [], 'an article with highlights');
    await page.keyboard.press('?');
    await page.getByRole('dialog').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the shortcuts dialog');

    const phone = await newPage(browser, { colorScheme, viewport: { width: 375, height: 740 } });
    await phone.goto(`${site.url}#/?q=cloud`);
    await waitForList(phone);
    await phone.getByRole('button', { name: /^Filters/ }).click();
    assert.deepEqual(await seriousViolations(phone), [], 'the phone layout with filters open');
  });
}

test('the interface follows the browser language, switches between French and English, and remembers', async () => {
  const page = await newPage(browser);
  await page.goto(site.url);
  await waitForList(page);
  const n = await resultCount(page);
  await page.getByRole('searchbox', { name: 'Search the articles' }).waitFor();
  const toFrench = page.getByRole('button', { name: 'Français' });
  assert.equal(await toFrench.getAttribute('lang'), 'fr');
  await toFrench.click();
  await page.getByRole('searchbox', { name: 'Rechercher dans les articles' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  assert.equal(await page.locator('time[datetime="2020-04"]').first().textContent(), 'avril 2020');
  assert.equal(await page.getByRole('status').textContent(), `${n} articles`);
  await page.getByLabel('Trier par').waitFor();

  await page.reload();
  await page.getByRole('searchbox', { name: 'Rechercher dans les articles' }).waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('searchbox', { name: 'Search the articles' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');

  const french = await newPage(browser, { locale: 'fr-FR' });
  await french.goto(site.url);
  await french.getByRole('searchbox', { name: 'Rechercher dans les articles' }).waitFor();
  await french.getByRole('searchbox').fill('securite');
  await french.getByText('Compris comme : « securite… »').waitFor();
});

test('the theme follows the system, and a toggle switches it and is remembered', async () => {
  const page = await newPage(browser, { colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
  await page.goto(`${site.url}#/?q=cloud`);
  await waitForList(page);
  await untilLuminance(page, 'below', 0.1, 'dark system, dark page');
  await docScreenshot(page, 'screenshot-dark.png');
  await page.getByRole('button', { name: 'Light theme' }).click();
  await untilLuminance(page, 'above', 0.8, 'switched to light');
  await page.reload();
  await waitForList(page);
  assert.ok((await backgroundLuminance(page)) > 0.8, 'still light after a reload');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await untilLuminance(page, 'below', 0.1, 'switched to dark');

  const light = await newPage(browser, { colorScheme: 'light' });
  await light.goto(site.url);
  await waitForList(light);
  assert.ok((await backgroundLuminance(light)) > 0.8, 'light system, light page');
  await light.getByRole('button', { name: 'Dark theme' }).waitFor();
});

test('on a 375 px phone the list, the filters and an article fit the width', async () => {
  const page = await newPage(browser, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await page.goto(`${site.url}#/?q=cloud`);
  await waitForList(page);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.equal(await overflow(), 0, 'no sideways scrolling on the list');
  const filters = page.getByRole('button', { name: /^Filters/ });
  assert.equal(await filters.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByLabel('From month').isVisible(), false, 'filters start folded');
  await docScreenshot(page, 'screenshot-phone.png');
  await filters.click();
  assert.equal(await filters.getAttribute('aria-expanded'), 'true');
  assert.ok(await page.getByLabel('From month').isVisible());
  assert.equal(await overflow(), 0, 'no sideways scrolling with the filters open');

  await page.goto(`${site.url}#/article/2022-03-09-migration-after-strasbourg-fire`);
  await page.getByRole('article').getByRole('table').waitFor();
  assert.equal(await overflow(), 0, 'no sideways scrolling on an article with a table');
});
