// Citizens: book, get the link and the .ics, move and cancel from the link; the same booking with the keyboard alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, screenshot, assertAccessible, api, tabTo, arrowSelect, bookThroughApi } from './browser.mjs';

let chromium;
before(async () => { chromium = await launch(); });
after(async () => { await chromium?.close(); });

test('a citizen books a slot, moves it and cancels it from the management link', async () => {
  const page = await newPage(chromium.browser);
  await page.goto('/');
  await page.selectOption('#reason', 'partner:carsat');
  await page.selectOption('#site', 'metz-borny');
  await page.click('text=Voir les créneaux libres');
  await page.waitForSelector('button.slot');
  await screenshot(page, 'citizen-1-slots');
  await page.locator('button.slot').last().click(); // far enough ahead to be moved and cancelled online
  await page.fill('#name', 'Jeanne Martin');
  await page.fill('#phone', '06 12 34 56 78');
  await page.fill('#email', 'jeanne.martin@example.fr');
  await page.click('text=Confirmer le rendez-vous');
  await page.waitForSelector('text=Votre rendez-vous est confirmé');
  assert.equal(await page.title(), 'Rendez-vous confirmé — Accueil services publics');
  // The retraite theme's documents, from the territory file through GET /api/themes.
  const retraite = (await api('/api/themes')).json.themes.find((t) => t.id === 'retraite');
  assert.ok(retraite.documents.length > 0);
  assert.deepEqual(await page.locator('#documents li').allTextContents(), retraite.documents);
  await screenshot(page, 'citizen-2-confirmation');
  await assertAccessible(page, 'confirmation');

  const manage = await page.getAttribute('#manage-link', 'href');
  assert.match(manage, /\/rendez-vous\/[0-9a-f-]+\?token=[A-Za-z0-9_-]{43}$/);
  const ics = await api(await page.getAttribute('#ics-link', 'href'));
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type'), /^text\/calendar/);
  assert.match(ics.text, /BEGIN:VCALENDAR[\s\S]*SUMMARY:Rendez-vous CARSAT/);
  assert.doesNotMatch(ics.text, /\d{2}h\d{2}/, 'hours written « 9 h 30 », as on the pages');
  const google = new URL(await page.getAttribute('#google-link', 'href'));
  assert.equal(google.origin + google.pathname, 'https://calendar.google.com/calendar/render');
  assert.match(google.searchParams.get('dates'), /^\d{8}T\d{6}Z\/\d{8}T\d{6}Z$/);
  assert.match(google.searchParams.get('text'), /^Rendez-vous CARSAT/);
  const outlook = new URL(await page.getAttribute('#outlook-link', 'href'));
  assert.equal(outlook.hostname, 'outlook.live.com');
  assert.ok(Date.parse(outlook.searchParams.get('startdt')) < Date.parse(outlook.searchParams.get('enddt')));
  const ref = await page.locator('#confirmation dt', { hasText: 'Référence' }).locator('xpath=following-sibling::dd[1]').textContent();
  assert.match(ref, /^[0-9A-F]{8}$/, 'a reference to quote');
  assert.equal(google.searchParams.get('details').includes(ref), true);
  // Printed: the confirmation without navigation nor buttons.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('header nav'), false);
  assert.equal(await page.isVisible('#print'), false);
  assert.equal(await page.isVisible('#confirmation dl'), true);
  await page.emulateMedia({ media: 'screen' });

  await page.goto(manage);
  await page.waitForSelector('#appointment-status');
  assert.equal(await page.textContent('#appointment-status'), 'Confirmé');
  await screenshot(page, 'citizen-3-management');
  const before = await page.textContent('#appointment dl');
  await page.click('#move');
  await page.waitForSelector('#new-slots button.slot');
  await assertAccessible(page, 'reschedule: the free slots');
  await page.locator('#new-slots button.slot').last().click();
  // One tap does not move: the new time is confirmed first.
  await page.waitForSelector('#move-confirm');
  assert.match(await page.textContent('#move-confirm-title'), /^Déplacer votre rendez-vous au .+ à \d{1,2} h \d{2} \?$/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'move-confirm-title');
  await assertAccessible(page, 'reschedule: confirm the new slot');
  await page.click('#move-yes');
  await page.waitForSelector('#outcome-message');
  assert.match(await page.textContent('#outcome-message'), /Votre rendez-vous est déplacé au/);
  assert.notEqual(await page.textContent('#appointment dl'), before);

  await page.click('#cancel');
  await page.click('#cancel-yes');
  await page.waitForSelector('text=Votre rendez-vous est annulé');
  assert.equal(await page.textContent('#appointment-status'), 'Annulé');
  assert.equal(await page.isHidden('#manage-actions'), true);
  assert.equal(await page.getAttribute('#book-again', 'href'), '/', 'a new booking is proposed');
  assert.equal(await page.title(), 'Rendez-vous annulé — Accueil services publics');
  await screenshot(page, 'citizen-4-cancelled');

  const url = new URL(manage);
  const stored = await api(`/api/appointments/${url.pathname.split('/')[2]}${url.search}`);
  assert.equal(stored.json.appointment.status, 'CANCELLED');
  assert.deepEqual(page.errors, []);
});

