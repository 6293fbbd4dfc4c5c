'use strict';
/*
 * Endorsement pages of the issuer space over real HTTP (issue 9): the
 * Mission Locale asks two partners to endorse a badge class from
 * /espace/ml/badges/{uid}/reconnaissances; each partner sees the request on
 * /espace/{its slug}/reconnaissances, one accepts with a comment (a signed
 * endorsement that `blason verify` accepts and the public page lists), the
 * other declines; a partner endorses a badge by its URL, then withdraws it.
 * Form mistakes come back with the message next to the field; viewers and
 * other organisations cannot answer a request.
 * Run from the repository root: node --test tests/http/endorse-space.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { BLASON, Site, repoRoot } = require('../lib/server');

const PASSWORD = 'correct horse battery staple';
let S, base, badge;
const sessions = {};

function form(p, fields, headers = {}) {
  return fetch(base + p, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
    headers: { Origin: base, Accept: 'text/html', ...headers } });
}

async function signIn(who, email) {
  const r = await form('/connexion', { email, password: PASSWORD });
  assert.equal(r.status, 303, `sign-in ${email}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const home = await (await fetch(`${base}/espace`, { headers: { Cookie: cookie } })).text();
  sessions[who] = { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(home)[1] };
}

async function page(who, p, status = 200) {
  const r = await fetch(base + p, { redirect: 'manual', headers: { Cookie: sessions[who].cookie, Accept: 'text/html' } });
  assert.equal(r.status, status, p);
  return r.text();
}

function post(who, p, fields) {
  const body = new URLSearchParams({ csrf: sessions[who].csrf });
  for (const [k, v] of Object.entries(fields)) {
    for (const x of [].concat(v)) body.append(k, x);
  }
  return fetch(base + p, { method: 'POST', redirect: 'manual', body,
    headers: { Origin: base, Accept: 'text/html', Cookie: sessions[who].cookie } });
}

async function publicNames() {
  const html = await (await fetch(`${base}/badges/${badge}`, { headers: { Accept: 'text/html' } })).text();
  return [...html.matchAll(/<p class="endorser"><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);
}

test.before(async () => {
  assert.ok(fs.existsSync(BLASON), `${BLASON} is missing: run make first`);
  S = await new Site().start({ config: 'cache_ttl = 0\n' });
  base = S.base;
  for (const [slug, name] of [['ml', 'Mission Locale'], ['boulangerie', 'Boulangerie Dupain'], ['asso', 'Association Tremplin']]) {
    S.cli(['org', 'add', '--slug', slug, '--name', name, '--url', 'https://example.org', '--email', 'c@example.org']);
  }
  for (const [email, org, role] of [['ml@example.org', 'ml', 'issuer'], ['boul@example.org', 'boulangerie', 'issuer'],
    ['asso@example.org', 'asso', 'issuer'], ['lecteur@example.org', 'boulangerie', 'viewer']]) {
    S.cli(['user', 'add', '--email', email, '--name', email.split('@')[0], '--org', org, '--role', role,
      '--password-file', '-'], `${PASSWORD}\n`);
  }
  badge = S.cli(['badge', 'add', '--org', 'ml', '--name', 'Atelier CV', '--description', 'CV rédigé',
    '--criteria', 'Venir', '--image', path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg')]).split('/').pop();
  await S.serve();
  for (const [who, email] of [['ml', 'ml@example.org'], ['boul', 'boul@example.org'], ['asso', 'asso@example.org'],
    ['lecteur', 'lecteur@example.org']]) await signIn(who, email);
});

test.after(async () => {
  if (S) await S.stop();
});

let requestId;

test('the issuer asks two partners from the badge class page', async () => {
  const html = await page('ml', `/espace/ml/badges/${badge}/reconnaissances`);
  assert.match(html, /<label for="ask-org-\d+">Boulangerie Dupain<\/label>/);
  assert.match(html, /<label for="ask-org-\d+">Association Tremplin<\/label>/);
  assert.doesNotMatch(html, /<label for="ask-org-\d+">Mission Locale<\/label>/);
  assert.match(await page('ml', `/espace/ml/badges/${badge}`), /href="\/espace\/ml\/badges\/[^"]+\/reconnaissances"/);

  const none = await post('ml', `/espace/ml/badges/${badge}/reconnaissances`, {});
  assert.equal(none.status, 400);
  assert.match(await none.text(), /role="alert"[\s\S]*Choisissez au moins une organisation/);

  const r = await post('ml', `/espace/ml/badges/${badge}/reconnaissances`,
    { orgs: ['boulangerie', 'asso'], message: 'Pourriez-vous reconnaître notre atelier CV ?' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /demande=2$/);
  const after = await page('ml', r.headers.get('location'));
  assert.match(after, /Boulangerie Dupain : en attente/);
  assert.match(after, /Association Tremplin : en attente/);
  // Asking again: nobody new.
  const again = await post('ml', `/espace/ml/badges/${badge}/reconnaissances`, { orgs: ['boulangerie'] });
  assert.match(again.headers.get('location'), /demande=0$/);
});

test('a partner sees the request; a comment is required to accept', async () => {
  const html = await page('boul', '/espace/boulangerie/reconnaissances');
  assert.match(html, /<strong>Mission Locale<\/strong> vous demande de reconnaître le badge <a href="[^"]+">Atelier CV<\/a>/);
  assert.match(html, /Pourriez-vous reconnaître notre atelier CV \?/);
  requestId = /\/espace\/boulangerie\/reconnaissances\/(\d+)\/accepter/.exec(html)[1];
  // The navigation links the page.
  assert.match(html, /href="\/espace\/boulangerie\/reconnaissances"/);

  const empty = await post('boul', `/espace/boulangerie/reconnaissances/${requestId}/accepter`, { comment: '' });
  assert.equal(empty.status, 400);
  const text = await empty.text();
  assert.match(text, /role="alert"/);
  assert.match(text, new RegExp(`id="r${requestId}-comment"[^>]*aria-describedby="r${requestId}-comment-error" aria-invalid="true"`));
  assert.deepEqual(await publicNames(), []);
});

test('a viewer, or another organisation, cannot answer it', async () => {
  const v = await post('lecteur', `/espace/boulangerie/reconnaissances/${requestId}/accepter`, { comment: 'Oui' });
  assert.notEqual(v.status, 303);
  assert.ok(v.status >= 400);
  const o = await post('asso', `/espace/asso/reconnaissances/${requestId}/accepter`, { comment: 'Oui' });
  assert.equal(o.status, 404);
  const other = await post('asso', `/espace/boulangerie/reconnaissances/${requestId}/decliner`, {});
  assert.equal(other.status, 404);
  assert.deepEqual(await publicNames(), []);
});

test('accepting signs an endorsement, listed publicly and verifiable', async () => {
  const r = await post('boul', `/espace/boulangerie/reconnaissances/${requestId}/accepter`,
    { comment: 'Nos apprentis arrivent avec un bon CV.', expires: '2099-12-31' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/espace/boulangerie/reconnaissances?fait=reconnu');
  const html = await page('boul', r.headers.get('location'));
  assert.match(html, /Votre reconnaissance est signée et publiée/);
  assert.match(html, /valable jusqu’au 31 décembre 2099/);
  // The English page says it in English, dates included.
  const en = await page('boul', `${r.headers.get('location')}&lang=en`);
  assert.match(en, /Your endorsement is signed and published/);
  assert.match(en, /December 31, 2099/);
  assert.doesNotMatch(en, /décembre/);
  assert.deepEqual(await publicNames(), ['Boulangerie Dupain']);
  const url = /href="([^"]+\/endorsements\/[^"/]+)\/credential"/.exec(html)[1];
  const v = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network', `${url}/credential`],
    { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stdout);
  const cred = await (await fetch(`${url}/credential`)).json();
  assert.equal(cred.validUntil, '2099-12-31T22:59:59Z', 'the end of 31 December in Paris (UTC+1)');
  // Answered once only.
  const twice = await post('boul', `/espace/boulangerie/reconnaissances/${requestId}/accepter`, { comment: 'Encore' });
  assert.notEqual(twice.status, 303);
  assert.match(await page('ml', `/espace/ml/badges/${badge}/reconnaissances`), /Boulangerie Dupain : acceptée/);
});

test('the other partner declines', async () => {
  const html = await page('asso', '/espace/asso/reconnaissances');
  const id = /\/espace\/asso\/reconnaissances\/(\d+)\/decliner/.exec(html)[1];
  const r = await post('asso', `/espace/asso/reconnaissances/${id}/decliner`, {});
  assert.equal(r.status, 303);
  assert.match(await page('asso', r.headers.get('location')), /La demande a été déclinée/);
  assert.match(await page('ml', `/espace/ml/badges/${badge}/reconnaissances`), /Association Tremplin : déclinée/);
  assert.deepEqual(await publicNames(), ['Boulangerie Dupain']);
});

test('endorsing by the badge URL, with mistakes shown next to the fields', async () => {
  const bad = await post('asso', '/espace/asso/reconnaissances', { badge: `${base}/badges/nothing`, comment: 'Bien' });
  assert.equal(bad.status, 400);
  const t = await bad.text();
  assert.match(t, /id="new-badge"[^>]*aria-describedby="new-badge-error" aria-invalid="true"/);
  assert.match(t, /Aucun badge ne correspond à cette adresse/);
  assert.match(t, /<textarea id="new-comment"[^>]*>Bien<\/textarea>/); // value kept
  const own = await post('ml', '/espace/ml/reconnaissances', { badge: `${base}/badges/${badge}`, comment: 'Moi' });
  assert.equal(own.status, 400);
  assert.match(await own.text(), /ne reconnaît pas ses propres badges/);
  const date = await post('asso', '/espace/asso/reconnaissances', { badge: `${base}/badges/${badge}`, comment: 'x', expires: 'demain' });
  assert.equal(date.status, 400);

  const ok = await post('asso', '/espace/asso/reconnaissances', { badge: `${base}/badges/${badge}`, comment: 'Atelier sérieux.' });
  assert.equal(ok.status, 303);
  assert.deepEqual(await publicNames(), ['Boulangerie Dupain', 'Association Tremplin']);
});

test('withdrawing from the page removes it from the public page', async () => {
  const html = await page('asso', '/espace/asso/reconnaissances');
  const uid = /name="uid" value="([^"]+)"/.exec(html)[1];
  const r = await post('asso', '/espace/asso/reconnaissances/retrait', { uid });
  assert.equal(r.status, 303);
  const after = await page('asso', r.headers.get('location'));
  assert.match(after, /<strong>retirée<\/strong>/);
  assert.deepEqual(await publicNames(), ['Boulangerie Dupain']);
  // Someone else's endorsement cannot be withdrawn.
  const boulHtml = await page('boul', '/espace/boulangerie/reconnaissances');
  const boulUid = /name="uid" value="([^"]+)"/.exec(boulHtml)[1];
  const steal = await post('asso', '/espace/asso/reconnaissances/retrait', { uid: boulUid });
  assert.equal(steal.status, 404);
  assert.deepEqual(await publicNames(), ['Boulangerie Dupain']);
});

test('the issuer sends a tutor a recommendation link from the award page', async () => {
  const award = S.cli(['award', '--badge', badge, '--email', 'lea@example.org', '--name', 'Léa']).split('/').pop();
  const staffPage = await page('ml', `/espace/ml/attributions/${award}`);
  assert.match(staffPage, new RegExp(`href="/espace/ml/attributions/${award}/recommandation"`));
  const formPage = await page('ml', `/espace/ml/attributions/${award}/recommandation`);
  assert.match(formPage, /<label for="tutor-email">Son adresse e-mail<\/label>/);

  const bad = await post('ml', `/espace/ml/attributions/${award}/recommandation`, { name: 'Jeanne', email: 'pas une adresse' });
  assert.equal(bad.status, 400);
  const t = await bad.text();
  assert.match(t, /id="tutor-email"[^>]*value="pas une adresse" aria-describedby="tutor-email-error" aria-invalid="true"/);
  assert.match(t, /role="alert"/);

  // Another organisation's award: not found.
  const foreign = await post('asso', `/espace/asso/attributions/${award}/recommandation`, { name: 'Jeanne', email: 'j@example.org' });
  assert.equal(foreign.status, 404);
  await page('asso', `/espace/asso/attributions/${award}/recommandation`, 404); // nor its form

  const ok = await post('ml', `/espace/ml/attributions/${award}/recommandation`, { name: 'Jeanne', email: 'j@example.org' });
  assert.equal(ok.status, 303);
  assert.match(await page('ml', ok.headers.get('location')), /Le lien de recommandation a été envoyé par e-mail/);
});
