'use strict';
/*
 * The issuer space's first pages over real HTTP: sign-in (French messages,
 * values kept, login CSRF refused by Origin, no open redirect), the home of
 * an organisation, sign-out with the session's CSRF token, the home page.
 * Run from the repository root: node --test tests/http/
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const { BLASON, Site } = require('../lib/server');
const PASSWORD = 'un mot de passe assez long';
let S, tmp, base, site;

function blason(args, input) {
  return S.cli(args, input);
}

function post(p, fields, headers = {}) {
  return fetch(base + p, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
    headers: { Origin: base, ...headers } });
}

test.before(async () => {
  S = await new Site().start();
  ({ tmp, base } = S);
  site = S.args;
  for (const [slug, name] of [['ml', 'Mission Locale de Paris'], ['asso', 'Association Sport & Emploi']]) {
    blason(['org', 'add', '--slug', slug, '--name', name, '--url', 'https://example.org', '--email', 'c@example.org']);
  }
  blason(['user', 'add', '--email', 'nadia@example.org', '--name', 'Nadia', '--org', 'ml', '--role', 'admin',
    '--password-file', '-'], `${PASSWORD}\n`);
  blason(['user', 'role', '--email', 'nadia@example.org', '--org', 'asso', '--role', 'viewer']);
  blason(['user', 'add', '--email', 'solo@example.org', '--name', 'Solo', '--password-file', '-'], `${PASSWORD}\n`);
  await S.serve();
});

test.after(async () => {
  if (S) await S.stop();
});

test('the space sends strangers to the sign-in page and brings them back', async () => {
  const r = await fetch(`${base}/espace/ml`, { redirect: 'manual' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/connexion?suite=/espace/ml');
  const page = await (await fetch(`${base}/connexion?suite=/espace/ml`)).text();
  assert.match(page, /<html lang="fr">/);
  assert.match(page, /name="suite" value="\/espace\/ml"/);
});

test('a wrong password says so in French and keeps the email', async () => {
  const r = await post('/connexion', { email: 'nadia@example.org', password: 'mauvais mot de passe', suite: '/espace' });
  assert.equal(r.status, 403);
  const html = await r.text();
  assert.match(html, /Adresse e-mail ou mot de passe incorrect/);
  assert.match(html, /value="nadia@example.org"/);
  assert.match(html, /aria-invalid="true"/);
});

test('signing in opens the space; the organisation switcher lists both; sign-out needs the CSRF token', async () => {
  const r = await post('/connexion', { email: 'nadia@example.org', password: PASSWORD, suite: '/espace/asso' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/espace/asso');
  const setCookie = r.headers.get('set-cookie');
  assert.match(setCookie, /HttpOnly/);
  const cookie = setCookie.split(';')[0];
  const home = await (await fetch(`${base}/espace/asso`, { headers: { Cookie: cookie } })).text();
  assert.match(home, /Association Sport &amp; Emploi/);
  assert.match(home, /Vous êtes <strong>lecteur<\/strong>/);
  assert.match(home, /href="\/espace\/ml"/);
  const other = await fetch(`${base}/espace/unknown`, { headers: { Cookie: cookie, Accept: 'text/html' } });
  assert.equal(other.status, 404);
  const csrf = /name="csrf" value="([^"]+)"/.exec(home)[1];
  const noToken = await post('/deconnexion', {}, { Cookie: cookie });
  assert.equal(noToken.status, 403);
  const out = await post('/deconnexion', { csrf }, { Cookie: cookie });
  assert.equal(out.status, 303);
  const after = await fetch(`${base}/espace/asso`, { headers: { Cookie: cookie }, redirect: 'manual' });
  assert.equal(after.status, 303, 'the session is over');
});

test('sign-in refuses a form posted from another site, and never redirects off-site', async () => {
  const evil = await post('/connexion', { email: 'nadia@example.org', password: PASSWORD }, { Origin: 'https://evil.example' });
  assert.equal(evil.status, 403);
  for (const suite of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
    const r = await post('/connexion', { email: 'nadia@example.org', password: PASSWORD, suite });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/espace', suite);
  }
});

test('an account without organisation gets a page that says what to do', async () => {
  const r = await post('/connexion', { email: 'solo@example.org', password: PASSWORD });
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const html = await (await fetch(`${base}/espace`, { headers: { Cookie: cookie } })).text();
  assert.match(html, /aucune organisation/);
});

test('the home page names the issuers', async () => {
  const html = await (await fetch(`${base}/`)).text();
  assert.match(html, /Mission Locale de Paris/);
  assert.match(html, /href="\/verifier"/);
});
