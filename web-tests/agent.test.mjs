// Agents: sign in with the dev token, claim a callback and record the outcome, a callback round with the keyboard
// alone, refusals tied to their item, the agent's own site, read the caller's history (export, erasure); book for a
// caller, find it in the day's list, mark attendance; the page at 320 px, lists refreshed on their own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, newPage, screenshot, assertAccessible, api, AGENT_TOKEN } from './browser.mjs';

const PHONE = process.env.CALLBACK_PHONE;
const CALLBACK = process.env.CALLBACK_ID;
const auth = { Authorization: `Bearer ${AGENT_TOKEN}` };
/** A phone as the page shows it: « 06 12 34 56 78 ». */
const national = (e164) => `0${e164.slice(3)}`.replace(/(\d{2})(?=\d)/g, '$1 ');

/** A callback asked for on the web (a fresh mobile number) at metz-borny, for the motif « retraite »: its id and number. */
async function webCallback() {
  const windows = (await api('/api/callback-windows?site=metz-borny&theme=retraite')).json.windows;
  const digits = String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
  const answer = await api('/api/callbacks', { method: 'POST', body: { site: 'metz-borny', theme: 'retraite', phone: `0697${digits}`, window: windows[0].key } });
  assert.equal(answer.status, 201, JSON.stringify(answer.json));
  return { id: answer.json.id, phone: `+33697${digits}` };
}

/** A page signed in with a token of the runner's pool: an agent of metz-borny who may book anywhere (« metz-borny,* »). */
async function metzAgentPage(size) {
  const token = (await api('/local/agent-token?groups=agents&site=metz-borny%2C*&sub=agent-metz')).json.token;
  const page = await newPage(chromium.browser, size);
  await page.context().addInitScript((t) => sessionStorage.setItem('accueil.agentToken', t), token);
  return page;
}

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
  assert.match(await row.textContent(), new RegExp(national(PHONE)));
  // The callers waiting now in the site's and the motif's queues (the runner's simulated load: none).
  await page.waitForFunction(() => /file retraite/.test(document.getElementById('waiting-now').textContent));
  assert.match(await page.textContent('#waiting-now'), /^En file d’attente maintenant : file \S+, \d+ appelants? ; file retraite, \d+ appelants?/);
  await screenshot(page, 'agent-1-callbacks');

  // The number as French people write it, in one piece.
  const phone = row.locator('.phone');
  assert.equal(await phone.textContent(), national(PHONE));
  assert.equal(await phone.evaluate((node) => getComputedStyle(node).whiteSpace), 'nowrap');

  await row.getByRole('button', { name: /Prendre le rappel/ }).click();
  await page.waitForSelector(`tr[data-callback="${CALLBACK}"] a[href="tel:${PHONE}"]`);
  // The filter stays on « À rappeler »: the agent's claim is listed first there.
  assert.equal(await page.inputValue('#cb-status'), 'PENDING');
  assert.equal(await page.locator('#callback-table tbody tr').first().getAttribute('data-callback'), CALLBACK);
  await page.locator(`tr[data-callback="${CALLBACK}"]`).getByRole('button', { name: /Enregistrer le résultat/ }).click();
  assert.equal(await page.inputValue('#outcome'), '', 'no outcome chosen in advance');
  await page.click('text=Enregistrer le résultat');
  await page.waitForSelector('#outcome-error');
  assert.match(await page.textContent('#outcome-error'), /Choisissez le résultat de l’appel/);
  await page.selectOption('#outcome', 'REACHED');
  await page.fill('#cb-note', 'Dossier retraite : rendez-vous pris mardi.');
  await screenshot(page, 'agent-2-outcome');
  await assertAccessible(page, 'the outcome form');
  await page.click('text=Enregistrer le résultat');
  await page.waitForSelector('#callback-done');
  assert.match(await page.textContent('#callback-done'), /rappel terminé/);
  assert.equal(await page.inputValue('#cb-status'), 'PENDING');
  assert.match(await page.textContent('#callbacks-updated'), /^Mis à jour à \d{1,2} h \d{2}\.$/);
  await screenshot(page, 'agent-3-completed');

  const completed = await api('/api/agent/callbacks?site=metz-borny&status=COMPLETED&limit=100', { headers: auth });
  const callback = completed.json.callbacks.find((c) => c.id === CALLBACK);
  assert.equal(callback.outcome, 'REACHED');
  assert.equal(callback.note, 'Dossier retraite : rendez-vous pris mardi.');
  assert.deepEqual(page.errors, []);
});

