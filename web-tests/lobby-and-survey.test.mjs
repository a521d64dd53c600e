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

test('the lobby board shows today\'s and tomorrow\'s permanences and refreshes itself every minute', async () => {
  const page = await newPage(chromium.browser, { width: 1920, height: 1080 });
  let boards = 0;
  page.on('request', (request) => { if (request.url().endsWith('/api/sites/metz-borny/board')) boards++; });
  await page.clock.install();
  await page.goto('/tableau.html?site=metz-borny');
  await page.waitForSelector('#jours section');

  // What the API says, day by day: the labels, and each permanence's hours, partner and places.
  const board = (await api('/api/sites/metz-borny/board')).json;
  assert.equal(await page.textContent('#lieu'), 'France Services Metz-Borny');
  assert.deepEqual(await page.locator('#jours h2').allTextContents(), board.days.map((d) => d.label));
  assert.match(board.days[0].label, /^Aujourd'hui, /);
  assert.match(board.days[1].label, /^Demain, /);
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
      assert.ok(text.startsWith(p.hours) && text.includes(p.partner), `${text} shows ${p.hours} ${p.partner}`);
      assert.match(text, p.over ? /Terminée/ : p.bookable > 0 ? new RegExp(`${p.bookable} places? sur rendez-vous`) : /Complet/);
    }
  }
  assert.doesNotMatch(await page.textContent('body'), /\+33|@/, 'no personal data');
  const updated = await page.textContent('#maj');
  assert.match(updated, /^Dernière mise à jour : \d{2}:\d{2}\.$/);
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
  assert.deepEqual(page.errors.filter((e) => !/net::ERR_FAILED|Failed to fetch/.test(e)), []);
});
