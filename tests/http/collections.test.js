'use strict';
/*
 * Collections in the young person's backpack (/sac/collections, issue 8)
 * against a real `blason serve`: making one (French errors next to the
 * fields, values kept), choosing badges (only the holder's own, in a kept
 * order), the public page /c/{token} (exactly those badges, the first name,
 * no address or phone, hostile names escaped), another holder gets 404,
 * withdrawal and re-publication (a new token, the old one dead), moving
 * badges up and down (both pages follow, the ends do nothing, 404 for
 * another holder, 403 without the CSRF token), the minor
 * rule, the per-holder limit, the export ZIP, deleting a collection and
 * deleting the account.  Holders sign in by phone: the code is read from
 * the outbox through the test-only route.
 * Run from the repository root: node --test tests/http/collections.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Site } = require('../lib/server');
const { parisDate } = require('../lib/paris');

const site = new Site();
const aw = {}; // award uids
let nora, omar, mia; // cookies

async function post(p, fields, cookie) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) body.append(k, x);
  return fetch(site.base + p, { method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html',
      ...(cookie ? { Cookie: cookie } : {}) }, body: body.toString() });
}
async function get(p, cookie) {
  return fetch(site.base + p, { redirect: 'manual',
    headers: { Accept: 'text/html', ...(cookie ? { Cookie: cookie } : {}) } });
}
const csrfOf = (html) => /name="csrf" value="([^"]+)"/.exec(html)[1];
const csrf = async (cookie) => csrfOf(await (await get('/sac', cookie)).text());
async function signIn(phone) {
  await post('/sac/connexion', { identifiant: phone });
  const r = await fetch(`${site.base}/test/sac/outbox?to=${encodeURIComponent(phone)}&channel=sms`);
  const code = /code est (\d{6})/.exec((await r.json()).text)[1];
  const s = await post('/sac/code', { identifiant: phone, code });
  assert.equal(s.status, 303);
  return 'sac=' + /(?:^|,\s*)sac=([^;]+)/.exec(s.headers.get('set-cookie'))[1];
}
// A holder with a phone and the awards given, claimed at a stand.
function holder(first, phone, uids) {
  const link = site.cli(['holder', 'create', '--first-name', first, '--phone', phone]).split('\n')[1];
  for (const u of uids) site.cli(['holder', 'claim', '--holder-link', link.split('/').pop(), '--award', u]);
}
async function create(cookie, nom, description = '') {
  const r = await post('/sac/collections', { csrf: await csrf(cookie), nom, description }, cookie);
  assert.equal(r.status, 303, await r.text());
  return /^\/sac\/collections\/([A-Za-z0-9_-]{22})$/.exec(r.headers.get('location'))[1];
}
async function publish(cookie, uid, on = '1') {
  const r = await post(`/sac/collections/${uid}/partage`, { csrf: await csrf(cookie), on }, cookie);
  assert.equal(r.status, 303);
  const page = await (await get(`/sac/collections/${uid}`, cookie)).text();
  const m = /(http:\/\/127\.0\.0\.1:\d+\/c\/([A-Za-z0-9_-]{22}))/.exec(page);
  return m ? m[1] : null;
}
const sqlite = (sql) => spawnSync('sqlite3', [path.join(site.tmp, 'blason.db'), sql], { encoding: 'utf8' });
const haveSqlite = !process.env.BLASON_TEST_DB && spawnSync('sqlite3', ['-version']).status === 0;

test.before(async () => {
  await site.start({ config: 'test_routes = true\ncache_ttl = 0\n' });
  const img = path.join(site.tmp, 'b.svg');
  fs.writeFileSync(img, '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#0b4f9c"/></svg>');
  site.cli(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale de Paris', '--url', 'https://example.org', '--email', 'c@example.org']);
  const badge = (name) => site.cli(['badge', 'add', '--org', 'ml', '--name', name, '--description', 'Reconnu au salon',
    '--criteria', 'Un atelier', '--image', img]).split('/').pop();
  const cv = badge('Atelier CV'), sport = badge('Défi sportif'), entretien = badge('Atelier entretien');
  const award = (b, email, name) => site.cli(['award', '--badge', b, '--email', email, '--name', name]).split('/').pop();
  aw.cv = award(cv, 'nora@example.org', 'Nora');
  aw.sport = award(sport, 'nora@example.org', 'Nora');
  aw.entretien = award(entretien, 'nora@example.org', 'Nora');
  aw.omar = award(cv, 'omar@example.org', 'Omar');
  aw.mia = award(sport, 'mia@example.org', 'Mia');
  holder('Nora', '07 00 00 00 11', [aw.cv, aw.sport, aw.entretien]);
  holder('Omar', '07 00 00 00 12', [aw.omar]);
  holder('Mia', '07 00 00 00 13', [aw.mia]);
  site.cli(['revoke', aw.entretien, '--reason', 'erreur de saisie']);
  await site.serve();
  nora = await signIn('+33700000011');
  omar = await signIn('+33700000012');
  mia = await signIn('+33700000013');
});

test.after(async () => { await site.stop(); });

test('nothing without a session; CSRF is required', async () => {
  let r = await get('/sac/collections');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/sac/connexion');
  r = await post('/sac/collections', { nom: 'Sans jeton' }, nora);
  assert.equal(r.status, 403);
  r = await post('/sac/collections', { csrf: await csrf(omar), nom: 'Jeton d’un autre' }, nora);
  assert.equal(r.status, 403);
  assert.equal((await get(`/c/${'A'.repeat(22)}`)).status, 404);
  const home = await (await get('/sac', nora)).text();
  assert.ok(home.includes('href="/sac/collections"'), 'the backpack links to the collections');
});

test('a name is required and has at most 80 characters; the values are kept', async () => {
  const token = await csrf(nora);
  let r = await post('/sac/collections', { csrf: token, nom: '   ', description: 'gardée' }, nora);
  assert.equal(r.status, 400);
  let page = await r.text();
  assert.match(page, /role="alert"/);
  assert.match(page, /<p class="field-message" id="nom-erreur">Donnez un nom à la collection\.<\/p>/);
  assert.match(page, /id="nom"[^>]*aria-describedby="nom-aide nom-erreur"[^>]*aria-invalid="true"/);
  assert.match(page, />gardée<\/textarea>/);
  const long = 'é'.repeat(81);
  r = await post('/sac/collections', { csrf: token, nom: long }, nora);
  assert.equal(r.status, 400);
  page = await r.text();
  assert.match(page, /80 caractères au plus/);
  assert.ok(page.includes(`value="${long}"`), 'the name typed is kept');
  r = await post('/sac/collections', { csrf: token, nom: 'bip\u0007' }, nora);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /id="nom-erreur">Ce texte contient des caractères qui ne sont pas permis/);
  r = await post('/sac/collections', { csrf: token, nom: 'x', description: 'd'.repeat(501) }, nora);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /id="description-erreur">La description est trop longue/);
  const uid = await create(nora, 'é'.repeat(80));
  page = await (await get(`/sac/collections/${uid}`, nora)).text();
  assert.ok(page.includes(`<h1 id="coll-title">${'é'.repeat(80)}</h1>`), '80 characters (160 bytes) are fine');
});

let coll, share;
const hostile = '<script>alert(1)</script> & "Vente" \'x\'';

test('choosing badges: only the holder\'s own, in a kept order', async () => {
  coll = await create(nora, hostile, 'Pour <b>mon</b> stage');
  let page = await (await get(`/sac/collections/${coll}`, nora)).text();
  assert.ok(!page.includes('<script>alert(1)</script>'), 'the name is escaped');
  assert.ok(!page.includes('<b>mon</b>'));
  for (const u of [aw.cv, aw.sport, aw.entretien]) assert.ok(page.includes(`value="${u}"`));
  assert.ok(!page.includes(aw.omar), 'only her own badges are offered');
  const token = csrfOf(page);
  let r = await post(`/sac/collections/${coll}`, { csrf: token, nom: hostile, description: 'Pour <b>mon</b> stage',
    badge: [aw.entretien, aw.cv] }, nora);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/sac/collections/${coll}?enregistre=1`);
  r = await post(`/sac/collections/${coll}`, { csrf: token, nom: hostile, badge: [aw.cv, aw.omar] }, nora);
  assert.equal(r.status, 404, 'another holder\'s award cannot be added');
  r = await post(`/sac/collections/${coll}`, { csrf: token, nom: '', badge: [aw.sport] }, nora);
  assert.equal(r.status, 400);
  page = await r.text();
  assert.match(page, new RegExp(`value="${aw.sport}" checked`), 'the boxes ticked are kept on error');
  assert.doesNotMatch(page, new RegExp(`value="${aw.cv}" checked`));
  // Kept items keep their place; new ones follow.
  r = await post(`/sac/collections/${coll}`, { csrf: token, nom: hostile, description: 'Pour <b>mon</b> stage',
    badge: [aw.sport, aw.cv, aw.entretien] }, nora);
  assert.equal(r.status, 303);
  page = await (await get(`/sac/collections/${coll}`, nora)).text();
  for (const u of [aw.cv, aw.sport, aw.entretien]) assert.match(page, new RegExp(`value="${u}" checked`));
  r = await post(`/sac/collections/${coll}`, { csrf: token, nom: hostile, description: 'Pour <b>mon</b> stage',
    badge: [aw.entretien, aw.sport] }, nora);
  assert.equal(r.status, 303);
  const list = await (await get('/sac/collections', nora)).text();
  assert.match(list, /2 badges/);
});

test('publishing: the public page shows exactly those badges and nothing private', async () => {
  let page = await (await get(`/sac/collections/${coll}`, nora)).text();
  assert.ok(!page.includes('/c/'), 'private by default');
  share = await publish(nora, coll);
  assert.ok(share, 'a public link');
  assert.equal(await publish(nora, coll), share, 'publishing twice keeps the same page');
  const r = await fetch(share, { headers: { Accept: 'text/html' } });
  assert.equal(r.status, 200);
  const pub = await r.text();
  assert.ok(pub.includes('&lt;script&gt;alert(1)&lt;/script&gt;') || pub.includes('&#60;script&#62;'), 'the name escaped');
  assert.ok(!pub.includes('<script>alert(1)</script>'));
  assert.ok(!pub.includes('<b>mon</b>'));
  assert.match(pub, /Collection de <strong>Nora<\/strong>/);
  const verify = [...pub.matchAll(/href="(http:\/\/127\.0\.0\.1:\d+\/awards\/([A-Za-z0-9_-]{22}))"/g)].map((m) => m[2]);
  assert.deepEqual(verify, [aw.entretien, aw.sport], 'exactly those badges, in their order');
  assert.ok(pub.includes('Atelier entretien') && pub.includes('Défi sportif'));
  assert.ok(!pub.includes('Atelier CV'));
  assert.match(pub, /révoqué/, 'a revoked badge stays, with its state');
  assert.match(pub, /Mission Locale de Paris/);
  for (const secret of ['nora@example.org', '+33700000011', '07 00 00 00 11', 'name="csrf"']) assert.ok(!pub.includes(secret), secret);
  // Each verification link answers.
  for (const u of verify) assert.equal((await fetch(`${site.base}/awards/${u}`, { headers: { Accept: 'text/html' } })).status, 200);
});

test('another holder gets 404 on every URL of the collection', async () => {
  const token = await csrf(omar);
  assert.equal((await get(`/sac/collections/${coll}`, omar)).status, 404);
  assert.equal((await post(`/sac/collections/${coll}`, { csrf: token, nom: 'pris', badge: [aw.omar] }, omar)).status, 404);
  assert.equal((await post(`/sac/collections/${coll}/partage`, { csrf: token, on: '0' }, omar)).status, 404);
  assert.equal((await post(`/sac/collections/${coll}/suppression`, { csrf: token, confirmer: 'oui' }, omar)).status, 404);
  assert.ok(!(await (await get('/sac/collections', omar)).text()).includes(coll));
  assert.equal((await fetch(share)).status, 200, 'still public');
});

test('withdrawing makes the page 404 at once; publishing again makes a new link', async () => {
  assert.equal(await publish(nora, coll, '0'), null);
  assert.equal((await fetch(share)).status, 404);
  const again = await publish(nora, coll);
  assert.ok(again && again !== share, 'a new token');
  assert.equal((await fetch(share)).status, 404, 'the old link stays dead');
  assert.equal((await fetch(again)).status, 200);
  share = again;
});

// The order of the badges on the edit page (the "L'ordre des badges" list) and on the public page.
const editOrder = (html) => [...html.matchAll(/<li id="o-([A-Za-z0-9_-]{22})"/g)].map((m) => m[1]);
const publicOrder = async () => [...(await (await fetch(share, { headers: { Accept: 'text/html' } })).text())
  .matchAll(/href="http:\/\/127\.0\.0\.1:\d+\/awards\/([A-Za-z0-9_-]{22})"/g)].map((m) => m[1]);
async function move(cookie, badge, sens, token) {
  const fields = { badge, sens };
  if (token !== null) fields.csrf = token || await csrf(cookie);
  return post(`/sac/collections/${coll}/ordre`, fields, cookie);
}
// The "Monter" / "Descendre" forms of one badge's item on the edit page.
function movesOf(html, badge) {
  const li = new RegExp(`<li id="o-${badge}"[^]*?</li>`).exec(html)[0];
  return [...li.matchAll(/name="sens" value="(haut|bas)"[^]*?<button[^>]*>([^]*?)<\/button>/g)]
    .map((m) => [m[1], m[2].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()]);
}

test('reordering: Monter / Descendre move one place, both pages show the order, ends do nothing', async () => {
  const token = await csrf(nora);
  let r = await post(`/sac/collections/${coll}`, { csrf: token, nom: hostile, description: 'Pour <b>mon</b> stage',
    badge: [aw.entretien, aw.sport, aw.cv] }, nora);
  assert.equal(r.status, 303);
  let page = await (await get(`/sac/collections/${coll}`, nora)).text();
  assert.deepEqual(editOrder(page), [aw.entretien, aw.sport, aw.cv], 'the order of choice');
  assert.deepEqual(await publicOrder(), [aw.entretien, aw.sport, aw.cv]);
  // The first has no "Monter", the last no "Descendre"; each button names its badge.
  assert.deepEqual(movesOf(page, aw.entretien), [['bas', '↓ Descendre « Atelier entretien »']]);
  assert.deepEqual(movesOf(page, aw.sport), [['haut', '↑ Monter « Défi sportif »'], ['bas', '↓ Descendre « Défi sportif »']]);
  assert.deepEqual(movesOf(page, aw.cv), [['haut', '↑ Monter « Atelier CV »']]);
  assert.match(page, /<span aria-hidden="true">↑<\/span> Monter<span class="visually-hidden"> « Atelier CV »<\/span>/);

  r = await move(nora, aw.cv, 'haut', token);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/sac/collections/${coll}#o-${aw.cv}`, 'back to the badge moved');
  page = await (await get(`/sac/collections/${coll}`, nora)).text();
  assert.deepEqual(editOrder(page), [aw.entretien, aw.cv, aw.sport]);
  assert.deepEqual(await publicOrder(), [aw.entretien, aw.cv, aw.sport], 'the public page follows');
  assert.deepEqual(movesOf(page, aw.sport).map((m) => m[0]), ['haut'], 'the new last has no "Descendre"');

  // Beyond the ends: 303 back, nothing moves.
  for (const [badge, sens] of [[aw.entretien, 'haut'], [aw.sport, 'bas']]) {
    r = await move(nora, badge, sens, token);
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/sac/collections/${coll}#o-${badge}`);
  }
  assert.deepEqual(editOrder(await (await get(`/sac/collections/${coll}`, nora)).text()), [aw.entretien, aw.cv, aw.sport]);

  r = await move(nora, aw.entretien, 'bas', token);
  assert.equal(r.status, 303);
  assert.deepEqual(await publicOrder(), [aw.cv, aw.entretien, aw.sport]);
  // Saving the form again keeps the order chosen.
  r = await post(`/sac/collections/${coll}`, { csrf: token, nom: hostile, description: 'Pour <b>mon</b> stage',
    badge: [aw.entretien, aw.sport, aw.cv] }, nora);
  assert.equal(r.status, 303);
  assert.deepEqual(await publicOrder(), [aw.cv, aw.entretien, aw.sport]);
});

test('reordering is refused without the CSRF token, for another holder and for a badge not in it', async () => {
  const before = [aw.cv, aw.entretien, aw.sport];
  assert.equal((await move(nora, aw.sport, 'haut', null)).status, 403, 'no CSRF token');
  assert.equal((await move(nora, aw.sport, 'haut', await csrf(omar))).status, 403, 'another session\'s token');
  assert.equal((await move(omar, aw.sport, 'haut')).status, 404, 'another holder\'s collection');
  assert.equal((await move(omar, aw.omar, 'haut')).status, 404);
  assert.equal((await move(nora, aw.omar, 'haut')).status, 404, 'another holder\'s badge');
  assert.equal((await move(nora, 'A'.repeat(22), 'bas')).status, 404);
  assert.equal((await move(nora, aw.sport, 'gauche')).status, 400, 'only haut or bas');
  const other = await create(nora, 'Une autre');
  const r = await post(`/sac/collections/${other}/ordre`, { csrf: await csrf(nora), badge: aw.sport, sens: 'haut' }, nora);
  assert.equal(r.status, 404, 'a badge of the holder that is not in this collection');
  assert.equal((await post(`/sac/collections/${other}/suppression`, { csrf: await csrf(nora), confirmer: 'oui' }, nora)).status, 303);
  assert.deepEqual(editOrder(await (await get(`/sac/collections/${coll}`, nora)).text()), before, 'nothing moved');
  assert.deepEqual(await publicOrder(), before);
  // Back to the two badges the tests below expect, in their first order.
  assert.equal((await move(nora, aw.cv, 'bas')).status, 303);
  assert.equal((await post(`/sac/collections/${coll}`, { csrf: await csrf(nora), nom: hostile,
    description: 'Pour <b>mon</b> stage', badge: [aw.entretien, aw.sport] }, nora)).status, 303);
  assert.deepEqual(await publicOrder(), [aw.entretien, aw.sport]);
});

test('a minor cannot publish until they allow public pages', async () => {
  const year = parisDate().year;
  // Mia says she is 16 on her account page.
  const acc = await (await get('/sac/compte', mia)).text();
  assert.equal((await post('/sac/compte/profil', { csrf: csrfOf(acc), prenom: 'Mia', annee: String(year - 16) }, mia)).status, 303);
  const uid = await create(mia, 'Mes badges');
  let page = await (await get(`/sac/collections/${uid}`, mia)).text();
  assert.match(page, /moins de 18 ans : cette collection reste privée/);
  assert.ok(!page.includes('Créer la page publique'));
  const r = await post(`/sac/collections/${uid}/partage`, { csrf: csrfOf(page), on: '1' }, mia);
  assert.equal(r.status, 403);
  if (haveSqlite) assert.equal(sqlite('SELECT COUNT(*) FROM holder_collection_shares').stdout.trim(), '2', 'no page made (Nora\'s two only)');
  assert.ok(!(await (await get(`/sac/collections/${uid}`, mia)).text()).includes('/c/'), 'no page made');
  assert.equal((await post('/sac/mineur', { csrf: csrfOf(page), autoriser: '1' }, mia)).status, 303);
  const link = await publish(mia, uid);
  assert.ok(link);
  assert.equal((await fetch(link)).status, 200);
  // Changing her mind withdraws it.
  assert.equal((await post('/sac/mineur', { csrf: csrfOf(page), autoriser: '0' }, mia)).status, 303);
  assert.equal((await fetch(link)).status, 404);
  page = await (await get(`/sac/collections/${uid}`, mia)).text();
  assert.ok(!page.includes('/c/'));
});

test('at most 50 collections per holder', async () => {
  const token = await csrf(omar);
  for (let i = 0; i < 50; i++) {
    const r = await post('/sac/collections', { csrf: token, nom: `Collection ${i}` }, omar);
    assert.equal(r.status, 303, `collection ${i}`);
  }
  const r = await post('/sac/collections', { csrf: token, nom: 'Une de trop' }, omar);
  assert.equal(r.status, 409);
  const page = await r.text();
  assert.match(page, /déjà 50 collections/);
  assert.match(page, /value="Une de trop"/);
});

test('the export ZIP contains the collections', async () => {
  const r = await get('/sac/compte/export.zip', nora);
  assert.equal(r.status, 200);
  const zip = path.join(site.tmp, 'export.zip');
  fs.writeFileSync(zip, Buffer.from(await r.arrayBuffer()));
  const un = spawnSync('unzip', ['-p', zip, 'account.json'], { encoding: 'utf8' });
  assert.equal(un.status, 0, un.stderr);
  const acc = JSON.parse(un.stdout);
  const c = acc.collections.find((x) => x.uid === coll);
  assert.ok(c, JSON.stringify(acc.collections));
  assert.equal(c.name, hostile);
  assert.equal(c.description, 'Pour <b>mon</b> stage');
  assert.deepEqual(c.awards, [aw.entretien, aw.sport]);
  assert.equal(c.public_page, share);
  assert.equal(acc.collections.length, 2);
});

test('deleting a collection needs the box ticked and kills its page', async () => {
  const uid = await create(nora, 'À jeter');
  await post(`/sac/collections/${uid}`, { csrf: await csrf(nora), nom: 'À jeter', badge: [aw.cv] }, nora);
  const link = await publish(nora, uid);
  let r = await post(`/sac/collections/${uid}/suppression`, { csrf: await csrf(nora) }, nora);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /id="confirmer"[^>]*aria-invalid="true"/);
  r = await post(`/sac/collections/${uid}/suppression`, { csrf: await csrf(nora), confirmer: 'oui' }, nora);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/sac/collections');
  assert.equal((await get(`/sac/collections/${uid}`, nora)).status, 404);
  assert.equal((await fetch(link)).status, 404);
  assert.ok((await (await get('/sac', nora)).text()).includes(aw.cv), 'the badge stays in the backpack');
});

test('deleting the account removes the collections and their public pages', async () => {
  const acc = await (await get('/sac/compte', nora)).text();
  assert.match(acc, /vos collections sont supprimées/);
  const r = await post('/sac/compte/suppression', { csrf: csrfOf(acc), confirmer: 'oui' }, nora);
  assert.equal(r.status, 200);
  assert.equal((await fetch(share)).status, 404);
  if (haveSqlite) {
    assert.equal(sqlite(`SELECT COUNT(*) FROM holder_collections WHERE uid = '${coll}'`).stdout.trim(), '0');
    const audit = sqlite("SELECT action FROM audit_log WHERE action LIKE 'holder.collection_%' ORDER BY id").stdout.trim().split('\n');
    for (const a of ['holder.collection_create', 'holder.collection_publish', 'holder.collection_withdraw', 'holder.collection_delete']) {
      assert.ok(audit.includes(a), a);
    }
  }
});