test('a callback round with the keyboard alone: claim, outcome, the next one; each outcome form starts empty; « Fermer » goes back', async () => {
  const first = await webCallback();
  const second = await webCallback();
  const page = await newPage(chromium.browser, { width: 1280, height: 900, agent: true });
  await page.goto('/agent');
  await page.waitForSelector('#workspace:not([hidden])');
  await page.selectOption('#agent-site', 'metz-borny');
  await page.selectOption('#cb-theme', 'retraite');
  await page.focus('#callback-filters button[type="submit"]');
  await page.keyboard.press('Enter');
  await page.locator(`tr[data-callback="${first.id}"]`).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'callback-table');
  const focused = () => page.evaluate(() => ({ label: document.activeElement.getAttribute('aria-label') || '', id: document.activeElement.id,
    row: document.activeElement.closest('tr')?.dataset.callback || null }));
  const tabTo = async (wanted) => {
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      const now = await focused();
      if (wanted(now)) return now;
    }
    throw new Error('never reached with Tab');
  };
  // 1. Claim the first callback: « Appeler » takes the focus.
  await tabTo((f) => f.label === `Prendre le rappel ${national(first.phone)}, Retraite`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((label) => document.activeElement.getAttribute('aria-label') === label, `Appeler le ${national(first.phone)}`);
  // 2. Its outcome, with the keyboard: « pas de réponse » and a note.
  await tabTo((f) => f.label.startsWith('Enregistrer le résultat du rappel'));
  await page.keyboard.press('Enter');
  assert.equal((await focused()).id, 'outcome-title');
  await page.keyboard.press('Tab');
  assert.equal((await focused()).id, 'outcome');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.inputValue('#outcome'), 'NO_ANSWER');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Messagerie, rappeler plus tard.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#callback-done');
  // The retry says when; the next callback is one key away.
  assert.match(await page.textContent('#callback-done'), /revient dans la liste, nouvel essai (le .* )?à \d{1,2} h \d{2}\./);
  assert.match(await page.locator(`tr[data-callback="${first.id}"]`).textContent(), /nouvel essai (le .* )?à \d{1,2} h \d{2}/);
  const next = await focused();
  assert.match(next.label, /^Prendre le rappel/);
  assert.notEqual(next.row, first.id);
  // 3. The next one is claimed with Enter; its outcome form keeps nothing of the previous callback.
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^Appeler le/.test(document.activeElement.getAttribute('aria-label') || ''));
  const opener = await tabTo((f) => f.label.startsWith('Enregistrer le résultat du rappel'));
  await page.keyboard.press('Enter');
  assert.equal(await page.inputValue('#outcome'), '');
  assert.equal(await page.inputValue('#cb-note'), '');
  await assertAccessible(page, 'the outcome form of the next callback');
  // « Fermer » returns the focus to the button that opened the form.
  await tabTo((f) => f.id === 'outcome-cancel');
  await page.keyboard.press('Enter');
  assert.deepEqual(await focused(), opener);
  assert.equal(await page.isHidden('#outcome-section'), true);
  const saved = (await api(`/api/agent/callbacks?site=metz-borny&theme=retraite&status=PENDING&limit=100`, { headers: auth }))
    .json.callbacks.find((c) => c.id === first.id);
  assert.deepEqual([saved.outcome, saved.note], ['NO_ANSWER', 'Messagerie, rappeler plus tard.']);
  // Back in the list for the others.
  await page.locator(`tr[data-callback="${next.row}"]`).getByRole('button', { name: /Remettre dans la liste/ }).click();
  await page.waitForFunction((id) => !document.querySelector(`tr[data-callback="${id}"] a.button`), next.row);
  assert.ok(second.id);
  assert.deepEqual(page.errors, []);
});

test('a callback completed elsewhere: a French refusal on it, the list kept', async () => {
  const taken = await webCallback();
  const page = await newPage(chromium.browser, { width: 1280, height: 900, agent: true });
  await page.goto('/agent');
  await page.waitForSelector('#workspace:not([hidden])');
  await page.selectOption('#agent-site', 'metz-borny');
  await page.click('text=Afficher les rappels');
  const row = page.locator(`tr[data-callback="${taken.id}"]`);
  await row.waitFor();
  // The list was asked for three times (sign-in, site, button): the server has read it each time before the colleague acts.
  await page.apiAnswered();
  // A colleague claims and completes it meanwhile.
  const colleague = { Authorization: `Bearer ${(await api('/local/agent-token?groups=agents&site=metz-borny&sub=agent-collegue')).json.token}` };
  assert.equal((await api(`/api/agent/callbacks/${taken.id}/claim`, { method: 'POST', headers: colleague })).status, 200);
  assert.equal((await api(`/api/agent/callbacks/${taken.id}/complete`, { method: 'POST', headers: colleague, body: { outcome: 'REACHED' } })).status, 200);
  await row.getByRole('button', { name: /Prendre le rappel/ }).click();
  await page.waitForSelector('#callback-problem');
  const text = await page.textContent('#callback-problem');
  assert.match(text, /Ce rappel ne peut pas être pris en charge : il est déjà terminé\. Il n’est plus dans cette liste\./);
  assert.doesNotMatch(text, /COMPLETED|CLAIMED|PENDING/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'callback-problem');
  assert.equal(await page.locator('#callback-table').evaluate((node) => node.tagName), 'TABLE', 'the list stays');
  assert.equal(await row.count(), 0, 'the item is read again');
  await assertAccessible(page, 'a refused claim');
  assert.deepEqual(page.errors, []);
});

