'use strict';
/*
 * Headless Chromium through the endorsement story (issue 9): the Mission
 * Locale asks a partner to endorse a badge class; the partner signs in,
 * sees the request, first sends it without a comment (the error is
 * announced and the field marked), then accepts; the public badge class and
 * award pages show "Reconnu par 1 partenaire"; a tutor writes a
 * recommendation from the emailed link.  Every page: axe-core with no
 * serious or critical violation (360 px wide), a screenshot, no dialog from
 * the hostile comment.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { Site, browser, context, audit, skipReason, repoRoot } = require('./lib');

const skip = skipReason() || false;
const HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>';
const PASSWORD = 'un mot de passe assez long';
let site, b, badge, award;

test.before(async () => {
  if (skip) return;
  site = await new Site().start({ config: 'cache_ttl = 0\n' });
  for (const [slug, name] of [['mlp', 'Mission Locale de Paris'], ['boulangerie', 'Boulangerie Dupain']]) {
    site.cli(['org', 'add', '--slug', slug, '--name', name, '--url', 'https://example.org', '--email', 'c@example.org']);
  }
  site.cli(['user', 'add', '--email', 'nadia@example.org', '--name', 'Nadia', '--org', 'mlp', '--role', 'issuer',
    '--password-file', '-'], `${PASSWORD}\n`);
  site.cli(['user', 'add', '--email', 'paul@example.org', '--name', 'Paul', '--org', 'boulangerie', '--role', 'issuer',
    '--password-file', '-'], `${PASSWORD}\n`);
  badge = site.cli(['badge', 'add', '--org', 'mlp', '--name', 'Atelier CV', '--description', 'A rédigé son CV.',
    '--criteria', 'Venir à l’atelier.', '--image', path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg')]).split('/').pop();
  award = site.cli(['award', '--badge', badge, '--email', 'lea@example.org', '--name', 'Léa']).split('/').pop();
  await site.serve();
  b = await browser();
});

test.after(async () => {
  if (b) await b.close();
  if (site) await site.stop();
});

async function signIn(page, email) {
  await page.goto(`${site.base}/connexion`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/espace\//);
}

async function checked(page, name, t) {
  const bad = await audit(page, name, t);
  assert.deepEqual(bad.map((v) => v.id), [], `${name}: serious or critical axe violations`);
}

test('ask, accept, shown on the public pages; a tutor recommends', { skip }, async (t) => {
  const ctx = await context(b, t);
  await ctx.newPage(); // the context's first page is not used: each actor below gets its own
  const ml = await (await b.newContext({ bypassCSP: true, viewport: { width: 360, height: 800 }, locale: 'fr-FR' })).newPage();
  ml.on('dialog', async (d) => { t.dialogs = (t.dialogs || 0) + 1; await d.dismiss(); });
  await signIn(ml, 'nadia@example.org');
  await ml.goto(`${site.base}/espace/mlp/badges/${badge}`);
  await ml.click('a:has-text("Reconnaissances par des partenaires")');
  await ml.waitForURL(/\/reconnaissances$/);
  await checked(ml, 'endorse-badge', t);
  await ml.check('label:has-text("Boulangerie Dupain")');
  await ml.fill('#ask-message', 'Pourriez-vous reconnaître notre atelier ?');
  await ml.click('button:has-text("Envoyer la demande")');
  await ml.waitForURL(/demande=1/);
  assert.match(await ml.textContent('[role=status]'), /Demande envoyée/);
  assert.match(await ml.textContent('main'), /Boulangerie Dupain : en attente/);

  const partner = await (await b.newContext({ bypassCSP: true, viewport: { width: 360, height: 800 }, locale: 'fr-FR' })).newPage();
  partner.on('dialog', async (d) => { t.dialogs = (t.dialogs || 0) + 1; await d.dismiss(); });
  await signIn(partner, 'paul@example.org');
  await partner.click('nav a:has-text("Reconnaissances")');
  await partner.waitForURL(/\/espace\/boulangerie\/reconnaissances$/);
  assert.match(await partner.textContent('main'), /Mission Locale de Paris vous demande de reconnaître le badge Atelier CV/);
  await checked(partner, 'endorse-org', t);
  // Sent without a comment: announced, field marked, then fixed.
  await partner.click('button:has-text("Reconnaître ce badge")');
  assert.match(await partner.textContent('[role=alert]'), /Écrivez un commentaire/);
  const field = partner.locator('textarea[name=comment][aria-invalid=true]');
  assert.equal(await field.count(), 1);
  await checked(partner, 'endorse-org-error', t);
  await field.fill(`Les jeunes arrivent avec un CV clair. ${HOSTILE}`);
  await partner.click('button:has-text("Reconnaître ce badge")');
  await partner.waitForURL(/fait=reconnu/);
  assert.match(await partner.textContent('[role=status]'), /signée et publiée/);

  const pub = await ctx.newPage();
  for (const [name, p] of [['endorse-public-badge', `/badges/${badge}`], ['endorse-public-award', `/awards/${award}`]]) {
    await pub.goto(site.base + p);
    assert.equal(await pub.textContent('#endorsed-title'), 'Reconnu par 1 partenaire');
    assert.match(await pub.textContent('.endorsement'), /Boulangerie Dupain/);
    assert.match(await pub.textContent('.endorsement blockquote'), /onerror=alert\(1\)/); // shown as text
    await checked(pub, name, t);
  }

  // The issuer asks a tutor; the tutor's page from the link.
  await ml.goto(`${site.base}/espace/mlp/attributions/${award}`);
  await ml.click('a:has-text("Demander une recommandation")');
  await checked(ml, 'recommend-invite', t);
  const link = site.cli(['endorse', 'recommend', '--award', award, '--tutor-name', 'Jeanne Martin',
    '--tutor-email', 'jeanne@example.org']);
  const tutor = await ctx.newPage();
  await tutor.goto(link);
  await checked(tutor, 'recommend-tutor', t);
  await tutor.fill('#rec-comment', 'Ponctuelle et curieuse.');
  await tutor.click('button:has-text("Envoyer ma recommandation")');
  await tutor.waitForURL(/merci=1/);
  assert.match(await tutor.textContent('h1'), /Merci/);
  await checked(tutor, 'recommend-thanks', t);

  assert.equal(t.dialogs || 0, 0, 'no script from the data ran');
  await ctx.close();
});
