// Agents: sign in with the dev token, claim a callback and record the outcome; book for a caller, mark attendance.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, screenshot, api, AGENT_TOKEN } from './browser.mjs';

const PHONE = process.env.CALLBACK_PHONE;
const CALLBACK = process.env.CALLBACK_ID;
const auth = { Authorization: `Bearer ${AGENT_TOKEN}` };

let chromium;
before(async () => { chromium = await launch(); });
after(async () => { await chromium?.close(); });

test('a refused token is an error on the token field', async () => {
  const page = await newPage(chromium.browser);
  await page.goto('/agent');
  await page.fill('#token', `${AGENT_TOKEN.slice(0, -4)}AAAA`);
  await page.click('text=Se connecter');
  await page.waitForSelector('#token-error');
  assert.match(await page.textContent('#token-error'), /Jeton refusé/);
  assert.equal(await page.getAttribute('#token', 'aria-invalid'), 'true');
});

test('an agent claims a callback, calls and records the outcome with a note', async () => {
  assert.ok(CALLBACK && PHONE, 'CALLBACK_ID and CALLBACK_PHONE are set by WebPagesEnd2EndTest');
  const page = await newPage(chromium.browser, { width: 1280, height: 900 });
  await page.goto('/agent');
  await page.fill('#token', AGENT_TOKEN);
  await page.click('text=Se connecter');
  await page.waitForSelector('#workspace:not([hidden])');
  await page.selectOption('#agent-site', 'metz-borny');
  await page.selectOption('#cb-theme', 'retraite');
  await page.click('text=Afficher les rappels');
  const row = page.locator(`tr[data-callback="${CALLBACK}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), new RegExp(PHONE.replace('+', '\\+')));
  await screenshot(page, 'agent-1-callbacks');

  await row.getByRole('button', { name: /Prendre le rappel/ }).click();
  await page.waitForSelector(`tr[data-callback="${CALLBACK}"] a[href="tel:${PHONE}"]`);
  assert.equal(await page.inputValue('#cb-status'), 'CLAIMED');
  await page.locator(`tr[data-callback="${CALLBACK}"]`).getByRole('button', { name: /Enregistrer le résultat/ }).click();
  await page.selectOption('#outcome', 'REACHED');
  await page.fill('#cb-note', 'Dossier retraite : rendez-vous pris mardi.');
  await screenshot(page, 'agent-2-outcome');
  await page.click('text=Enregistrer le résultat');
  await page.waitForSelector('#callback-done');
  assert.match(await page.textContent('#callback-done'), /rappel terminé/);
  await screenshot(page, 'agent-3-completed');

  const completed = await api('/api/agent/callbacks?site=metz-borny&status=COMPLETED&limit=100', { headers: auth });
  const callback = completed.json.callbacks.find((c) => c.id === CALLBACK);
  assert.equal(callback.outcome, 'REACHED');
  assert.equal(callback.note, 'Dossier retraite : rendez-vous pris mardi.');
  assert.deepEqual(page.errors, []);
});

test('an agent books for a caller, then sees the appointment in the day list and marks it excused', async () => {
  const page = await newPage(chromium.browser, { width: 1280, height: 900, agent: true });
  await page.goto('/agent');
  await page.waitForSelector('#workspace:not([hidden])');
  await page.selectOption('#agent-site', 'metz-borny');
  await page.selectOption('#reason', 'partner:cpam');
  await page.selectOption('#site', 'metz-borny');
  await page.click('#search-form button[type="submit"]');
  await page.locator('#slots button.slot').first().click();
  await page.selectOption('#channel', 'counter');
  await page.fill('#name', 'Marc Lefèvre');
  await page.fill('#phone', '03 87 11 22 33');
  await page.click('text=Enregistrer le rendez-vous');
  await page.waitForSelector('text=Rendez-vous enregistré');
  await screenshot(page, 'agent-4-booked-for-caller');

  const day = (await api(`/api/agent/appointments?site=metz-borny&date=${new Date().toISOString().slice(0, 10)}`, { headers: auth })).status;
  assert.equal(day, 200);
  const link = await page.getAttribute('#confirmation a[href*="/rendez-vous/"]', 'href');
  const url = new URL(link);
  const appointment = (await api(`/api/appointments/${url.pathname.split('/')[2]}${url.search}`)).json.appointment;
  assert.equal(appointment.channel, 'counter');

  await page.fill('#day', appointment.start.slice(0, 10));
  await page.click('text=Afficher les rendez-vous');
  const row = page.locator(`tr[data-appointment="${appointment.id}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /Marc Lefèvre/);
  await row.getByRole('button', { name: /Excusé/ }).click();
  await page.waitForSelector(`tr[data-appointment="${appointment.id}"] button[aria-pressed="true"]`);
  assert.match(await page.locator(`tr[data-appointment="${appointment.id}"]`).textContent(), /Excusé/);
  await screenshot(page, 'agent-5-attendance');
  assert.deepEqual(page.errors, []);
});
