'use strict';
/*
 * The young person's own first name and birth year (/sac/compte, issue 8)
 * against a real `blason serve`: changed from the account page and shown
 * across the backpack and its public page, French errors next to the
 * fields with the typed values kept, hostile text escaped, CSRF required,
 * and the minor rule: a birth year that makes the holder 16 withdraws the
 * public page they had, at once, until they allow public pages.
 * Run from the repository root: node --test tests/http/backpack-profile.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { Site, repoRoot } = require('../lib/server');
const { parisDate } = require('../lib/paris');

const site = new Site();
let sam, award;

async function post(p, fields, cookie) {
  return fetch(site.base + p, { method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html',
      ...(cookie ? { Cookie: cookie } : {}) }, body: new URLSearchParams(fields).toString() });
}
async function get(p, cookie) {
  return fetch(site.base + p, { redirect: 'manual', headers: { Accept: 'text/html', ...(cookie ? { Cookie: cookie } : {}) } });
}
const csrfOf = (html) => /name="csrf" value="([^"]+)"/.exec(html)[1];
const csrf = async () => csrfOf(await (await get('/sac/compte', sam)).text());

test.before(async () => {
  await site.start({ config: 'test_routes = true\n' });
  site.cli(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale', '--url', 'https://example.org', '--email', 'c@example.org']);
  const badge = site.cli(['badge', 'add', '--org', 'ml', '--name', 'Atelier CV', '--description', 'd', '--criteria', 'c',
    '--image', path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg')]).split('/').pop();
  award = site.cli(['award', '--badge', badge, '--email', 'sam@example.org', '--name', 'Sam']).split('/').pop();
  const link = site.cli(['holder', 'create', '--first-name', 'Sam', '--phone', '06 12 12 12 12']).split('\n')[1];
  site.cli(['holder', 'claim', '--holder-link', link.split('/').pop(), '--award', award]);
  await site.serve();
  await post('/sac/connexion', { identifiant: '06 12 12 12 12' });
  const r = await fetch(`${site.base}/test/sac/outbox?to=%2B33612121212&channel=sms`);
  const code = /code est (\d{6})/.exec((await r.json()).text)[1];
  const s = await post('/sac/code', { identifiant: '06 12 12 12 12', code });
  assert.equal(s.status, 303);
  sam = 'sac=' + /(?:^|,\s*)sac=([^;]+)/.exec(s.headers.get('set-cookie'))[1];
});

test.after(async () => { await site.stop(); });

test('the first name is changed from the account page, escaped everywhere', async () => {
  const page = await (await get('/sac/compte', sam)).text();
  assert.match(page, /id="prenom" name="prenom" value="Sam"/);
  const hostile = 'Samia <script>alert(1)</script>';
  const r = await post('/sac/compte/profil', { csrf: await csrf(), prenom: hostile, annee: '' }, sam);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/sac/compte?profil=1');
  const after = await (await get('/sac/compte?profil=1', sam)).text();
  assert.match(after, /Vos informations sont enregistrées/);
  assert.ok(after.includes('value="Samia &lt;script&gt;alert(1)&lt;/script&gt;"'), 'escaped in the form');
  const home = await (await get('/sac', sam)).text();
  assert.ok(home.includes('Samia &lt;script&gt;'), 'the backpack greets the new name');
  assert.ok(!home.includes('<script>alert(1)'));
});

test('refusals are in French next to the field, the typed values kept, nothing saved', async () => {
  for (const [fields, field, msg] of [
    [{ prenom: '   ', annee: '' }, 'prenom', /Écrivez votre prénom/],
    [{ prenom: 'Sam', annee: '08' }, 'annee', /4 chiffres/],
    [{ prenom: 'Sam', annee: '1850' }, 'annee', /n’est pas possible/],
    [{ prenom: 'Sam', annee: String(parisDate().year) }, 'annee', /n’est pas possible/],
    [{ prenom: 'x'.repeat(101), annee: '' }, 'prenom', /100 caractères/],
  ]) {
    const r = await post('/sac/compte/profil', { csrf: await csrf(), ...fields }, sam);
    assert.equal(r.status, 400, JSON.stringify(fields));
    const html = await r.text();
    assert.match(html, new RegExp(`id="${field}-error"`));
    assert.match(html, msg);
    assert.match(html, new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
    assert.ok(html.includes(`value="${fields.annee}"`), 'the year typed is kept');
  }
  const page = await (await get('/sac/compte', sam)).text();
  assert.match(page, /name="annee" value=""/, 'no year was saved');
  // Without the session's CSRF token nothing changes.
  assert.equal((await post('/sac/compte/profil', { prenom: 'Pirate', annee: '' }, sam)).status, 403);
  assert.ok(!(await (await get('/sac', sam)).text()).includes('Pirate'));
});

test('a birth year that makes the holder a minor withdraws their public page at once', async () => {
  let page = await (await get(`/sac/badges/${award}`, sam)).text();
  assert.equal((await post(`/sac/badges/${award}/partage`, { csrf: csrfOf(page), on: '1' }, sam)).status, 303);
  page = await (await get(`/sac/badges/${award}`, sam)).text();
  const share = /http:\/\/127\.0\.0\.1:\d+(\/b\/[A-Za-z0-9_-]{22})/.exec(page)[1];
  assert.equal((await get(share)).status, 200);
  const sixteen = String(parisDate().year - 16);
  const r = await post('/sac/compte/profil', { csrf: await csrf(), prenom: 'Sam', annee: sixteen }, sam);
  assert.equal(r.status, 303);
  assert.equal((await get(share)).status, 404, 'withdrawn with the minor rule');
  page = await (await get(`/sac/badges/${award}`, sam)).text();
  assert.ok(!page.includes('/b/'), 'no public page proposed to a minor who did not allow it');
  // An adult year again: nothing comes back by itself.
  assert.equal((await post('/sac/compte/profil', { csrf: await csrf(), prenom: 'Sam', annee: '1990' }, sam)).status, 303);
  assert.equal((await get(share)).status, 404);
  assert.match(await (await get('/sac/compte', sam)).text(), /name="annee" value="1990"/);
});
