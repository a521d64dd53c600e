// Headless Chromium (Debian's, never a downloaded build) driven by playwright-core, and the helpers the tests share.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

export const BASE_URL = required('BASE_URL');
export const AGENT_TOKEN = required('AGENT_TOKEN');
export const SCREENSHOTS = process.env.SCREENSHOT_DIR || join(process.cwd(), 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

function required(name) {
  if (!process.env[name]) throw new Error(`${name} is not set: run these tests through the JUnit WebPagesEnd2EndTest (mvn test)`);
  return process.env[name];
}

/** One browser for a test file, with a fresh profile; fails clearly when Chromium is not installed. */
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium), as .ci/run does`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  // playwright-core gives each launch a fresh --user-data-dir of its own (a temporary profile it deletes).
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** A page at mobile size (the pages are mobile first) that records console errors and failed page requests. */
export async function newPage(browser, { width = 390, height = 844, agent = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'fr-FR', timezoneId: 'Europe/Paris', baseURL: BASE_URL });
  if (agent) {
    await context.addInitScript((token) => sessionStorage.setItem('accueil.agentToken', token), AGENT_TOKEN);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.errors = [];
  // The API requests the page has sent and not yet seen answered, for page.apiAnswered().
  const pending = new Set();
  page.on('request', (request) => { if (new URL(request.url()).pathname.startsWith('/api/')) pending.add(request); });
  for (const settled of ['requestfinished', 'requestfailed']) page.on(settled, (request) => pending.delete(request));
  /** Resolves once the server has answered every API request the page sent so far (a list asked for several times). */
  page.apiAnswered = async () => {
    for (let i = 0; pending.size && i < 150; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    if (pending.size) throw new Error(`API requests still unanswered after 15 s: ${[...pending].map((r) => r.url()).join(', ')}`);
  };
  page.on('pageerror', (error) => page.errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) page.errors.push(`console: ${message.text()}`);
  });
  return page;
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** axe-core over the page (WCAG 2.0/2.1 A and AA, and best practices). Evaluated through the debugger, so the page's CSP stays on. */
export async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    resultTypes: ['violations'],
  }));
}

/**
 * No serious or critical axe violation in the page as it is now: first paint, or a state a test reached (a form
 * showing its errors, a confirmation, a panel opened). Every violation is printed, the blocking ones fail.
 */
export async function assertAccessible(page, state) {
  const results = await axe(page);
  for (const v of results.violations) {
    console.log(`  axe [${state}] ${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(blocking.map((v) => `${v.impact} ${v.id}: ${v.help}`), [], `axe: ${state}`);
}

/** The API, as the pages call it. */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const response = await fetch(new URL(path, BASE_URL), {
    method, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text && /json/.test(response.headers.get('content-type') || '') ? JSON.parse(text) : null };
}

/** Books the first free slot of a permanence through the API; the appointment and its link. */
export async function bookThroughApi(partner, site) {
  const today = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 60 * 86400000).toISOString().slice(0, 10);
  const slots = await api(`/api/slots?partner=${partner}&site=${site}&from=${today}&to=${to}&pageSize=5`);
  if (!slots.json || !slots.json.slots.length) throw new Error(`no free slot for ${partner} at ${site}: ${slots.text}`);
  const booked = await api('/api/appointments', {
    method: 'POST', headers: { 'Idempotency-Key': crypto.randomUUID() },
    body: { slotId: slots.json.slots[0].id, themeId: slots.json.slots[0].themeIds[0], name: 'Claire Test', phone: '06 11 22 33 44' },
  });
  if (booked.status !== 201) throw new Error(`booking refused: ${booked.status} ${booked.text}`);
  return booked.json;
}

/** Presses Tab until the focused element matches the selector: proof it is reachable in the focus order. */
export async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return;
  }
  throw new Error(`${selector} was not reached with Tab in ${max} presses`);
}

/** Changes a focused <select> with the arrow keys only. */
export async function arrowSelect(page, selector, value) {
  for (let i = 0; i < 40; i++) {
    if (await page.$eval(selector, (s) => s.value) === value) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`${selector} never reached ${value} with the arrow keys`);
}
