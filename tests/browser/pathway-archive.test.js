'use strict';
/*
 * Archiving a pathway in headless Chromium at 360 px: the counsellor
 * archives it with the button on its page, follows the notice to the open
 * opportunity that still names it, finds it again through "Voir
 * aussi les parcours archivés", sees the opportunity form refuse it next
 * to the field, and the young person who had started it sees it closed on
 * their map.  axe-core on every page (no serious or critical violation),
 * nothing scrolls sideways; screenshots pathway-archive-*.png.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Site, browser, context, phonePage, skipReason } = require('./lib');

const skip = skipReason() || false;
const PASSWORD = 'un mot de passe assez long';
let site, b, token, link, uid;
const badges = {};

async function api(method, p, body) {
  const r = await fetch(site.base + p, { method, headers: { Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, json: await r.json() };
}

test.before(async () => {
  if (skip) return;
  site = await new Site().start();
  const img = path.join(site.tmp, 'b.svg');
  fs.writeFileSync(img, '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#0b4f9c"/></svg>');
  site.cli(['org', 'add', '--slug', 'mlp', '--name', 'Mission Locale de Paris', '--url', 'https://example.org',
    '--email', 'contact@example.org']);
  site.cli(['user', 'add', '--email', 'conseillere@example.org', '--name', 'Nadia', '--org', 'mlp',
    '--role', 'issuer', '--password-file', '-'], `${PASSWORD}\n`);
  token = site.cli(['user', 'token', '--email', 'conseillere@example.org', '--org', 'mlp', '--name', 't']);
  for (const [k, name] of [['cv', 'Atelier CV'], ['entretien', 'Atelier entretien']]) {
    badges[k] = site.cli(['badge', 'add', '--org', 'mlp', '--name', name, '--description', 'd', '--criteria', 'c',
      '--image', img]).split('/').pop();
  }
  link = site.cli(['holder', 'create', '--first-name', 'Inès', '--email', 'ines@example.org']).split('\n')[1];
  const aw = site.cli(['award', '--badge', badges.cv, '--email', 'ines@example.org', '--name', 'Inès']).split('/').pop();
  site.cli(['holder', 'claim', '--holder-link', link.split('/').pop(), '--award', aw]);
  await site.serve();
  const r = await api('POST', '/api/v1/orgs/mlp/pathways', { name: 'Cycle d’ateliers du printemps',
    definition: { root: 'all', steps: [{ id: 'cv', badge: badges.cv }, { id: 'entretien', badge: badges.entretien },
      { id: 'all', steps: ['cv', 'entretien'] }] } });
  assert.equal(r.status, 201);
  uid = r.json.uid;
  // An opportunity names it: listed on the pathway's page once archived.
  const o = await api('POST', '/api/v1/orgs/mlp/opportunities', { kind: 'immersion', title: 'Immersion en cuisine',
    places: 1, pathway: uid });
  assert.equal(o.status, 201);
  b = await browser();
});

test.after(async () => {
  if (b) await b.close();
  if (site) await site.stop();
});

test('archive with the button, list with archives, the form refuses it, the map shows it closed', { skip, timeout: 180000 }, async (t) => {
  const ctx = await context(b, t);
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(`${site.base}/connexion`);
  await page.fill('#email', 'conseillere@example.org');
  await page.fill('#password', PASSWORD);
  await page.click('main button[type=submit]');
  await page.waitForURL(/\/espace\/mlp$/);

  // The opportunity form opened while the pathway is active offers it.
  await page.goto(`${site.base}/espace/mlp/opportunites/nouvelle`);
  await page.fill('#title', 'Immersion en boulangerie');
  await page.selectOption('#pathway', uid);

  // Meanwhile, in another tab, the counsellor archives it.
  const other = await ctx.newPage();
  await other.setViewportSize({ width: 360, height: 800 });
  await other.goto(`${site.base}/espace/mlp/parcours/${uid}`);
  await phonePage(other, 'pathway-archive-01-active', t);
  await other.click('text=Archiver ce parcours');
  await other.waitForURL(/\?ok=archive$/);
  assert.match(await other.textContent('main'), /Parcours archivé le .* les badges attribués ne font plus avancer personne/s);
  await phonePage(other, 'pathway-archive-02-archived', t);
  // The notice points to the open opportunity that still names it, linked to its page.
  await other.click('text=Des opportunités ouvertes le demandent encore');
  assert.match(await other.textContent('#opportunites-parcours + p'), /Fermez-les ou changez le parcours demandé/);
  await other.click('.pathway-naming a:text("Immersion en cuisine")');
  await other.waitForURL(/\/espace\/mlp\/opportunites\/[^/]+$/);
  await other.goto(`${site.base}/espace/mlp/parcours`);
  assert.doesNotMatch(await other.textContent('main'), /Cycle d’ateliers du printemps/);
  await other.click('text=Voir aussi les parcours archivés');
  await other.waitForURL(/\?archives=1$/);
  assert.match(await other.textContent('main table'), /Cycle d’ateliers du printemps archivé/);
  await phonePage(other, 'pathway-archive-03-list', t);

  // Back in the form: saved, it is refused next to its field, the title kept.
  await page.click('text=Enregistrer');
  await page.waitForLoadState('load');
  assert.match(await page.textContent('[role=alert]'), /Ce parcours est archivé/);
  assert.equal(await page.getAttribute('#pathway', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#title'), 'Immersion en boulangerie');
  await phonePage(page, 'pathway-archive-04-opp-form', t);

  // The young person who had started it: closed on the map, nothing to do.
  const yp = await (await context(b, t)).newPage();
  await yp.setViewportSize({ width: 360, height: 800 });
  await yp.goto(link);
  await yp.goto(`${site.base}/sac/parcours`);
  const art = yp.locator(`article[aria-labelledby="pw-${uid}"]`);
  assert.match(await art.textContent(), /Ce parcours est fermé\./);
  assert.match(await art.textContent(), /Atelier entretien\s*\(non obtenu\)/);
  await phonePage(yp, 'pathway-archive-05-sac-map', t);

  // Restored from its page: active again.
  await other.goto(`${site.base}/espace/mlp/parcours/${uid}`);
  await other.click('text=Réactiver ce parcours');
  await other.waitForURL(/\?ok=reactive$/);
  assert.match(await other.textContent('main'), /Le parcours est de nouveau actif/);
  assert.equal(t.dialogs || 0, 0);
});
