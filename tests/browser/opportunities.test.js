'use strict';
/*
 * Opportunities in headless Chromium at 360 px: a partner offers an
 * immersion (a form with errors, the badge search, two badges chosen), a
 * young person opens the backpack from their personal link, sees it open
 * to them and applies with one tap, another sees it one badge away, the
 * partner reads the application and answers.  axe-core on every page
 * (no serious or critical violation); screenshots in
 * build/test-artifacts/screens/opps-*.png.
 * Run from the repository root: node --test tests/browser/opportunities.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Site, browser, context, audit, skipReason } = require('./lib');

const skip = skipReason() || false;
const PASSWORD = 'un mot de passe assez long';
const site = new Site();
const links = {};
let b;

test.before(async () => {
  if (skip) return;
  await site.start();
  const img = path.join(site.tmp, 'b.svg');
  fs.writeFileSync(img, '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#0b4f9c"/></svg>');
  site.cli(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale', '--url', 'https://example.org', '--email', 'c@example.org']);
  site.cli(['org', 'add', '--slug', 'resto', '--name', 'Restaurant Le Partage', '--url', 'https://example.org', '--email', 'c@example.org']);
  site.cli(['user', 'add', '--email', 'chef@example.org', '--name', 'Chef', '--org', 'resto', '--role', 'issuer',
    '--password-file', '-'], `${PASSWORD}\n`);
  const badges = {};
  for (const [k, name] of [['cv', 'Atelier CV'], ['entretien', 'Atelier entretien']]) {
    badges[k] = site.cli(['badge', 'add', '--org', 'ml', '--name', name, '--description', 'd', '--criteria', 'c',
      '--image', img]).split('/').pop();
  }
  for (const [name, keys] of [['Lina', ['cv', 'entretien']], ['Sam', ['cv']]]) {
    const email = `${name.toLowerCase()}@example.org`;
    links[name] = site.cli(['holder', 'create', '--first-name', name, '--email', email]).split('\n')[1];
    for (const k of keys) {
      const award = site.cli(['award', '--badge', badges[k], '--email', email, '--name', name]).split('/').pop();
      site.cli(['holder', 'claim', '--holder-link', links[name].split('/').pop(), '--award', award]);
    }
  }
  await site.serve();
  b = await browser();
});

test.after(async () => {
  if (b) await b.close();
  await site.stop();
});

async function phone(t) {
  const ctx = await context(b, t);
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 360, height: 780 });
  return { ctx, page };
}

async function clean(page, name, t) {
  const bad = await audit(page, `opps-${name}`, t);
  assert.deepEqual(bad.map((v) => v.id), [], `axe on ${name}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `${name} fits 360 px (scrollWidth ${wide})`);
}

test('the whole opportunity story at 360 px, accessible', { skip }, async (t) => {
  const partner = await phone(t);
  let page = partner.page;
  await page.goto(`${site.base}/connexion`);
  await page.fill('#email', 'chef@example.org');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.press('#password', 'Enter')]);
  await page.goto(`${site.base}/espace/resto/opportunites`);
  await clean(page, 'partner-list-empty', t);
  await page.click('text=Proposer une opportunité');
  await clean(page, 'partner-form', t);
  await Promise.all([page.waitForNavigation(), page.click('button[value="enregistrer"]')]);
  assert.match(await page.textContent('[role="alert"]'), /Donnez un titre/);
  assert.equal(await page.getAttribute('#title', 'aria-invalid'), 'true');
  await clean(page, 'partner-form-errors', t);
  await page.fill('#title', 'Immersion en cuisine');
  await page.fill('#place', 'Paris 19e');
  await page.selectOption('#kind', 'immersion');
  await page.fill('#q', 'atelier');
  await Promise.all([page.waitForNavigation(), page.click('button[value="chercher"]')]);
  await clean(page, 'partner-form-search', t);
  assert.equal(await page.inputValue('#title'), 'Immersion en cuisine', 'values kept');
  await page.check('label:has-text("Atelier CV")');
  await page.check('label:has-text("Atelier entretien")');
  await Promise.all([page.waitForNavigation(), page.click('button[value="enregistrer"]')]);
  assert.match(page.url(), /\/espace\/resto\/opportunites\/[A-Za-z0-9_-]{22}$/);
  const oppUrl = page.url();
  await clean(page, 'partner-detail-empty', t);

  // Lina, from her personal link, applies with one tap.
  const lina = await phone(t);
  page = lina.page;
  await page.goto(links.Lina);
  await page.goto(`${site.base}/sac/opportunites`);
  await clean(page, 'sac-list', t);
  await Promise.all([page.waitForNavigation(), page.click('text=Immersion en cuisine')]);
  await clean(page, 'sac-opportunity', t);
  assert.equal(await page.locator('input[type=radio][name^="award-"]:checked').count(), 2);
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Postuler")')]);
  assert.match(await page.textContent('.opp-status'), /Envoyée/);
  await clean(page, 'sac-applied', t);

  // Sam sees it one badge away.
  const sam = await phone(t);
  await sam.page.goto(links.Sam);
  await sam.page.goto(`${site.base}/sac/opportunites`);
  assert.match(await sam.page.textContent('.opp-step'), /Il vous manque le badge « Atelier entretien »/);
  await clean(sam.page, 'sac-one-step', t);
  await Promise.all([sam.page.waitForNavigation(), sam.page.click('text=Immersion en cuisine')]);
  await clean(sam.page, 'sac-opportunity-missing', t);

  // The partner reads and answers.
  page = partner.page;
  await page.goto(oppUrl);
  assert.equal(await page.locator('.opp-shared li').count(), 2);
  await clean(page, 'partner-detail-application', t);
  await page.check('label:has-text("Entretien proposé")');
  await page.fill('textarea[name="answer"]', 'Venez mardi à 10 h.');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Envoyer la réponse")')]);
  assert.match(await page.textContent('.opp-status'), /Entretien proposé/);
  await lina.page.goto(`${site.base}/sac/opportunites`);
  assert.match(await lina.page.textContent('body'), /Venez mardi à 10 h\./);
  await clean(lina.page, 'sac-answered', t);
  assert.equal(t.dialogs || 0, 0);
  for (const c of [partner, lina, sam]) await c.ctx.close();
});
