'use strict';
/*
 * The backpack's optional password in headless Chromium at 360 px: signed
 * in by a phone code (read from the outbox through the test-only route),
 * the account page offers a password, the password page with an error
 * (values never kept for passwords, the field marked), then set; signed
 * out, the sign-in page links to the password form, a wrong password shows
 * the one message, the right one opens the backpack.  axe-core on every
 * page (no serious or critical violation), no sideways scrolling,
 * screenshots in $BUILD/test-artifacts/screens/backpack-pw-*.png.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Site, browser, context, phonePage, skipReason } = require('./lib');

const skip = skipReason() || false;
const PW = 'Sac-a-badges 2026';
let site, b, award;

test.before(async () => {
  if (skip) return;
  site = await new Site().start({ config: 'test_routes = true\n' });
  const img = path.join(site.tmp, 'b.svg');
  fs.writeFileSync(img, '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#0b4f9c"/></svg>');
  site.cli(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale de Paris', '--url', 'https://example.org', '--email', 'c@example.org']);
  const badge = site.cli(['badge', 'add', '--org', 'ml', '--name', 'Entretien d’embauche',
    '--description', 'Sait se présenter en entretien.', '--criteria', 'Un atelier', '--image', img]).split('/').pop();
  award = site.cli(['award', '--badge', badge, '--email', 'awa@example.org', '--name', 'Awa']).split('/').pop();
  const link = site.cli(['holder', 'create', '--first-name', 'Awa', '--phone', '06 10 20 30 40']).split('\n')[1];
  site.cli(['holder', 'claim', '--holder-link', link.split('/').pop(), '--award', award]);
  await site.serve();
  b = await browser();
});

test.after(async () => {
  if (b) await b.close();
  if (site) await site.stop();
});

test('choosing a password and signing in with it on a small phone', { skip, timeout: 120000 }, async (t) => {
  const ctx = await context(b, t);
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  const shot = (name) => phonePage(page, `backpack-pw-${name}`, t);

  await page.goto(`${site.base}/sac/connexion`);
  await page.fill('#identifiant', '06 10 20 30 40');
  await page.click('main button[type=submit]');
  await page.waitForSelector('#code');
  const r = await fetch(`${site.base}/test/sac/outbox?to=%2B33610203040&channel=sms`);
  await page.fill('#code', /code est (\d{6})/.exec((await r.json()).text)[1]);
  await page.click('main button[type=submit]');
  await page.waitForURL(/\/sac$/);

  await page.goto(`${site.base}/sac/compte`);
  await page.click('text=Choisir un mot de passe');
  await page.waitForURL(/\/sac\/compte\/mot-de-passe$/);
  await shot('01-choose');
  await page.fill('#nouveau', '0610203040');
  await page.fill('#nouveau2', '0610203040');
  await page.click('main button[type=submit]');
  await page.waitForSelector('[role=alert]');
  assert.equal(await page.getAttribute('#nouveau', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#nouveau', 'aria-describedby'), /nouveau-error/);
  assert.equal(await page.inputValue('#nouveau'), '', 'a password is never sent back');
  await shot('02-choose-error');
  await page.fill('#nouveau', PW);
  await page.fill('#nouveau2', PW);
  await page.click('main button[type=submit]');
  await page.waitForSelector('text=C’est enregistré.');
  assert.ok(await page.isVisible('#actuel'), 'now the current one is asked to change it');
  assert.ok(await page.isVisible('#actuel_retrait'));
  await shot('03-change-or-remove');

  await page.goto(`${site.base}/sac`);
  await page.click('form[action="/sac/deconnexion"] button');
  await page.waitForURL(/\/sac\/connexion$/);
  await page.click('text=J’ai un mot de passe');
  await page.waitForURL(/\/sac\/connexion\/mot-de-passe$/);
  await shot('04-signin');
  await page.fill('#identifiant', 'awa@example.org');
  await page.fill('#mot_de_passe', PW);
  await page.click('main button[type=submit]');
  await page.waitForSelector('[role=alert]');
  assert.match(await page.textContent('[role=alert]'), /Identifiant ou mot de passe incorrect/,
    'her email is not proven yet: the same answer as a wrong password');
  assert.equal(await page.inputValue('#identifiant'), 'awa@example.org', 'the identifier is kept');
  assert.equal(await page.inputValue('#mot_de_passe'), '');
  await shot('05-signin-error');
  await page.fill('#identifiant', '06 10 20 30 40');
  await page.fill('#mot_de_passe', PW);
  await page.click('main button[type=submit]');
  await page.waitForURL(/\/sac$/);
  assert.ok(await page.isVisible(`a[href="/sac/badges/${award}"]`), 'her badge');
  await ctx.close();
});