test('a wrong management link says so, without details', async () => {
  const page = await newPage(chromium.browser);
  await page.goto('/rendez-vous/00000000-0000-0000-0000-000000000000?token=faux');
  await page.waitForSelector('text=Ce lien n’est pas valide');
  assert.equal(await page.isHidden('#manage-actions'), true);
});

test('booking with the keyboard alone, errors tied to their fields', async () => {
  const page = await newPage(chromium.browser, { width: 1280, height: 900 });
  await page.goto('/');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Aller au contenu');

  await tabTo(page, '#reason');
  await arrowSelect(page, '#reason', 'partner:caf');
  await tabTo(page, '#site');
  await arrowSelect(page, '#site', 'metz-borny');
  await tabTo(page, '#search-form button[type="submit"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('button.slot');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'results-title', 'the focus follows to the results');
  assert.match(await page.textContent('.next-slot'), /^Prochain créneau libre : \S+ \d{1,2} \S+ \d{4} à \d{1,2} h \d{2}, France Services Metz-Borny · CAF\.$/);

  // « Aller au jour »: the second day chosen with the arrow keys, its heading takes the focus, Tab reaches its first time.
  await tabTo(page, '.day-jump select');
  await page.keyboard.press('ArrowDown');
  const day = await page.$eval('.day-jump select', (s) => s.value);
  await tabTo(page, '.day-jump button');
  await page.keyboard.press('Enter');
  assert.match(await page.evaluate(() => document.activeElement.id), new RegExp(`^jour-\\d+-${day}$`));
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate((d) => document.activeElement.closest('li:has(h3)').querySelector('h3').id.endsWith(d), day), true);

  await tabTo(page, 'button.slot');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#booking:not([hidden])');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'booking-title');

  // Sent empty: a summary takes the focus, each error is tied to its field.
  await tabTo(page, '#book-form button[type="submit"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.error-summary');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('error-summary')), true);
  assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#name', 'aria-describedby'), /name-error/);
  assert.match(await page.textContent('#name-error'), /nom/);
  assert.equal(await page.title(), 'Erreur : Prendre rendez-vous — Accueil services publics', 'the title tells the error');
  await screenshot(page, 'keyboard-1-errors');
  await assertAccessible(page, 'booking form with its errors');

  await tabTo(page, '#name');
  await page.keyboard.type('Paul Durand');
  await tabTo(page, '#phone');
  await page.keyboard.type('06 98 76 54 32');
  // The API's own check: an address it refuses comes back on the field.
  await tabTo(page, '#email');
  await page.keyboard.type('pas-une-adresse');
  await tabTo(page, '#book-form button[type="submit"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#email-error');
  assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
  await tabTo(page, '#email');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await tabTo(page, '#book-form button[type="submit"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('text=Votre rendez-vous est confirmé');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Votre rendez-vous est confirmé');
  await screenshot(page, 'keyboard-2-confirmed');
  assert.deepEqual(page.errors, []);
});

