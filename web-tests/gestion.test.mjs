// The back office: a coordinator edits a permanence with the keyboard only; a refused value is told at its field,
// a good one is saved and read back through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, screenshot, assertAccessible, api, tabTo, arrowSelect, AGENT_TOKEN } from './browser.mjs';

const PERMANENCE = 'carsat-pont-a-mousson';
const auth = { Authorization: `Bearer ${AGENT_TOKEN}` };

let chromium;
before(async () => { chromium = await launch(); });
after(async () => { await chromium?.close(); });

async function stored() {
  const answer = await api('/api/admin/territory', { headers: auth });
  return answer.json.territory.permanences.find((p) => p.id === PERMANENCE);
}

test('a coordinator edits a permanence with the keyboard; capacity 0 is refused at its field', async () => {
  const before = await stored();
  const page = await newPage(chromium.browser, { width: 1280, height: 900, agent: true });
  await page.goto('/gestion');
  await page.waitForSelector('#workspace:not([hidden])');
  await tabTo(page, '#perm-choice');
  await arrowSelect(page, '#perm-choice', PERMANENCE);
  assert.equal(await page.inputValue('#perm-id'), PERMANENCE);

  await tabTo(page, '#perm-capacity');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0');
  await tabTo(page, '#permanence-form button[type="submit"]:not([name])');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#perm-capacity-error');
  assert.equal(await page.getAttribute('#perm-capacity', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#perm-capacity-error'), /capacity/);
  await screenshot(page, 'gestion-1-refused');
  await assertAccessible(page, 'a refused permanence');
  assert.equal((await stored()).capacity, before.capacity, 'nothing written');

  await page.focus('#perm-capacity');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(String(before.capacity + 1));
  await tabTo(page, '#permanence-form button[type="submit"]:not([name])');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#perm-report-done');
  assert.match(await page.textContent('#perm-report-done'), /Modification enregistrée/);
  assert.equal(await page.$('#perm-capacity-error'), null, 'the error is gone');
  await screenshot(page, 'gestion-2-saved');
  assert.equal((await stored()).capacity, before.capacity + 1);
  assert.deepEqual(page.errors, []);

  const restored = await api(`/api/admin/permanences/${PERMANENCE}`, { method: 'PUT', body: before, headers: auth });
  assert.equal(restored.status, 200, restored.text);
});

test('a closure is checked first: the report says what it would cancel, nothing is written', async () => {
  const page = await newPage(chromium.browser, { width: 1280, height: 900, agent: true });
  await page.goto('/gestion');
  await page.waitForSelector('#closures:not([hidden])');
  const day = new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10);
  await page.selectOption('#cl-site', 'metz-borny');
  await page.fill('#cl-from', day);
  await page.fill('#cl-to', day);
  await page.fill('#cl-reason', 'Formation des agents');
  await page.click('#closure-form button[name="dryRun"]');
  await page.waitForSelector('#cl-report-done');
  assert.match(await page.textContent('#cl-report-done'), /Vérification : rien n’est enregistré/);
  assert.match(await page.textContent('#cl-report-done'), /fermetures : 1 créé/);
  const site = (await api('/api/admin/territory', { headers: auth })).json.territory.sites.find((s) => s.id === 'metz-borny');
  assert.ok(!(site.closures || []).some((c) => c.from === day), 'nothing written');
  assert.deepEqual(page.errors, []);
});
