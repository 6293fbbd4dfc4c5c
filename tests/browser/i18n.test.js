'use strict';
/*
 * The language switch in headless Chromium (docs/internals/i18n.md): a
 * browser that asks for English (locale en-US) still gets French; the
 * footer's "English" link turns every page English (axe-core clean, a
 * screenshot each) and keeps the person on the page they were on, signed in
 * or not; "Français" brings French back.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { Site, browser, audit, skipReason, repoRoot } = require('./lib');

const skip = skipReason() || false;
let site, b, badgePath;

test.before(async () => {
  if (skip) return;
  site = await new Site().start();
  site.cli(['org', 'add', '--slug', 'mlp', '--name', 'Mission Locale de Paris', '--url', 'https://example.org',
    '--email', 'contact@example.org']);
  site.cli(['user', 'add', '--email', 'nadia@example.org', '--name', 'Nadia', '--org', 'mlp', '--role', 'admin',
    '--password-file', '-'], 'un mot de passe assez long\n');
  const badge = site.cli(['badge', 'add', '--org', 'mlp', '--name', 'Accueil du public', '--description', 'd',
    '--criteria', 'c', '--image', path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg')]);
  badgePath = new URL(badge).pathname;
  await site.serve();
  b = await browser();
});

test.after(async () => {
  if (b) await b.close();
  if (site) await site.stop();
});

test('French by default, English on request, and back', { skip }, async (t) => {
  const ctx = await b.newContext({ bypassCSP: true, viewport: { width: 360, height: 780 }, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto(`${site.base}/verifier`);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr', 'en-US browser, no choice made: French');
  assert.match(await page.textContent('h1'), /Vérifier un badge/);

  await page.click('footer a[hreflang="en"]');
  await page.waitForURL(`${site.base}/verifier`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('h1'), /Verify a badge/);
  assert.deepEqual((await audit(page, 'i18n-verifier-en', t)).map((v) => v.id), []);

  // Signing in keeps the choice; the space is English.
  await page.goto(`${site.base}/connexion`);
  assert.match(await page.textContent('h1'), /Sign in to the issuer space/);
  await page.fill('#email', 'nadia@example.org');
  await page.fill('#password', 'un mot de passe assez long');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/espace/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('nav[aria-label="Main navigation"]'), /Dashboard/);
  assert.deepEqual((await audit(page, 'i18n-space-en', t)).map((v) => v.id), []);
  await page.goto(`${site.base}/espace/mlp/badges/nouveau`);
  assert.match(await page.textContent('h1'), /Create a badge/);
  assert.deepEqual((await audit(page, 'i18n-badge-form-en', t)).map((v) => v.id), []);
  await page.goto(site.base + badgePath, { waitUntil: 'load' });
  assert.match(await page.textContent('main'), /What this badge recognises/);
  assert.deepEqual((await audit(page, 'i18n-badge-en', t)).map((v) => v.id), []);

  // Back to French, on the same page.
  await page.click('footer a[hreflang="fr"]');
  await page.waitForURL(site.base + badgePath);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.textContent('main'), /Ce que ce badge reconnaît/);
  await ctx.close();
});
