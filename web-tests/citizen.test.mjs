// Citizens: book, get the link and the .ics, move and cancel from the link; the same booking with the keyboard alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, screenshot, assertAccessible, api, tabTo, arrowSelect } from './browser.mjs';

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
  await screenshot(page, 'citizen-2-confirmation');
  await assertAccessible(page, 'confirmation');

  const manage = await page.getAttribute('#manage-link', 'href');
  assert.match(manage, /\/rendez-vous\/[0-9a-f-]+\?token=[A-Za-z0-9_-]{43}$/);
  const ics = await api(await page.getAttribute('#ics-link', 'href'));
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type'), /^text\/calendar/);
  assert.match(ics.text, /BEGIN:VCALENDAR[\s\S]*SUMMARY:Rendez-vous CARSAT/);

  await page.goto(manage);
  await page.waitForSelector('#appointment-status');
  assert.equal(await page.textContent('#appointment-status'), 'Confirmé');
  await screenshot(page, 'citizen-3-management');
  const before = await page.textContent('#appointment dl');
  await page.click('#move');
  await page.waitForSelector('#new-slots button.slot');
  await assertAccessible(page, 'reschedule: the free slots');
  await page.locator('#new-slots button.slot').last().click();
  await page.waitForSelector('#outcome-message');
  assert.match(await page.textContent('#outcome-message'), /Votre rendez-vous est déplacé au/);
  assert.notEqual(await page.textContent('#appointment dl'), before);

  await page.click('#cancel');
  await page.click('#cancel-yes');
  await page.waitForSelector('text=Votre rendez-vous est annulé');
  assert.equal(await page.textContent('#appointment-status'), 'Annulé');
  assert.equal(await page.isHidden('#manage-actions'), true);
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
