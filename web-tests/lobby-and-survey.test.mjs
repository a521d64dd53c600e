// The survey link sent after an appointment (answered once, then « déjà répondu »), and the lobby board of a site
// (today's and tomorrow's permanences, refreshing itself every minute, keeping its last board through an outage).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, screenshot, assertAccessible, api } from './browser.mjs';

// A real invitation sent by ScheduledSurveySenderFunction (WebPagesEnd2EndTest), for this test to answer.
const SURVEY = process.env.SURVEY_LINK_TO_ANSWER;

let chromium;
before(async () => { chromium = await launch(); });
after(async () => { await chromium?.close(); });

test('a citizen answers the survey once; the same link then says it was already answered', async () => {
  assert.ok(SURVEY, 'SURVEY_LINK_TO_ANSWER is set by WebPagesEnd2EndTest');
  const page = await newPage(chromium.browser);
  await page.goto(SURVEY);
  await page.waitForSelector('#formulaire:not([hidden])');
  assert.match(await page.textContent('#contexte'), /^Rendez-vous CPAM du \p{L}+ \d{1,2} \p{L}+ \d{4}, France Services /u);

  // Sent without a note: the error is tied to the group of notes and listed in the summary, which takes the focus.
  await page.click('text=Envoyer mon avis');
  await page.waitForSelector('#score-error');
  assert.equal(await page.textContent('#score-error'), 'Choisissez une note de 1 à 5.');
  assert.equal(await page.getAttribute('#score', 'aria-invalid'), 'true');
  assert.deepEqual((await page.getAttribute('#score', 'aria-describedby')).split(' '), ['aide', 'score-error']);
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('error-summary')), true);
  await screenshot(page, 'survey-1-error');
  await assertAccessible(page, 'the survey with its error');
  // The summary's link leads to the first note.
  await page.click('.error-summary a');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'note-1');

  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'note-4');
  await page.click('text=Envoyer mon avis');
  await page.waitForSelector('text=Merci, votre avis est enregistré.');
  assert.equal(await page.isHidden('#formulaire'), true);
  await screenshot(page, 'survey-2-thanks');

  const second = await newPage(chromium.browser);
  await second.goto(SURVEY);
  await second.waitForSelector('text=Vous avez déjà répondu');
  assert.equal(await second.isHidden('#formulaire'), true);
  await screenshot(second, 'survey-3-already-answered');
  await assertAccessible(second, 'the survey already answered');
  const url = new URL(SURVEY, 'http://x');
  const stored = await api(`/api/surveys/${url.searchParams.get('rdv')}?token=${url.searchParams.get('token')}`);
  assert.equal(stored.json.answered, true);
  assert.deepEqual([...page.errors, ...second.errors], []);
});

/** The page shows the API's board: the labels, and each permanence's hours, partner and places, day by day. */
async function assertShows(page, board) {
  assert.equal(await page.textContent('#lieu'), board.site.name);
  assert.deepEqual(await page.locator('#jours h2').allTextContents(), board.days.map((d) => d.label));
  for (const [i, day] of board.days.entries()) {
    const section = page.locator('#jours section').nth(i);
    if (!day.permanences.length) {
      assert.equal(await section.locator('.empty').textContent(), 'Aucune permanence.');
      continue;
    }
    const rows = section.locator('tbody tr');
    assert.equal(await rows.count(), day.permanences.length);
    for (const [j, p] of day.permanences.entries()) {
      const text = await rows.nth(j).textContent();
      assert.ok(text.startsWith(p.hours) && text.includes(p.partner) && text.includes(p.themes.join(', ')), `${text} shows ${p.hours} ${p.partner}`);
      assert.match(text, p.over ? /Terminée/ : p.bookable > 0 ? new RegExp(`${p.bookable} places? sur rendez-vous`) : /Complet/);
      if (board.site.mobile) assert.ok(text.includes(`${p.place.street}, ${p.place.postcode} ${p.place.city}`), `${text} says where the bus is`);
    }
  }
  assert.doesNotMatch(await page.textContent('body'), /\+33|@/, 'no personal data');
}

