'use strict';
/*
 * Shared by the browser tests: a Blason server on a free port with a
 * temporary database, headless Debian Chromium driven by playwright-core,
 * axe-core run in every page, screenshots kept as test artefacts in
 * $BUILD/test-artifacts/screens/.
 */
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const BLASON = process.env.BLASON
  ? path.resolve(process.cwd(), process.env.BLASON)
  : path.join(repoRoot, 'build', 'blason');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(repoRoot, process.env.BUILD || 'build', 'test-artifacts', 'screens');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

// Why the browser tests cannot run here, or null.
function skipReason() {
  if (!fs.existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (scripts/deps.sh installs Debian's chromium)`;
  try { require.resolve('playwright-core'); require.resolve('axe-core'); } catch { return 'npm ci has not installed playwright-core and axe-core'; }
  return null;
}

class Site {
  async start(extraConfig = '') {
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-browser-'));
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    this.args = ['--db', process.env.BLASON_TEST_DB || `sqlite:${this.tmp}/blason.db`, '--data', this.tmp,
      '--base-url', this.base];
    fs.writeFileSync(path.join(this.tmp, 'blason.conf'), `cache_ttl = 0\n${extraConfig}`);
    return this;
  }

  cli(args, input) {
    const r = spawnSync(BLASON, [...args, ...this.args], { encoding: 'utf8', input });
    assert.equal(r.status, 0, `blason ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  }

  async serve() {
    this.server = spawn(BLASON, ['serve', '--listen', `127.0.0.1:${this.port}`, '--config',
      path.join(this.tmp, 'blason.conf'), ...this.args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    this.server.stderr.on('data', (d) => { log += d; });
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`${this.base}/healthz`)).ok) return; } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server did not start: ${log}`);
  }

  stop() {
    if (this.server) this.server.kill('SIGTERM');
    if (this.tmp) fs.rmSync(this.tmp, { recursive: true, force: true });
  }
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

module.exports = { BLASON, Site, browser, context, audit, skipReason, repoRoot, SHOTS };