test('booking the bus by commune: the slot, the confirmation and the link give the stop, not the home address', async () => {
  const page = await newPage(chromium.browser);
  await page.goto('/');
  await page.selectOption('#reason', 'partner:france-services');
  await page.fill('#where', 'volmunster');
  await page.click('text=Voir les créneaux libres');
  await page.waitForSelector('button.slot');
  const slots = page.locator('button.slot');
  assert.ok(await slots.count() > 0);
  for (const label of await slots.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')))) {
    assert.match(label, /France Services itinérante du Pays de Bitche · France Services, à Volmunster, Parking de la salle des fêtes$/);
  }
  await screenshot(page, 'bus-1-slots');
  await slots.last().click();
  assert.equal(await page.textContent('#chosen-address'), 'Parking de la salle des fêtes, 57720 Volmunster');
  await page.fill('#name', 'Odile Schmitt');
  await page.fill('#phone', '06 45 67 89 01');
  await page.click('text=Confirmer le rendez-vous');
  await page.waitForSelector('text=Votre rendez-vous est confirmé');
  const place = 'France Services itinérante du Pays de Bitche, Parking de la salle des fêtes, 57720 Volmunster';
  assert.match(await page.textContent('#confirmation dl'), new RegExp(`Lieu${place}`));
  assert.doesNotMatch(await page.textContent('#confirmation'), /Général Stuhl/, 'not the home address of the bus');
  await screenshot(page, 'bus-2-confirmation');

  await page.goto(await page.getAttribute('#manage-link', 'href'));
  await page.waitForSelector('#appointment-status');
  assert.match(await page.textContent('#appointment dl'), new RegExp(`Lieu${place}`));
  assert.deepEqual(page.errors, []);
});

test('a commune the directory does not know is an error on the field', async () => {
  const page = await newPage(chromium.browser);
  await page.goto('/');
  await page.selectOption('#reason', 'partner:caf');
  await page.fill('#where', 'Nulle-Part-sur-Moselle');
  await page.click('text=Voir les créneaux libres');
  await page.waitForSelector('#where-error');
  assert.match(await page.textContent('#where-error'), /indiquez votre code postal/);
  assert.equal(await page.getAttribute('#where', 'aria-invalid'), 'true');
  assert.deepEqual(page.errors, []);
});

test('the single number: in the header and footer of every citizen page, the accessibility statement, and when the service is down', async () => {
  const page = await newPage(chromium.browser);
  for (const path of ['/', '/site', '/accessibilite', '/page-qui-n-existe-pas']) {
    await page.goto(path);
    for (const where of ['header', 'footer']) {
      const link = page.locator(`${where} .single-number a[href="tel:+33970000000"]`);
      assert.equal(await link.textContent(), '09 70 00 00 00', `${path}: the number in the ${where}`);
    }
  }
  await page.goto('/accessibilite');
  assert.equal(await page.locator('main a[href="tel:+33970000000"]').textContent(), '09 70 00 00 00');
  const icon = await api(await page.getAttribute('link[rel="icon"]', 'href'));
  assert.equal(icon.status, 200, 'a favicon');
  assert.equal(icon.headers.get('content-type'), 'image/svg+xml');

  // The API unreachable (the network cut at /api/): the message blames no one and gives the number.
  const down = await newPage(chromium.browser);
  await down.route('**/api/**', (route) => route.abort('connectionrefused'));
  await down.goto('/');
  const problem = down.locator('#load-problem [role="alert"]');
  await problem.waitFor();
  const text = await problem.textContent();
  assert.match(text, /Service momentanément indisponible/);
  assert.match(text, /Réessayez dans quelques minutes ou appelez le 09 70 00 00 00\./);
  assert.doesNotMatch(text, /Vérifiez votre connexion/);
  await assertAccessible(down, 'the service unreachable');
});

test('a refused change is worded as the rule, with the number to call, not as « Saisie invalide »', async () => {
  const page = await newPage(chromium.browser);
  await page.goto('/?partner=carsat&site=metz-borny');
  await page.waitForSelector('button.slot');
  assert.match(await page.textContent('#results-period'),
    /Un rendez-vous peut être annulé ou déplacé en ligne jusqu’à 48 heures avant son début ; ensuite, par téléphone\./,
    'the deadline is stated before booking');
  const booked = await bookThroughApi('carsat', 'metz-borny');
  await page.goto(booked.managementLink);
  await page.waitForSelector('#appointment-status');
  await page.click('#move');
  await page.waitForSelector('#new-slots button.slot');
  // Cancelled meanwhile (another tab, the phone): this page still offers the move, which the API refuses.
  const link = new URL(booked.managementLink, 'http://x');
  assert.equal((await api(`/api/appointments/${booked.appointment.id}/cancel${link.search}`, { method: 'POST' })).status, 200);
  await page.locator('#new-slots button.slot').last().click();
  await page.click('#move-yes');
  const problem = page.locator('#new-slots [role="alert"]');
  await problem.waitFor();
  const text = await problem.textContent();
  assert.match(text, /^Demande impossible — Ce rendez-vous n’est plus actif\. Un agent peut encore libérer la place ou changer le créneau : appelez le 09 70 00 00 00\.$/);
  assert.doesNotMatch(text, /Saisie invalide/);
  assert.match(await page.title(), /^Demande impossible/, 'the page title tells the refusal');
  await assertAccessible(page, 'a refused move');
  assert.deepEqual(page.errors, []);
});

