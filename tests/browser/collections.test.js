'use strict';
/*
 * Collections in headless Chromium at a 360 px wide screen: the list, a
 * refused empty name (error next to the field, focus target), making a
 * collection with a hostile name, ticking badges, moving one up and down
 * (without JavaScript, then with coll-order.js: focus kept on it), publishing, the public
 * page seen by someone else, withdrawing.  axe-core on every page (no
 * serious or critical violation), no sideways scrolling, no dialog (an
 * XSS that ran), screenshots in $BUILD/test-artifacts/screens/collections-*.png.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Site, browser, context, phonePage, skipReason } = require('./lib');

const skip = skipReason() || false;
let site, b;
const awards = [];
const hostile = '<img src=x onerror=alert(1)> Métiers de la vente et de l’accueil du public en salon';

test.before(async () => {
  if (skip) return;
  site = await new Site().start({ config: 'test_routes = true\n' });
  const img = path.join(site.tmp, 'b.svg');
  fs.writeFileSync(img, '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#0b4f9c"/></svg>');
  site.cli(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale de Paris', '--url', 'https://example.org', '--email', 'c@example.org']);
  const link = site.cli(['holder', 'create', '--first-name', 'Inès', '--phone', '06 11 22 33 55']).split('\n')[1];
  for (const name of ['Accueil du public en salon professionnel', 'Atelier CV', 'Défi sportif inter-quartiers']) {
    const badge = site.cli(['badge', 'add', '--org', 'ml', '--name', name, '--description', 'Reconnu au salon',
      '--criteria', 'Un atelier', '--image', img]).split('/').pop();
    const a = site.cli(['award', '--badge', badge, '--email', 'ines@example.org', '--name', 'Inès']).split('/').pop();
    site.cli(['holder', 'claim', '--holder-link', link.split('/').pop(), '--award', a]);
    awards.push(a);
  }
  await site.serve();
  b = await browser();
});

test.after(async () => {
  if (b) await b.close();
  if (site) await site.stop();
});

test('collections on a small phone', { skip, timeout: 120000 }, async (t) => {
  const ctx = await context(b, t);
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  const shot = (p, name) => phonePage(p, `collections-${name}`, t);

  await page.goto(`${site.base}/sac/connexion`);
  await page.fill('#identifiant', '06 11 22 33 55');
  await page.click('main button[type=submit]');
  await page.waitForSelector('#code');
  const r = await fetch(`${site.base}/test/sac/outbox?to=%2B33611223355&channel=sms`);
  await page.fill('#code', /code est (\d{6})/.exec((await r.json()).text)[1]);
  await page.click('main button[type=submit]');
  await page.waitForURL(/\/sac$/);

  await page.click('a[href="/sac/collections"]');
  await page.waitForURL(/\/sac\/collections$/);
  await shot(page, '01-list-empty');
  await page.fill('#description', 'Gardée après l’erreur');
  await page.click('text=Créer la collection');
  await page.waitForSelector('[role=alert]');
  assert.equal(await page.getAttribute('#nom', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#nom-erreur'), /Donnez un nom/);
  assert.equal(await page.inputValue('#description'), 'Gardée après l’erreur');
  await shot(page, '02-name-error');
  await page.fill('#nom', hostile.slice(0, 80));
  await page.click('text=Créer la collection');
  await page.waitForURL(/\/sac\/collections\/[A-Za-z0-9_-]{22}$/);
  assert.equal(await page.textContent('h1'), hostile.slice(0, 80), 'shown as text');
  await page.check(`#b-${awards[0]}`);
  await page.check(`#b-${awards[2]}`);
  await page.click('text=Enregistrer');
  await page.waitForSelector('text=La collection est enregistrée.');
  await shot(page, '03-edit');
  // Moving a badge up without JavaScript: plain POST, back on the badge moved, in its new place.
  const order = () => page.$$eval('ol.coll-order > li', (l) => l.map((x) => x.id));
  const focused = () => page.evaluate(() => document.activeElement.id || document.activeElement.textContent.replace(/\s+/g, ' ').trim());
  await page.route('**/static/coll-order.js', (r) => r.abort());
  await page.reload();
  // ticked boxes come in the page's order, newest badge first
  assert.deepEqual(await order(), [`o-${awards[2]}`, `o-${awards[0]}`]);
  assert.equal(await page.locator(`#o-${awards[2]}`).getByRole('button', { name: /Monter/ }).count(), 0, 'the first has no "Monter"');
  await page.getByRole('button', { name: 'Monter « Accueil du public en salon professionnel »' }).click();
  await page.waitForURL(new RegExp(`#o-${awards[0]}$`));
  assert.deepEqual(await order(), [`o-${awards[0]}`, `o-${awards[2]}`]);
  assert.equal(await focused(), `o-${awards[0]}`, 'focus on the badge moved');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), '↓ Descendre « Accueil du public en salon professionnel »', 'the next key press reaches its own button');
  await shot(page, '03b-moved');
  // With coll-order.js: no page load, the focus stays on the badge's buttons, by keyboard too.
  await page.unroute('**/static/coll-order.js');
  await page.goto(`${site.base}${new URL(page.url()).pathname}`);
  const loads = [];
  page.on('load', () => loads.push(page.url()));
  await page.getByRole('button', { name: 'Descendre « Accueil du public en salon professionnel »' }).click();
  await page.waitForFunction((id) => document.querySelector('ol.coll-order > li:last-child').id === id, `o-${awards[0]}`);
  assert.equal(await focused(), '↑ Monter « Accueil du public en salon professionnel »', 'on the other button at the end');
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => document.querySelector('ol.coll-order > li:first-child').id === id, `o-${awards[0]}`);
  assert.equal(await focused(), '↓ Descendre « Accueil du public en salon professionnel »');
  assert.deepEqual(loads, [], 'no page load');
  await shot(page, '03c-moved-script');
  await page.click('text=Créer la page publique');
  await page.waitForSelector('text=Retirer la page publique');
  const share = await page.getAttribute('main a[href*="/c/"]', 'href');
  await shot(page, '04-published');
  await page.goto(`${site.base}/sac/collections`);
  await shot(page, '05-list');

  const other = await context(b, t);
  const pub = await other.newPage();
  await pub.setViewportSize({ width: 360, height: 740 });
  await pub.goto(share);
  assert.equal(await pub.textContent('h1'), hostile.slice(0, 80));
  assert.equal(await pub.locator('main li.sac-item').count(), 2);
  assert.deepEqual(await pub.$$eval('main li.sac-item h2', (l) => l.map((x) => x.textContent)),
    ['Accueil du public en salon professionnel', 'Défi sportif inter-quartiers'], 'in the order chosen');
  assert.match(await pub.textContent('main'), /Collection de Inès/);
  await shot(pub, '06-public');

  await page.goto(`${site.base}/sac/collections`);
  await page.click('main .sac-item a');
  await page.click('text=Retirer la page publique');
  await page.waitForSelector('text=Créer la page publique');
  const gone = await pub.goto(share);
  assert.equal(gone.status(), 404);
  assert.equal(t.dialogs || 0, 0, 'no script ran from a name');
  await other.close();
  await ctx.close();
});
