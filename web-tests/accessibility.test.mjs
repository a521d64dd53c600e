// Every page of web/ through axe-core (no serious or critical violation) and reflowed at 320 px, with a screenshot and its weight.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launch, newPage, screenshot, assertAccessible, bookThroughApi, SCREENSHOTS } from './browser.mjs';

const WEB = process.env.WEB_DIR || join(process.cwd(), '..', 'web');
const SETTINGS = JSON.parse(readFileSync(new URL('./pages.json', import.meta.url), 'utf8'));
const SITE = 'metz-borny';
// A real invitation sent by the survey function (set by WebPagesEnd2EndTest), opened unanswered.
const SURVEY_LINK = process.env.SURVEY_LINK;

function htmlPages(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlPages(path);
    return entry.name.endsWith('.html') ? [relative(WEB, path)] : [];
  }).sort();
}

/** How to open a page: its settings, or /<name> (the runner and CloudFront serve name.html there). */
function visits(page) {
  return SETTINGS[page] || [{ path: `/${page.replace(/(index)?\.html$/, '')}` }];
}

let chromium;
let managementLink;
const weights = [];
before(async () => {
  chromium = await launch();
  managementLink = (await bookThroughApi('caf', SITE)).managementLink;
});
after(async () => {
  await chromium?.close();
  if (weights.length) {
    writeFileSync(join(SCREENSHOTS, 'page-weights.txt'), `${weights.map((w) => `${w.path}\t${w.bytes}\t${w.files}`).join('\n')}\n`);
  }
});

for (const file of htmlPages(WEB)) {
  visits(file).forEach((visit, index) => {
    test(`${file} (${visit.path}${visit.agent ? ', signed in' : ''}) has no serious or critical axe violation`, async () => {
      const page = await newPage(chromium.browser, { agent: Boolean(visit.agent) });
      assert.ok(!visit.path.includes('{surveyLink}') || SURVEY_LINK, 'SURVEY_LINK is set by WebPagesEnd2EndTest');
      const path = visit.path.replace('{managementLink}', managementLink).replace('{siteId}', SITE).replace('{surveyLink}', SURVEY_LINK);
      await page.goto(path, { waitUntil: 'networkidle' });
      if (visit.waitFor) await page.waitForSelector(visit.waitFor, { state: 'attached' });
      const name = `page-${file.replace(/\.html$/, '').replace(/\W+/g, '-')}${index ? `-${index + 1}` : ''}`;
      await screenshot(page, name);
      // What the page costs to load: its HTML, CSS and JavaScript (API answers aside), uncompressed.
      const weight = await page.evaluate(() => {
        const own = performance.getEntriesByType('resource').filter((r) => /\.(css|js)$/.test(new URL(r.name).pathname));
        const nav = performance.getEntriesByType('navigation')[0];
        return { bytes: nav.decodedBodySize + own.reduce((sum, r) => sum + r.decodedBodySize, 0), files: own.length + 1 };
      });
      weights.push({ path: visit.path, ...weight });
      console.log(`  ${visit.path}: ${weight.bytes} bytes of HTML, CSS and JS in ${weight.files} files`);
      await assertAccessible(page, visit.path);
      // WCAG 1.4.10 reflow: at 320 CSS px nothing needs a horizontal scroll (pages.json's `reflow` names the known exceptions).
      await page.setViewportSize({ width: 320, height: 640 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      if (visit.reflow) console.log(`  ${visit.path}: ${overflow} px wide at 320 px, a known reflow exception: ${visit.reflow}`);
      else assert.ok(overflow <= 320, `${visit.path} is ${overflow} px wide at 320 px: it must reflow (WCAG 1.4.10)`);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  });
}

test('every page named in pages.json exists in web/', () => {
  const pages = htmlPages(WEB);
  assert.deepEqual(Object.keys(SETTINGS).filter((k) => !k.startsWith('_') && !pages.includes(k)), []);
});

test('every page script and stylesheet lives in web/assets/, none inline nor beside the pages', () => {
  const stray = readdirSync(WEB).filter((name) => /\.(js|mjs|css)$/.test(name));
  assert.deepEqual(stray, [], 'scripts and stylesheets belong in web/assets/');
  for (const page of htmlPages(WEB)) {
    const html = readFileSync(join(WEB, page), 'utf8');
    const sources = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => /\bsrc="([^"]+)"/.exec(m[1])?.[1] ?? 'inline');
    const sheets = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)].map((m) => /\bhref="([^"]+)"/.exec(m[0])[1]);
    assert.deepEqual([...sources, ...sheets].filter((src) => !src.startsWith('/assets/')), [], page);
    assert.ok(!/<style\b/.test(html), `${page}: no inline style sheet`);
  }
});