test('the lobby board shows today\'s and tomorrow\'s permanences and refreshes itself every minute', async () => {
  const page = await newPage(chromium.browser, { width: 1920, height: 1080 });
  let boards = 0;
  page.on('request', (request) => { if (request.url().endsWith('/api/sites/metz-borny/board')) boards++; });
  await page.clock.install();
  await page.goto('/tableau.html?site=metz-borny');
  await page.waitForSelector('#jours section');
  const board = (await api('/api/sites/metz-borny/board')).json;
  assert.match(board.days[0].label, /^Aujourd’hui, /);
  assert.match(board.days[1].label, /^Demain, /);
  await assertShows(page, board);
  const updated = await page.textContent('#maj');
  assert.match(updated, /^Dernière mise à jour : \d{1,2} h \d{2}\.$/, 'hours written « 9 h 30 », as everywhere');
  await screenshot(page, 'board-1-metz-borny');

  // A minute later it asks again, on its own, without blanking the screen.
  assert.equal(boards, 1);
  await page.clock.runFor(60_000);
  await page.waitForFunction((before) => document.getElementById('maj').textContent !== before, updated);
  assert.equal(boards, 2);
  assert.equal(await page.locator('#jours section').count(), 2);

  // An outage keeps the last board on screen and says so in the one live region.
  await page.route('**/api/sites/metz-borny/board', (route) => route.abort());
  await page.clock.runFor(60_000);
  await page.waitForSelector('text=Les permanences ne sont pas disponibles pour le moment. Nouvel essai dans une minute.');
  assert.deepEqual(await page.locator('#jours h2').allTextContents(), board.days.map((d) => d.label));
  assert.equal(await page.getAttribute('#etat', 'role'), 'status');
  await screenshot(page, 'board-2-outage');
  await page.unroute('**/api/sites/metz-borny/board');
  await page.clock.runFor(60_000);
  await page.waitForFunction(() => document.getElementById('etat').textContent === '');
  assert.equal(boards, 4);
  assert.deepEqual(page.errors, []);
});

test('a board with permanences lists each one and redraws when a place is booked', async (t) => {
  // The demo's permanences are held Monday to Thursday (and some Fridays): the first site with a bookable place today
  // or tomorrow. On a Friday or a Saturday there may be none: the test says so rather than pretend.
  let board = null;
  for (const site of (await api('/api/sites')).json.sites) {
    const candidate = (await api(`/api/sites/${site.id}/board`)).json;
    if (candidate.days.some((d) => d.permanences.some((p) => !p.over && p.bookable > 0))) {
      board = candidate;
      break;
    }
  }
  if (!board) {
    t.skip('no seeded permanence has a bookable place today or tomorrow');
    return;
  }
  const page = await newPage(chromium.browser, { width: 1920, height: 1080 });
  await page.clock.install();
  await page.goto(`/tableau.html?site=${board.site.id}`);
  await page.waitForSelector('#jours section');
  await assertShows(page, board);
  await screenshot(page, 'board-3-with-permanences');

  // A citizen books the day's last free slot of the first bookable permanence: a minute later, one place less.
  const dayIndex = board.days.findIndex((d) => d.permanences.some((p) => !p.over && p.bookable > 0));
  const day = board.days[dayIndex];
  const permanence = day.permanences.find((p) => !p.over && p.bookable > 0);
  const partner = (await api(`/api/sites/${board.site.id}`)).json.permanences.find((p) => p.id === permanence.permanenceId).partnerId;
  const free = (await api(`/api/slots?${new URLSearchParams({ partner, site: board.site.id,
    from: day.date, to: day.date, pageSize: '100' })}`)).json.slots.filter((slot) => slot.permanenceId === permanence.permanenceId);
  const slot = free[free.length - 1];
  const booked = await api('/api/appointments', { method: 'POST', headers: { 'Idempotency-Key': crypto.randomUUID() },
    body: { slotId: slot.id, themeId: slot.themeIds[0], name: 'Rémi Tableau', phone: '06 22 33 44 55' } });
  assert.equal(booked.status, 201, booked.text);
  await page.clock.runFor(60_000);
  const row = page.locator('#jours section').nth(dayIndex).locator('tbody tr').nth(day.permanences.indexOf(permanence));
  const left = permanence.bookable - 1;
  await page.waitForFunction(([selector, n, expected]) => {
    const rowNode = document.querySelectorAll(selector)[n];
    return rowNode && rowNode.textContent.includes(expected);
  }, [`#jours section:nth-of-type(${dayIndex + 1}) tbody tr`, day.permanences.indexOf(permanence),
    left > 0 ? `${left} place${left > 1 ? 's' : ''} sur rendez-vous` : 'Complet sur rendez-vous']);
  assert.doesNotMatch(await row.textContent(), /Rémi|\+33/, 'the board never names the citizen');
  assert.deepEqual(page.errors, []);
});
