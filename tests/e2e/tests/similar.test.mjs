// Near-duplicates and related articles on tests/fixtures/similar: the dispatch three outlets
// republished shows once with "2 other versions" that unfold in place (mouse and keyboard), a
// setting lists every version, an article lists its other versions and up to five related
// articles within the list's dates, "More like this" runs a search, and all of it works offline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { REPO, docScreenshot, newPage, openSite, seriousViolations, serveSite, waitForList } from '../lib/harness.mjs';
import { goOffline, launchWithProfile, waitUntilKept } from '../lib/offline.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/similar');
let browser;
let site;
let opened;

before(async () => {
  opened = await openSite({ articles: FIXTURE, report: [/9 articles imported/] });
  ({ browser, site } = opened);
});

after(() => opened?.close());

/** The result rows shown, as "title | meta" lines. */
async function rows(page) {
  return page.locator('ol.results li.result').evaluateAll((items) =>
    items.map((li) => `${li.querySelector('.result-title').textContent.trim()} | ${li.querySelector('.result-meta').textContent.trim()}`));
}

test('the list shows a republished dispatch once, its other versions unfold in place', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}#/?sort=oldest`);
  await waitForList(page);
  // The groups arrive after the first results; then the three versions fold into one row.
  const toggle = page.getByRole('button', { name: '2 other versions' });
  await toggle.waitFor();
  assert.match(await page.locator('p.count').textContent(), /9 articles/);
  let shown = await rows(page);
  assert.equal(shown.length, 7, shown.join('\n'));
  assert.equal(shown.filter((r) => /Vilaine|rennais/.test(r)).length, 2, 'one version of the dispatch, and the follow-up');
  // Oldest first: the earliest version stands for the group.
  assert.ok(shown.some((r) => r.startsWith('Rennes : deux quartiers évacués') && r.includes('La Gazette de Bretagne')), shown.join('\n'));
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');

  await toggle.click();
  const versions = page.locator('li.result.version');
  await versions.nth(1).waitFor();
  assert.equal(await versions.count(), 2);
  const versionRows = await versions.evaluateAll((items) => items.map((li) => li.textContent));
  assert.ok(versionRows[0].includes('Other version') && versionRows[0].includes("Le Quotidien de l'Ouest"), versionRows[0]);
  assert.ok(versionRows[1].includes('Le Courrier du Matin'), versionRows[1]);
  assert.equal(await page.getByRole('button', { name: 'Hide the 2 other versions' }).getAttribute('aria-expanded'), 'true');
  await docScreenshot(page, 'screenshot-versions.png');
  assert.deepEqual(await seriousViolations(page), []);

  // The keyboard does the same: the button is a real button in the tab order.
  const hide = page.getByRole('button', { name: 'Hide the 2 other versions' });
  await hide.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: '2 other versions' }).waitFor();
  assert.equal(await versions.count(), 0);
  await page.keyboard.press('Space');
  await versions.nth(1).waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a setting lists every version, and is remembered', async () => {
  const page = await newPage(browser);
  await page.goto(site.url);
  await waitForList(page);
  await page.getByRole('button', { name: '2 other versions' }).waitFor();
  const setting = page.getByRole('checkbox', { name: 'Show every version of a story' });
  await setting.check();
  await page.locator('ol.results li.result').nth(8).waitFor();
  assert.equal((await rows(page)).length, 9);
  assert.equal(await page.getByRole('button', { name: /other versions/ }).count(), 0);
  await page.reload();
  await waitForList(page);
  await page.getByRole('checkbox', { name: 'Show every version of a story' }).waitFor();
  assert.ok(await page.getByRole('checkbox', { name: 'Show every version of a story' }).isChecked());
  assert.equal((await rows(page)).length, 9);
  await page.getByRole('checkbox', { name: 'Show every version of a story' }).uncheck();
  await page.getByRole('button', { name: '2 other versions' }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a date range narrows the list\'s versions too', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}#/?from=2024-03-04&to=2024-03-04`);
  await waitForList(page);
  await page.getByRole('button', { name: '1 other version' }).waitFor();
  assert.equal((await rows(page)).length, 1);
  await page.close();
});

