// Citizens: with a postcode, the places come by nearness (those serving it first, then the others by distance).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, assertAccessible, api } from './browser.mjs';

const DEMO = ['metz-borny', 'pont-a-mousson', 'sarreguemines', 'bus-pays-de-bitche', 'saint-denis-reunion'];
let chromium;
before(async () => { chromium = await launch(); });
after(async () => { await chromium?.close(); });

test('a search from 57070 lists Metz-Borny first, then the other places from the nearest to the farthest', async () => {
  const all = (await api('/api/sites?postcode=57070')).json.sites;
  // The demo's sites (other tests may open sites of their own): Metz-Borny serves 57070; Pont-à-Mousson is 26 km
  // from it, Sarreguemines 61, Bitche's bus 88, La Réunion 9,000.
  const near = all.filter((s) => DEMO.includes(s.id));
  assert.deepEqual(near.map((s) => s.id), ['metz-borny', 'pont-a-mousson', 'sarreguemines', 'bus-pays-de-bitche', 'saint-denis-reunion']);
  assert.deepEqual(near.map((s) => s.serving), [true, false, false, false, false]);
  assert.deepEqual(near.slice(0, 4).map((s) => s.distanceKm), [0, 26, 61, 88]);
  assert.ok(near[4].distanceKm > 9000);
  assert.equal((await api('/api/sites?postcode=570')).status, 422);

  const page = await newPage(chromium.browser);
  await page.goto('/');
  const byName = await page.locator('#site option').evaluateAll((options) => options.map((o) => o.value));
  assert.notDeepEqual(byName.slice(1), all.map((s) => s.id), 'before a postcode, the places come by name');
  await page.selectOption('#reason', 'partner:caf');
  await page.fill('#where', '57070');
  await page.click('text=Voir les créneaux libres');
  await page.waitForSelector('#results-period:not(:empty)');
  await page.waitForFunction(() => document.querySelector('#site option:nth-child(2)')?.value === 'metz-borny');
  assert.deepEqual(await page.locator('#site option').evaluateAll((options) => options.map((o) => o.value)), ['', ...all.map((s) => s.id)]);
  assert.equal(await page.inputValue('#site'), '', '« Tous les lieux » stays chosen');
  await assertAccessible(page, 'places by nearness');
  assert.deepEqual(page.errors, []);
});