test('the privacy notice and the legal notice, linked from every footer; the form states the actual retention', async () => {
  const page = await newPage(chromium.browser);
  await page.goto('/');
  // RetentionDays, from /config.json (written once the file is read).
  await page.locator('#retention-hint', { hasText: 'effacées 365 jours après sa dernière mise à jour' }).waitFor({ state: 'attached' });
  await page.click('footer >> text=Données personnelles');
  await page.waitForURL('**/confidentialite');
  assert.equal(await page.locator('h1').textContent(), 'Données personnelles');
  await page.locator('#retention', { hasText: 'effacées automatiquement 365 jours après leur dernière mise à jour' }).waitFor();
  for (const heading of ['Responsable du traitement', 'Finalités et base légale', 'Durée de conservation', 'Vos droits', 'Contact']) {
    assert.equal(await page.locator('h2', { hasText: heading }).count(), 1, heading);
  }
  assert.equal(await page.locator('main a[href="tel:+33970000000"]').count(), 1);
  assert.equal(await page.getAttribute('footer a[href="/confidentialite"]', 'aria-current'), 'page');
  await page.click('footer >> text=Mentions légales');
  await page.waitForURL('**/mentions-legales');
  assert.equal(await page.locator('h1').textContent(), 'Mentions légales');
  assert.deepEqual(page.errors, []);
});

test('« Tous les lieux »: a time outside mainland France says whose it is', async () => {
  const page = await newPage(chromium.browser);
  await page.goto('/?partner=caf');
  await page.waitForSelector('button.slot');
  const reunion = page.locator('button.slot[aria-label*="Saint-Denis"]').first();
  const metz = page.locator('button.slot[aria-label*="Metz-Borny"]').first();
  assert.match(await page.locator('.slot-group', { hasText: 'Saint-Denis' }).first().textContent(), /\(heure de La Réunion\)$/);
  assert.match(await reunion.getAttribute('aria-label'), / à \d{1,2} h \d{2} \(heure de La Réunion\), /);
  assert.doesNotMatch(await metz.getAttribute('aria-label'), /heure de/);
  assert.doesNotMatch(await page.locator('.slot-group', { hasText: 'Metz-Borny' }).first().textContent(), /heure de/);
  assert.match(await page.textContent('#mixed-zones'), /y compris outre-mer \(heure de La Réunion\)\. Indiquez votre code postal/);
  await reunion.click();
  assert.match(await page.textContent('#chosen'), /à \d{1,2} h \d{2} \(heure de La Réunion\)/);

  // A postcode narrows the search to the sites serving it: no overseas slot, no notice.
  await page.fill('#where', '57070');
  await page.click('text=Voir les créneaux libres');
  await page.waitForSelector('button.slot[aria-label*="Metz-Borny"]');
  assert.equal(await page.locator('#mixed-zones').count(), 0);
  assert.equal(await page.locator('button.slot[aria-label*="Saint-Denis"]').count(), 0);
});

test('the bus page: stops grouped by commune, no horizontal scroll at 320 px', async () => {
  const page = await newPage(chromium.browser, { width: 320, height: 640 });
  await page.goto('/site?id=bus-pays-de-bitche');
  await page.waitForSelector('#stops');
  const site = (await api('/api/sites')).json.sites.find((s) => s.id === 'bus-pays-de-bitche');
  const upcoming = site.stops.filter((s) => s.date >= new Date().toISOString().slice(0, 10));
  const communes = new Set(upcoming.map((s) => s.address.city));
  assert.deepEqual(await page.locator('#stops h3').allTextContents(), [...communes], 'one group per commune, in the order of its first stop');
  assert.ok(await page.locator('#stops h3').count() < upcoming.length, 'fewer groups than stops');
  assert.equal(await page.locator('#stops li li').count(), upcoming.length, 'every stop listed once');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 320, 'reflows at 320 px');
});
