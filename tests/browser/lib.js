'use strict';
/*
 * Shared by the browser tests (the server comes from tests/lib/server.js):
 * headless Debian Chromium driven by playwright-core,
 * axe-core run in every page, screenshots kept as test artefacts in
 * $BUILD/test-artifacts/screens/.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { BLASON, Site, repoRoot } = require('../lib/server');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(repoRoot, process.env.BUILD || 'build', 'test-artifacts', 'screens');

// Why the browser tests cannot run here, or null.
function skipReason() {
  if (!fs.existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (scripts/deps.sh installs Debian's chromium)`;
  try { require.resolve('playwright-core'); require.resolve('axe-core'); } catch { return 'npm ci has not installed playwright-core and axe-core'; }
  return null;
}

async function browser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/*
 * A browser context whose pages fail the test on any dialog (an XSS that
 * ran) and on console errors about the Content-Security-Policy.  bypassCSP
 * lets axe-core be injected; escaping is then the only defence, which is
 * what the XSS checks want to see hold.
 */
async function context(b, t) {
  const ctx = await b.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
  ctx.on('page', (p) => {
    p.on('dialog', async (d) => { t.dialogs = (t.dialogs || 0) + 1; await d.dismiss(); });
  });
  return ctx;
}

const axeSource = () => fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/* Run axe-core (WCAG 2.1 A/AA rules) in page; print every violation; return the serious ones. */
async function audit(page, name, t) {
  await page.addScriptTag({ content: axeSource() });
  const res = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  t.diagnostic(`axe ${name}: ${res.passes.length} rules pass, ${res.violations.length} violations` +
    (res.violations.length ? ` (${res.violations.map((v) => `${v.id}:${v.impact}`).join(', ')})` : ''));
  for (const v of bad) t.diagnostic(`  ${v.id} ${v.impact}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  return bad;
}

/*
 * A phone page checked: axe finds no serious or critical violation (a
 * screenshot is saved as `shotName`), and nothing scrolls sideways at the
 * 360 px viewport.
 */
async function phonePage(page, shotName, t) {
  const bad = await audit(page, shotName, t);
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help}`), [], `${shotName}: serious or critical axe violations`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `${shotName}: ${wide}px wide, scrolls sideways at 360px`);
}

module.exports = { BLASON, Site, browser, context, audit, phonePage, skipReason, repoRoot, SHOTS };
