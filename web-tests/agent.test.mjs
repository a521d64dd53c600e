// Agents: sign in with the dev token, claim a callback and record the outcome, read the caller's history (export,
// erasure); book for a caller, find it in the day's list, mark attendance.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, newPage, screenshot, assertAccessible, api, AGENT_TOKEN } from './browser.mjs';

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
  // The callers waiting now in the site's and the motif's queues (the runner's simulated load: none). The list first
  // asked for when the site was chosen may show before the one filtered on the motif: wait for the latter.
  await page.waitForFunction(() => /^En file d’attente maintenant : file \S+, \d+ appelants? ; file retraite, \d+ appelants?/
    .test(document.getElementById('waiting-now').textContent));
  await screenshot(page, 'agent-1-callbacks');

  await row.getByRole('button', { name: /Prendre le rappel/ }).click();
  await page.waitForSelector(`tr[data-callback="${CALLBACK}"] a[href="tel:${PHONE}"]`);
  assert.equal(await page.inputValue('#cb-status'), 'CLAIMED');
  await page.locator(`tr[data-callback="${CALLBACK}"]`).getByRole('button', { name: /Enregistrer le résultat/ }).click();
  await page.selectOption('#outcome', 'REACHED');
  await page.fill('#cb-note', 'Dossier retraite : rendez-vous pris mardi.');
  await screenshot(page, 'agent-2-outcome');
  await assertAccessible(page, 'the outcome form');
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

