// Citizens: a search that finds no free slot offers the waitlist; joining it, errors and all, leaves axe clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, screenshot, assertAccessible, api } from './browser.mjs';

let chromium;
before(async () => { chromium = await launch(); });
after(async () => { await chromium?.close(); });

/** A theme and a site with no free slot over the weeks the page shows: a search the citizen finds full. */
async function aFullSearch() {
  const today = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
  const themes = (await api('/api/themes')).json.themes.filter((t) => !t.internal);
  const sites = (await api('/api/sites')).json.sites;
  for (const site of sites) {
    for (const theme of themes) {
      const found = await api(`/api/slots?theme=${theme.id}&site=${site.id}&from=${today}&to=${to}&pageSize=1`);
      if (found.status === 200 && found.json.slots.length === 0) return { theme: theme.id, site: site.id };
    }
  }
  throw new Error('every theme has a free slot at every site');
}

test('a citizen joins the waitlist from a search with no free slot', async () => {
  const { theme, site } = await aFullSearch();
  const page = await newPage(chromium.browser);
  await page.goto('/');
  await page.selectOption('#reason', `theme:${theme}`);
  await page.selectOption('#site', site);
  await page.click('text=Voir les créneaux libres');
  await page.waitForSelector('#waitlist-form');
  assert.equal(await page.inputValue('#wl-themeId'), theme, 'the theme searched');
  await assertAccessible(page, 'waitlist: the form beside a full search');

  await page.fill('#wl-name', 'Léa Attente');
  await page.click('text=M’inscrire sur la liste d’attente');
  await page.waitForSelector('#waitlist-form .error-summary');
  const summary = await page.textContent('#waitlist-form .error-summary');
  assert.match(summary, /Indiquez un numéro de téléphone ou une adresse e-mail/);
  assert.match(summary, /Acceptez d’être contacté|Acceptez d’être contacté/);
  assert.equal(await page.getAttribute('#wl-consent', 'aria-invalid'), 'true');
  await assertAccessible(page, 'waitlist: the errors');

  const phone = `06 ${String(Math.floor(Math.random() * 1e8)).padStart(8, '0').replace(/(\d{2})(?=\d)/g, '$1 ')}`;
  await page.fill('#wl-phone', phone);
  await page.check('#wl-consent');
  await page.click('text=M’inscrire sur la liste d’attente');
  await page.waitForSelector('#waitlist-joined');
  assert.match(await page.textContent('#waitlist-joined'), /Vous êtes sur la liste d’attente|Vous êtes sur la liste d’attente/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'waitlist-joined', 'the outcome takes the focus');
  await screenshot(page, 'waitlist-joined');
  await assertAccessible(page, 'waitlist: joined');

  // The link given when joining shows the entry and leaves the list.
  const own = await page.getAttribute('#waitlist-own-link', 'href');
  assert.match(own, /\/liste-attente\.html\?id=[^&]+&token=[\w-]+$/);
  await page.goto(own);
  await page.waitForSelector('#entry-waiting');
  assert.equal(await page.textContent('h1'), 'Votre inscription sur la liste d’attente');
  assert.match(await page.title(), /^Votre inscription sur la liste d’attente/);
  await assertAccessible(page, 'waitlist: the entry behind its own link');
  await page.click('text=Quitter la liste d’attente');
  await page.waitForSelector('#list-left');
  assert.match(await page.textContent('#list-left'), /Vous avez quitté la liste d’attente/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'list-left', 'the outcome takes the focus');
  assert.match(await page.title(), /^Liste d’attente quittée/);
  await screenshot(page, 'waitlist-left');
  await assertAccessible(page, 'waitlist: left');
  const url = new URL(own, page.url());
  const gone = await api(`/api/waitlist/${url.searchParams.get('id')}?token=${url.searchParams.get('token')}`);
  assert.equal(gone.status, 404, 'the entry is erased');
  assert.deepEqual(page.errors, []);
});
