// The statistics page: the queue figures of a day when a caller hung up while waiting (WebPagesEnd2EndTest places
// that call on Monday 23 November 2026, 10 h in Paris), in a table per queue, a chart per hour and a table per hour.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, screenshot, assertAccessible } from './browser.mjs';

let chromium;
before(async () => { chromium = await launch(); });
after(async () => { await chromium?.close(); });

test('a manager reads the queues\' waits, abandonment and service level for a day', async () => {
  const page = await newPage(chromium.browser, { width: 1280, height: 900, agent: true });
  await page.goto('/statistiques');
  // The last four weeks load first (the token is known); then the day.
  await page.waitForSelector('#resultats:not([hidden])');
  await page.fill('#du', '2026-11-23');
  await page.fill('#au', '2026-11-23');
  await page.click('text=Afficher');
  const emploi = page.locator('#files-tableau tbody tr', { hasText: 'emploi' });
  await emploi.waitFor();
  const cells = await emploi.locator('td').allTextContents();
  assert.ok(Number(cells[0]) >= 1, `callers queued: ${cells}`);
  assert.ok(Number(cells[2]) >= 1, `abandoned: ${cells}`);
  assert.match(cells[7], / en 60 s$/, 'the service level says its threshold');
  assert.match(await page.textContent('#files-heures tbody'), /23\/11 10 h/, 'hours at Paris time');
  assert.equal(await page.locator('#graphe-files svg rect').count() > 0, true, 'the chart per hour');
  await screenshot(page, 'statistiques-files');
  await assertAccessible(page, 'statistiques, files d\'attente');
});

test('callback delays and fill rates have their charts; the fill rates name partners and places, not their ids', async () => {
  const page = await newPage(chromium.browser, { width: 1280, height: 900, agent: true });
  await page.goto('/statistiques');
  await page.waitForSelector('#remplissage tbody tr');
  const row = page.locator('#remplissage tbody tr', { hasText: 'Metz-Borny' }).first();
  const cells = [await row.locator('th').textContent(), ...await row.locator('td').allTextContents()];
  assert.match(cells[0], /^\S.* à .*Metz-Borny/, `the permanence by its partner and place: ${cells}`);
  assert.match(cells[1], /Metz-Borny/);
  assert.doesNotMatch(cells.slice(0, 3).join(' '), /metz-borny|\bcpam\b|\bcaf\b|\bcarsat\b/, 'no raw id');
  assert.ok(await page.locator('#graphe-remplissage svg rect').count() > 0, 'the fill rate chart');
  assert.ok(await page.locator('#graphe-delai svg').count() === 1, 'the callback delay chart');
  assert.match(await page.textContent('#graphe-delai svg desc'), /^Médiane \(min\) : .* ; 90e centile \(min\) : /);
  await assertAccessible(page, 'statistiques, délais et remplissage');
  assert.deepEqual(page.errors, []);
});
