// Citizens: a callback asked for from a site's page (theme, one of the windows the site can still call back in, a
// number), its errors tied to their fields, and a second request for the same number and theme answered with the first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, screenshot, assertAccessible, api, AGENT_TOKEN } from './browser.mjs';

let chromium;
before(async () => { chromium = await launch(); });
after(async () => { await chromium?.close(); });

test('a citizen asks to be called back from a site page, in a window the site offers', async () => {
  const page = await newPage(chromium.browser);
  await page.goto('/site?id=metz-borny');
  await page.waitForSelector('#callback-form #cb-window:not([aria-busy]) input[type="radio"]');
  const reloaded = page.waitForResponse((r) => r.url().includes('/api/callback-windows') && r.url().includes('theme=retraite'));
  await page.selectOption('#cb-theme', 'retraite');
  await reloaded;
  await page.waitForSelector('#cb-window:not([aria-busy])');
  const offered = (await api('/api/callback-windows?site=metz-borny&theme=retraite')).json.windows;
  assert.ok(offered.length >= 1 && offered.length <= 3, `${offered.length} windows offered`);
  assert.equal(await page.locator('#cb-window input[type="radio"]').count(), offered.length);

  await page.click('text=Demander à être rappelé');
  await page.waitForSelector('.error-summary');
  assert.equal(await page.getAttribute('#cb-phone', 'aria-invalid'), 'true');
  assert.match(await page.textContent('.error-summary'), /Indiquez le numéro auquel vous rappeler/);
  assert.match(await page.textContent('.error-summary'), /Choisissez quand vous rappeler/);
  await assertAccessible(page, 'callback form: its errors');

  // A number the service cannot call back: the API's French refusal, on the field.
  await page.check('#cb-window-0');
  await page.fill('#cb-phone', '08 99 12 34 56');
  await page.click('text=Demander à être rappelé');
  await page.waitForSelector('#cb-phone-error');
  assert.match(await page.textContent('#cb-phone-error'), /fixes et mobiles/);

  const phone = `06 98 ${String(Math.floor(Math.random() * 1e6)).padStart(6, '0').replace(/(..)(..)(..)/, '$1 $2 $3')}`;
  const last = offered.length - 1;
  await page.check(`#cb-window-${last}`);
  await page.fill('#cb-phone', phone);
  await page.click('text=Demander à être rappelé');
  await page.waitForSelector('#callback-done');
  assert.match(await page.textContent('#callback-done'), /Demande de rappel enregistrée\. Nous vous rappellerons/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'callback-done');
  await screenshot(page, 'site-callback-requested');
  await assertAccessible(page, 'callback requested');

  const e164 = `+33${phone.replace(/\s/g, '').slice(1)}`;
  const listed = (await api('/api/agent/callbacks?site=metz-borny&theme=retraite&status=PENDING&limit=100',
    { headers: { Authorization: `Bearer ${AGENT_TOKEN}` } })).json.callbacks.filter((c) => c.phone === e164);
  assert.equal(listed.length, 1, 'one callback on the agents’ list');
  const again = await api('/api/callbacks', { method: 'POST',
    body: { site: 'metz-borny', theme: 'retraite', phone, window: offered[0].key } });
  assert.equal(again.status, 200);
  assert.equal(again.json.id, listed[0].id);
  assert.deepEqual(page.errors, []);
});
