'use strict';
/*
 * The young person's backpack in headless Chromium at a 360 px wide
 * screen: sign in with a phone number (the code read from the outbox
 * through the test-only route: there is no SMS gateway), a wrong code
 * first, the backpack, one badge, its public page and the LinkedIn link,
 * the printable certificate, the identifiers and account pages.  axe-core
 * on every page (no serious or critical violation), no sideways scrolling,
 * screenshots in $BUILD/test-artifacts/screens/backpack-*.png.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Site, browser, context, audit, phonePage, skipReason } = require('./lib');

const skip = skipReason() || false;
let site, b, award, badgeUid;

test.before(async () => {
  if (skip) return;
  site = await new Site().start({ config: 'test_routes = true\nverifier_allow_http = true\nverifier_allow_private = true\n' });
  const img = path.join(site.tmp, 'b.svg');
  fs.writeFileSync(img, '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#0b4f9c"/></svg>');
  site.cli(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale de Paris', '--url', 'https://example.org', '--email', 'c@example.org']);
  const badge = site.cli(['badge', 'add', '--org', 'ml', '--name', 'Accueil du public en salon professionnel',
    '--description', 'Sait accueillir et orienter les visiteurs d’un salon.', '--criteria', 'Deux jours au stand', '--image', img]).split('/').pop();
  award = site.cli(['award', '--badge', badge, '--email', 'yanis@example.org', '--name', 'Yanis']).split('/').pop();
  const link = site.cli(['holder', 'create', '--first-name', 'Yanis', '--phone', '06 11 22 33 44']).split('\n')[1];
  site.cli(['holder', 'claim', '--holder-link', link.split('/').pop(), '--award', award]);
  badgeUid = badge;
  await site.serve();
  b = await browser();
});

test.after(async () => {
  if (b) await b.close();
  if (site) await site.stop();
});

test('the backpack on a small phone', { skip, timeout: 120000 }, async (t) => {
  const ctx = await context(b, t);
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  const shot = (name) => phonePage(page, `backpack-${name}`, t);
  const code = async () => {
    const r = await fetch(`${site.base}/test/sac/outbox?to=%2B33611223344&channel=sms`);
    return /code est (\d{6})/.exec((await r.json()).text)[1];
  };

  await page.goto(`${site.base}/sac`);
  await page.waitForURL(/\/sac\/connexion$/);
  await shot('01-signin');
  await page.fill('#identifiant', 'pas un numéro');
  await page.click('main button[type=submit]');
  assert.equal(await page.getAttribute('#identifiant', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#identifiant'), 'pas un numéro', 'the value is kept');
  await shot('02-signin-error');
  await page.fill('#identifiant', '06 11 22 33 44');
  await page.click('main button[type=submit]');
  await page.waitForSelector('#code');
  await shot('03-code');
  const right = await code();
  await page.fill('#code', right === '000000' ? '111111' : '000000');
  await page.click('main button[type=submit]');
  await page.waitForSelector('[role=alert]');
  assert.equal(await page.getAttribute('#code', 'aria-invalid'), 'true');
  await shot('04-code-wrong');
  await page.fill('#code', right);
  await page.click('main button[type=submit]');
  await page.waitForURL(/\/sac$/);
  assert.match(await page.textContent('main'), /Bonjour Yanis/);
  await shot('05-home');

  await page.click(`a[href="/sac/badges/${award}"]`);
  await page.waitForURL(new RegExp(`/sac/badges/${award}$`));
  await shot('06-badge');
  await page.click('text=Créer la page publique');
  await page.waitForSelector('text=Retirer la page publique');
  const share = await page.getAttribute('main a[href*="/b/"]', 'href');
  const li = await page.getAttribute('a:has-text("LinkedIn")', 'href');
  assert.ok(li.startsWith('https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&'));
  await shot('07-badge-shared');
  await page.goto(`${site.base}/sac/badges/${award}/attestation`);
  await page.waitForSelector('img[alt^="Code QR"]');
  assert.ok(await page.evaluate(() => document.querySelector('img[alt^="Code QR"]').naturalWidth > 0), 'the QR code renders');
  await shot('08-certificate');
  await page.goto(`${site.base}/sac/identifiants`);
  await shot('09-identifiers');
  await page.goto(`${site.base}/sac/compte`);
  await shot('10-account');
  await page.goto(`${site.base}/sac/importer`);
  await page.fill('#badge', `${site.base}/awards/${award}`);
  await page.click('main button[type=submit]');
  await page.waitForSelector('text=Vérifier à nouveau');
  assert.match(await page.textContent('main'), /valide/);
  await shot('12-imports');

  // The public page, seen by someone else (a fresh context without the cookie).
  const other = await context(b, t);
  const pub = await other.newPage();
  await pub.setViewportSize({ width: 360, height: 740 });
  await pub.goto(share);
  assert.match(await pub.textContent('h1'), /Accueil du public/);
  const bad = await audit(pub, 'backpack-11-public', t);
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help}`), []);
  const resp = await pub.goto(`${site.base}/sac`);
  assert.match(pub.url(), /\/sac\/connexion$/, 'no backpack without signing in');
  assert.equal(resp.status(), 200);
  await other.close();
  await ctx.close();
});

test('the award mail\'s link puts the badge in a new backpack, on a small phone', { skip, timeout: 120000 }, async (t) => {
  // Queued only: no relay in this test, the message waits in the outbox, read through the test route.
  site.cli(['award', '--badge', badgeUid, '--email', 'ines@example.org', '--name', 'Inès', '--notify']);
  const mail = await (await fetch(`${site.base}/test/sac/outbox?to=ines%40example.org&channel=email`)).json();
  const link = /(http:\/\/127\.0\.0\.1:\d+\/sac\/recevoir\/\S+)/.exec(mail.text)[1];
  const ctx = await context(b, t);
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(link);
  await phonePage(page, 'backpack-12-receive', t);
  await page.click('main button[type=submit]');
  await page.waitForURL(/\/sac\/badges\//);
  assert.match(await page.textContent('main'), /Accueil du public en salon professionnel/);
  await phonePage(page, 'backpack-13-received', t);
  await ctx.close();
});