test('an agent of one site: the workspace opens on it, bookings default to it and warn before another time zone', async () => {
  const page = await metzAgentPage({ width: 1280, height: 900 });
  await page.goto('/agent');
  await page.waitForSelector('#workspace:not([hidden])');
  assert.equal(await page.inputValue('#agent-site'), 'metz-borny');
  assert.equal(await page.inputValue('#site'), 'metz-borny');
  await page.selectOption('#reason', 'partner:cpam');
  await page.selectOption('#site', 'saint-denis-reunion');
  await page.click('#search-form button[type="submit"]');
  await page.locator('#slots button.slot').first().click();
  assert.match(await page.textContent('#far-warning'), /France Services .* est dans un autre fuseau horaire \(heure de Saint-Denis\), loin de .*Metz-Borny/);
  await page.fill('#name', 'Paul Loin');
  await page.fill('#phone', '03 87 11 22 44');
  await page.click('text=Enregistrer le rendez-vous');
  await page.waitForSelector('#far-confirmed-error');
  assert.equal(await page.isHidden('#confirmation'), true, 'nothing booked before the confirmation');
  await assertAccessible(page, 'a far site to confirm');
  await page.check('#far-confirmed');
  await page.click('text=Enregistrer le rendez-vous');
  await page.waitForSelector('text=Rendez-vous enregistré');
  // A slot at the agent's own site: no warning.
  await page.goto('/agent');
  await page.waitForSelector('#workspace:not([hidden])');
  await page.selectOption('#reason', 'partner:cpam');
  await page.click('#search-form button[type="submit"]');
  await page.locator('#slots button.slot').first().click();
  await page.waitForSelector('#booking:not([hidden])');
  assert.equal(await page.locator('#far-warning').count(), 0);
  assert.deepEqual(page.errors, []);
});

test('the signed-in page reflows at 320 px and 375 px (WCAG 1.4.10), its lists refreshed every minute', async () => {
  for (const width of [320, 375]) {
    const page = await newPage(chromium.browser, { width, height: 800, agent: true });
    await page.clock.install();
    await page.goto('/agent');
    await page.waitForSelector('#workspace:not([hidden])');
    await page.selectOption('#agent-site', 'metz-borny');
    await page.waitForSelector('#callback-table');
    await page.waitForSelector('#appointment-table');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, `no horizontal scroll at ${width} px`);
    await screenshot(page, `agent-reflow-${width}`);
    if (width === 320) {
      await assertAccessible(page, 'the workspace at 320 px');
      // A callback asked for meanwhile appears within a minute, with the time of the update.
      const fresh = await webCallback();
      await page.clock.fastForward(61_000);
      await page.locator(`tr[data-callback="${fresh.id}"]`).waitFor();
      assert.match(await page.textContent('#callbacks-updated'), /^Mis à jour à \d{1,2} h \d{2}\.$/);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width);
    }
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test('beside a callback, the caller\'s history with the keyboard; export, then erasure after a confirmation', async () => {
  const page = await newPage(chromium.browser, { width: 1280, height: 900, agent: true });
  await page.goto('/agent');
  await page.waitForSelector('#workspace:not([hidden])');
  await page.selectOption('#agent-site', 'metz-borny');
  await page.selectOption('#cb-status', 'COMPLETED');
  await page.click('text=Afficher les rappels');
  const opener = page.locator(`tr[data-callback="${CALLBACK}"]`).getByRole('button', { name: `Historique de ${national(PHONE)}` });
  await opener.focus();
  await page.keyboard.press('Enter');

  // A region named by its heading, which takes the focus; the count is announced in the live region.
  const panel = page.getByRole('region', { name: `Historique de ${national(PHONE)}` });
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
  assert.match(await row.textContent(), /Pris par agent-local@agents\.accueil\.local/, 'the booking agent');
  assert.equal(await row.locator('a.phone').textContent(), '03 87 11 22 33');
  // Excused meanwhile at another desk: the second mark is refused (422), in French, under its row; the list stays.
  assert.equal((await api(`/api/agent/appointments/${appointment.id}/attendance`, { method: 'POST', headers: auth, body: { status: 'EXCUSED' } })).status, 200);
  await row.getByRole('button', { name: /Excusé/ }).click();
  await page.waitForSelector('#appointment-problem');
  assert.match(await page.textContent('#appointment-problem'), /ne peut plus passer à ce statut/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'appointment-problem');
  assert.equal(await page.locator('tr.item-problem').evaluate((tr) => tr.previousElementSibling.dataset.appointment), appointment.id);
  await page.waitForSelector(`tr[data-appointment="${appointment.id}"] button[aria-pressed="true"]`);
  assert.match(await page.locator(`tr[data-appointment="${appointment.id}"]`).textContent(), /Excusé/);
  await assertAccessible(page, 'a refused attendance');
  await screenshot(page, 'agent-5-attendance');

  // The same history, beside the appointment: booked at the counter, then excused.
  await page.locator(`tr[data-appointment="${appointment.id}"]`).getByRole('button', { name: 'Historique de Marc Lefèvre' }).click();
  const panel = page.getByRole('region', { name: 'Historique de 03 87 11 22 33' });
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