test('an article lists its other versions with sources and dates (in French)', async () => {
  const page = await newPage(browser, { locale: 'fr-FR' });
  await page.goto(`${site.url}#/article/2024-03-04-crue-vilaine-ouest`);
  const versions = page.getByRole('region', { name: 'Autres versions (2)' });
  await versions.waitFor();
  const items = await versions.getByRole('listitem').allTextContents();
  assert.equal(items.length, 2);
  assert.ok(items[0].includes('Rennes : deux quartiers évacués') && items[0].includes('La Gazette de Bretagne') && items[0].includes('4 mars 2024'), items[0]);
  assert.ok(items[1].includes('Le Courrier du Matin') && items[1].includes('5 mars 2024'), items[1]);
  // Related, not grouped: the follow-up a week later.
  const related = page.getByRole('region', { name: 'Articles proches' });
  await related.waitFor();
  assert.deepEqual(await related.getByRole('link').allTextContents(), ['Après la crue de la Vilaine, Rennes compte ses dégâts']);
  assert.match(await related.textContent(), /12 mars 2024/);
  await versions.scrollIntoViewIfNeeded();
  await docScreenshot(page, 'screenshot-versions-article.png');
  // Within a date range, versions and related articles outside it are left out.
  await page.goto(`${site.url}#/article/2024-03-04-crue-vilaine-ouest?from=2024-03-04&to=2024-03-04`);
  await page.getByRole('region', { name: 'Autres versions (1)' }).waitFor();
  await page.getByRole('button', { name: 'Plus d’articles comme celui-ci' }).waitFor();
  assert.equal(await page.getByRole('region', { name: 'Articles proches' }).count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an article shows related articles with their dates; More like this runs a search', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}#/article/2023-05-10-tramway-brest-viaduct`);
  const related = page.getByRole('region', { name: 'Related articles' });
  await related.waitFor();
  assert.deepEqual(await related.getByRole('link').allTextContents(), ["Brest's second tramway line gets its depot and its first trains"]);
  assert.match(await related.textContent(), /2 September 2024/);
  assert.equal(await page.getByRole('region', { name: /Other versions/ }).count(), 0);
  await related.scrollIntoViewIfNeeded();
  await docScreenshot(page, 'screenshot-related.png');
  assert.deepEqual(await seriousViolations(page), []);

  const more = page.getByRole('button', { name: 'More like this' });
  await more.focus();
  await page.keyboard.press('Enter');
  await waitForList(page);
  const q = new URLSearchParams(page.url().split('?')[1]).get('q');
  assert.match(q, /tramway/);
  assert.match(q, / OR /);
  const shown = await rows(page);
  assert.ok(shown[0].startsWith('Brest tramway extension') || shown[1].startsWith('Brest tramway extension'), shown.join('\n'));
  assert.ok(shown.slice(0, 2).some((r) => r.startsWith("Brest's second tramway line")), shown.join('\n'));
  // The search can be narrowed like any other: by dates in the URL.
  await page.goto(`${page.url()}&from=2024-01&to=2024-12`);
  await page.locator('ol.results li.result').first().waitFor();
  const narrowed = await rows(page);
  assert.ok(narrowed[0].startsWith("Brest's second tramway line"), narrowed.join('\n'));
  assert.ok(!narrowed.some((r) => r.startsWith('Brest tramway extension')), narrowed.join('\n'));
  // An article about nothing else in the archive has no related articles.
  await page.goto(`${site.url}#/article/2021-11-20-chess-open`);
  await page.getByRole('button', { name: 'More like this' }).waitFor();
  assert.equal(await page.getByRole('region', { name: 'Related articles' }).count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('offline, the groups and related articles still show', async () => {
  const server = await serveSite({ articles: FIXTURE, bundleArgs: ['--quiet'] });
  const context = await launchWithProfile();
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForList(page);
    await waitUntilKept(page);
    const kept = await page.evaluate(async () => {
      const manifest = await fetch('bundle/manifest.json', { cache: 'no-store' }).then((r) => r.json());
      const file = manifest.similar;
      return Boolean(file && await caches.match(new URL(`bundle/${file.path}?v=${file.hash}`, location.href).href));
    });
    assert.ok(kept, 'similar.bin is kept with the bundle');
    await goOffline(page, server);
    await page.reload();
    await waitForList(page);
    // The profile's language is the machine's: either interface language will do.
    await page.getByRole('button', { name: /^2 (other versions|autres versions)$/ }).waitFor();
    await page.goto(`${server.url}#/article/2023-05-10-tramway-brest-viaduct`);
    await page.getByRole('region', { name: /^(Related articles|Articles proches)$/ }).waitFor();
  } finally {
    await context.close();
    await server.close();
  }
});

test("an article's previous and next articles walk the list as it shows, versions folded", async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}#/?sort=oldest`);
  await waitForList(page);
  await page.getByRole('button', { name: '2 other versions' }).waitFor();
  const shown = await page.locator('ol.results li.result .result-title a').evaluateAll((links) =>
    links.map((a) => ({ title: a.textContent.trim(), href: a.getAttribute('href') })));
  assert.equal(shown.length, 7);
  for (const [i, row] of shown.entries()) {
    await page.goto(`${site.url}${row.href}`);
    await page.getByRole('heading', { level: 1, name: row.title }).waitFor();
    const neighbour = (rel) => page.locator(`.neighbours .neighbour.${rel} .neighbour-title`);
    if (i > 0) await waitForTitle(neighbour('previous'), shown[i - 1].title);
    else assert.equal(await neighbour('previous').count(), 0);
    if (i + 1 < shown.length) await waitForTitle(neighbour('next'), shown[i + 1].title);
    else assert.equal(await neighbour('next').count(), 0);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** Waits until `locator` reads `title` (the neighbours follow the groups once they arrive). */
async function waitForTitle(locator, title) {
  await locator.filter({ hasText: title }).waitFor();
  assert.equal((await locator.textContent()).trim(), title);
}