test('beside a callback, the caller\'s history with the keyboard; export, then erasure after a confirmation', async () => {
  const page = await newPage(chromium.browser, { width: 1280, height: 900, agent: true });
  await page.goto('/agent');
  await page.waitForSelector('#workspace:not([hidden])');
  await page.selectOption('#agent-site', 'metz-borny');
  await page.selectOption('#cb-status', 'COMPLETED');
  await page.click('text=Afficher les rappels');
  const opener = page.locator(`tr[data-callback="${CALLBACK}"]`).getByRole('button', { name: `Historique de ${PHONE}` });
  await opener.focus();
  await page.keyboard.press('Enter');

  // A region named by its heading, which takes the focus; the count is announced in the live region.
  const panel = page.getByRole('region', { name: `Historique de ${PHONE}` });
  await panel.locator('#history-table').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'history-title');
  await page.waitForFunction(() => /Historique de .* : \d+ événements?/.test(document.getElementById('status').textContent));
  const rows = panel.locator('#history-table tbody tr');
  const kinds = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.kind));
  assert.deepEqual(kinds.slice(0, 2), ['callback-completed', 'callback-requested'], 'newest first');
  const completedRow = await rows.nth(0).textContent();
  assert.match(completedRow, /Rappel\s*Rappel abouti : usager joint \(Retraite, France Services Metz-Borny\)/);
  assert.match(await rows.nth(1).textContent(), /Rappel demandé \(Retraite, France Services Metz-Borny\)/);
  assert.match(completedRow, /\d{4} à \d{1,2} h \d{2}/, 'the time of the entry');
  const history = (await api(`/api/agent/contacts/${encodeURIComponent(PHONE)}/history`, { headers: auth })).json.history;
  assert.equal(await rows.count(), history.length, 'every entry the API holds');
  await screenshot(page, 'agent-6-history');
  await assertAccessible(page, 'the history panel');

  // GDPR access: the export downloads what the API exports.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#history-export')]);
  assert.equal(download.suggestedFilename(), 'donnees-contact.json');
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.contact, PHONE);
  assert.ok(exported.callbacks.some((c) => c.id === CALLBACK && c.note === 'Dossier retraite : rendez-vous pris mardi.'));

  // GDPR erasure: a confirmation step first; « Non » erases nothing.
  await page.click('#history-erase');
  await page.waitForSelector('#erase-confirm:not([hidden])');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'erase-title');
  await assertAccessible(page, 'the erasure confirmation');
  await page.click('#erase-no');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'history-erase');
  assert.equal((await api(`/api/agent/contacts/${encodeURIComponent(PHONE)}/history`, { headers: auth })).json.history.length, history.length);
  await page.click('#history-erase');
  await page.click('#erase-yes');
  await page.waitForSelector('#erase-done');
  assert.match(await page.textContent('#erase-done'), /^Données effacées : \d+ élément\(s\) d’historique, \d+ rendez-vous .*, 1 rappel\(s\)/);
  await page.waitForSelector('text=Aucun événement n’est conservé pour ce contact.');
  assert.deepEqual((await api(`/api/agent/contacts/${encodeURIComponent(PHONE)}/history`, { headers: auth })).json.history, []);
  assert.equal(await page.locator(`tr[data-callback="${CALLBACK}"]`).count(), 0, 'the erased callback left the list');
  await screenshot(page, 'agent-7-erased');

  await page.click('#history-close');
  assert.equal(await page.isHidden('#history'), true);
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

  const link = await page.getAttribute('#confirmation a[href*="/rendez-vous/"]', 'href');
  const url = new URL(link);
  const appointment = (await api(`/api/appointments/${url.pathname.split('/')[2]}${url.search}`)).json.appointment;
  assert.equal(appointment.channel, 'counter');

  // The day's list opened with the page (today) is the API's list for today, row for row — with this booking once it is today's.
  const today = await page.inputValue('#day');
  if (appointment.start.slice(0, 10) === today) await page.locator(`tr[data-appointment="${appointment.id}"]`).waitFor();
  const todays = (await api(`/api/agent/appointments?site=metz-borny&date=${today}`, { headers: auth })).json.appointments;
  assert.deepEqual(await page.locator('#appointment-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.appointment)),
    todays.map((a) => a.id));
  if (!todays.length) assert.equal(await page.textContent('#appointment-table'), 'Aucun rendez-vous ce jour-là dans ce lieu.');

  // The agents' list of its day holds it, with the caller's details as typed and its place.
  const listed = (await api(`/api/agent/appointments?site=metz-borny&date=${appointment.start.slice(0, 10)}`, { headers: auth }))
    .json.appointments.find((a) => a.id === appointment.id);
  assert.deepEqual([listed.name, listed.phone, listed.partnerId, listed.status, listed.place.city],
    ['Marc Lefèvre', '+33387112233', 'cpam', 'BOOKED', 'Metz']);

  await page.fill('#day', appointment.start.slice(0, 10));
  await page.click('text=Afficher les rendez-vous');
  const row = page.locator(`tr[data-appointment="${appointment.id}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /Marc Lefèvre/);
  await row.getByRole('button', { name: /Excusé/ }).click();
  await page.waitForSelector(`tr[data-appointment="${appointment.id}"] button[aria-pressed="true"]`);
  assert.match(await page.locator(`tr[data-appointment="${appointment.id}"]`).textContent(), /Excusé/);
  await screenshot(page, 'agent-5-attendance');

  // The same history, beside the appointment: booked at the counter, then excused.
  await page.locator(`tr[data-appointment="${appointment.id}"]`).getByRole('button', { name: 'Historique de Marc Lefèvre' }).click();
  const panel = page.getByRole('region', { name: 'Historique de +33387112233' });
  await panel.locator('#history-table').waitFor();
  const text = await panel.locator('#history-table').textContent();
  assert.match(text, /À l’accueil\s*Rendez-vous pris : CPAM, /);
  assert.match(text, /Présence enregistrée : Excusé \([^)]*\) — par agent-local@/);

  // The audit trail (the dev token is a coordinator's too): the attendance, by the signed-in agent, as the API has it.
  const audit = page.getByRole('region', { name: 'Journal des actions' });
  await audit.getByRole('button', { name: 'Afficher le journal' }).click();
  const noted = audit.locator('#audit-table tr[data-action="appointment-attendance"]', { hasText: appointment.id }).first();
  await noted.waitFor();
  const trail = (await api(`/api/agent/audit?from=${await page.inputValue('#audit-from')}&to=${await page.inputValue('#audit-to')}`,
    { headers: auth })).json.entries.find((e) => e.action === 'appointment-attendance' && e.details.appointmentId === appointment.id);
  assert.match(await noted.textContent(), new RegExp(`${trail.actorName}\\s*Présence notée`));
  await screenshot(page, 'agent-6-audit');
  assert.deepEqual(page.errors, []);
});
