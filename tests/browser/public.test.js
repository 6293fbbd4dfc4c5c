'use strict';
/*
 * Headless Chromium on the pages that exist for everyone and for signed-in
 * staff: home, verifier, sign-in, the organisation's space, the public
 * issuer, badge class and award pages.  Each page: axe-core with no serious
 * or critical violation, a screenshot, no dialog from the hostile names the
 * data holds.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { Site, browser, context, audit, skipReason, repoRoot } = require('./lib');

const skip = skipReason() || false;
const HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>';
let site, b, award, badge;

test.before(async () => {
  if (skip) return;
  site = await new Site().start({ config: 'cache_ttl = 0\n' });
  site.cli(['org', 'add', '--slug', 'mlp', '--name', 'Mission Locale de Paris', '--url', 'https://www.missionlocale.paris',
    '--email', 'contact@example.org', '--description', `Accompagner les jeunes ${HOSTILE}`]);
  site.cli(['user', 'add', '--email', 'nadia@example.org', '--name', 'Nadia', '--org', 'mlp', '--role', 'admin',
    '--password-file', '-'], 'un mot de passe assez long\n');
  badge = site.cli(['badge', 'add', '--org', 'mlp', '--name', `Participation ${HOSTILE}`, '--description',
    'A participé au salon Paris pour l’Emploi des Jeunes.', '--criteria', `Venir au salon ${HOSTILE}`,
    '--image', path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg'),
    '--alignments', JSON.stringify([{ targetName: `Se présenter ${HOSTILE}`, targetUrl: 'https://example.org/c/1' }])]);
  award = site.cli(['award', '--badge', badge.split('/').pop(), '--email', 'camille@example.org',
    '--name', `Camille ${HOSTILE}`, '--evidence-url', 'https://example.org/preuve']);
  await site.serve();
  b = await browser();
});

test.after(async () => {
  if (b) await b.close();
  if (site) await site.stop();
});

test('public pages: accessible, escaped, screenshots', { skip }, async (t) => {
  const ctx = await context(b, t);
  const page = await ctx.newPage();
  const pages = [['home', '/'], ['verifier', '/verifier'], ['signin', '/connexion'],
    ['issuer', '/o/mlp'], ['badge', new URL(badge).pathname], ['award', new URL(award).pathname]];
  for (const [name, p] of pages) {
    const r = await page.goto(site.base + p, { waitUntil: 'load' });
    assert.equal(r.status(), 200, `${name} ${p}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    const bad = await audit(page, `public-${name}`, t);
    assert.deepEqual(bad.map((v) => v.id), [], `${name}: serious or critical axe violations`);
  }
  assert.equal(t.dialogs || 0, 0, 'no script from the data ran');
  // The hostile name is shown as text.
  await page.goto(site.base + new URL(award).pathname);
  assert.match(await page.textContent('main'), /Camille "><img src=x onerror=alert\(1\)>/);
  await ctx.close();
});

test('staff: sign in with the keyboard, land in the space', { skip }, async (t) => {
  const ctx = await context(b, t);
  const page = await ctx.newPage();
  await page.goto(`${site.base}/espace`);
  assert.match(page.url(), /\/connexion\?suite=/);
  await page.focus('#email');
  await page.keyboard.type('nadia@example.org');
  await page.keyboard.press('Tab');
  await page.keyboard.type('un mot de passe assez long');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/espace\/mlp$/);
  assert.match(await page.textContent('h1'), /Mission Locale de Paris/);
  const bad = await audit(page, 'space-home', t);
  assert.deepEqual(bad.map((v) => v.id), []);
  // Wrong password: the message is announced and the field marked.
  await page.click('button:has-text("Se déconnecter")');
  await page.waitForURL(/\/connexion/);
  await page.fill('#email', 'nadia@example.org');
  await page.fill('#password', 'faux mot de passe');
  await page.click('button[type=submit]');
  assert.match(await page.textContent('[role=alert]'), /incorrect/);
  assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
  const bad2 = await audit(page, 'signin-error', t);
  assert.deepEqual(bad2.map((v) => v.id), []);
  assert.equal(t.dialogs || 0, 0);
  await ctx.close();
});
