'use strict';
/*
 * The JSON API over real HTTP: `blason serve` on 127.0.0.1 with a temporary
 * SQLite database; accounts and an API token made with the CLI.  Sign-in,
 * cookies and CSRF, roles, validation errors with stable codes,
 * idempotent awards, revocation, the audit log, tokens bound to their
 * organisation, login rate limiting.
 * Run from the repository root: node --test tests/http/
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const { BLASON, Site } = require('../lib/server');
const { apiCall } = require('../lib/api');
const { encode } = require('../interop/lib/png');
const PASSWORD = 'un mot de passe assez long';

let S, tmp, base, site, token, otherToken;
const svg = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg'));
const image = `data:image/svg+xml;base64,${svg.toString('base64')}`;

function blason(args, input) {
  return S.cli(args, input);
}

const call = (method, p, opts) => apiCall(base, method, p, opts);

async function signIn(email) {
  const r = await call('POST', '/api/v1/session', { body: { email, password: PASSWORD } });
  assert.equal(r.status, 200, r.text);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  return { cookie, csrf: r.json.csrf, setCookie: r.headers.get('set-cookie') };
}

test.before(async () => {
  S = await new Site().start();
  ({ tmp, base } = S);
  site = S.args;
  for (const slug of ['ml', 'other']) {
    blason(['org', 'add', '--slug', slug, '--name', `Org ${slug}`, '--url', 'https://example.org',
      '--email', 'contact@example.org']);
  }
  const users = [['admin@example.org', 'ml', 'admin'], ['issuer@example.org', 'ml', 'issuer'],
    ['viewer@example.org', 'ml', 'viewer'], ['else@example.org', 'other', 'admin']];
  for (const [email, org, role] of users) {
    blason(['user', 'add', '--email', email, '--name', email.split('@')[0], '--org', org,
      '--role', role, '--password-file', '-'], `${PASSWORD}\n`);
  }
  token = blason(['user', 'token', '--email', 'issuer@example.org', '--org', 'ml', '--name', 'import']);
  otherToken = blason(['user', 'token', '--email', 'else@example.org', '--org', 'other', '--name', 'x']);
  await S.serve();
});

test.after(async () => {
  if (S) await S.stop();
});

test('sign-in: wrong password refused, cookie HttpOnly and SameSite, CSRF needed to write', async () => {
  const bad = await call('POST', '/api/v1/session', { body: { email: 'admin@example.org', password: 'nope nope nope' } });
  assert.equal(bad.status, 403);
  assert.equal(bad.json.code, 'denied');
  const s = await signIn('admin@example.org');
  assert.match(s.setCookie, /HttpOnly/);
  assert.match(s.setCookie, /SameSite=Lax/);
  assert.equal((await call('GET', '/api/v1/orgs/ml/badges', { cookie: s.cookie })).status, 200);
  const noCsrf = await call('POST', '/api/v1/orgs/ml/badges', { cookie: s.cookie,
    body: { name: 'x', description: 'y', criteria: { narrative: 'z' }, image } });
  assert.equal(noCsrf.status, 403);
  assert.match(noCsrf.json.detail, /CSRF/);
  assert.equal((await call('GET', '/api/v1/orgs/ml/badges')).status, 401);
});

test('badge classes: created by an issuer, refused to a viewer, validated with field names', async () => {
  const s = await signIn('issuer@example.org');
  const body = { name: 'Atelier entretien', description: 'Préparer un entretien d’embauche',
    criteria: { narrative: 'Participer à l’atelier' }, image, tags: ['atelier'], validity: 'months:12',
    alignments: [{ targetName: 'Se présenter', targetUrl: 'https://example.org/c/1' }] };
  const r = await call('POST', '/api/v1/orgs/ml/badges', { cookie: s.cookie, csrf: s.csrf, body });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.headers.get('location'), r.json.id);
  assert.equal(r.json.validity, 'months:12');
  const v = await signIn('viewer@example.org');
  const denied = await call('POST', '/api/v1/orgs/ml/badges', { cookie: v.cookie, csrf: v.csrf, body });
  assert.equal(denied.status, 403);
  const invalid = await call('POST', '/api/v1/orgs/ml/badges', { cookie: s.cookie, csrf: s.csrf,
    body: { ...body, name: '' } });
  assert.equal(invalid.status, 400);
  assert.equal(invalid.json.code, 'invalid');
  assert.match(invalid.json.detail, /^name/);
  const badImage = await call('POST', '/api/v1/orgs/ml/badges', { cookie: s.cookie, csrf: s.csrf,
    body: { ...body, image: 'data:image/png;base64,AAAA' } });
  assert.equal(badImage.status, 400);
  const notJson = await call('POST', '/api/v1/orgs/ml/badges', { cookie: s.cookie, csrf: s.csrf, body: '{oops' });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.json.code, 'bad_json');
  const list = await call('GET', '/api/v1/orgs/ml/badges', { cookie: v.cookie });
  assert.equal(list.json.items.length, 1);
});

test('awards: idempotent with Idempotency-Key, listed, revoked once, audited', async () => {
  const list = await call('GET', '/api/v1/orgs/ml/badges', { bearer: token });
  assert.ok(list.json && list.json.items[0], list.text);
  const uid = list.json.items[0].uid;
  const body = { email: 'Camille@Example.org', name: 'Camille', evidenceUrl: 'https://example.org/e/1' };
  const a1 = await call('POST', `/api/v1/badges/${uid}/awards`, { bearer: token, body,
    headers: { 'Idempotency-Key': 'csv-2026-line-4' } });
  assert.equal(a1.status, 201, a1.text);
  const a2 = await call('POST', `/api/v1/badges/${uid}/awards`, { bearer: token, body,
    headers: { 'Idempotency-Key': 'csv-2026-line-4' } });
  assert.equal(a2.status, 200, a2.text);
  assert.ok(a2.json, `${a2.status} ${a2.text} ${JSON.stringify([...a2.headers])}`);
  assert.equal(a2.json.uid, a1.json.uid);
  const hosted = await fetch(a1.json.id);
  assert.equal(hosted.status, 200);
  const awards = await call('GET', '/api/v1/orgs/ml/awards', { bearer: token });
  assert.equal(awards.json.items.length, 1);
  assert.equal(awards.json.items[0].recipient.email, 'camille@example.org');
  const rv = await call('POST', `/api/v1/awards/${a1.json.uid}/revoke`, { bearer: token, body: { reason: 'doublon' } });
  assert.equal(rv.status, 200);
  assert.equal(rv.json.status, 'revoked');
  assert.equal(rv.json.revocationReason, 'doublon');
  const again = await call('POST', `/api/v1/awards/${a1.json.uid}/revoke`, { bearer: token });
  assert.equal(again.status, 409);
  assert.equal(again.json.code, 'already_exists');
  assert.equal((await fetch(a1.json.id)).status, 410);
  const admin = await signIn('admin@example.org');
  const audit = await call('GET', '/api/v1/orgs/ml/audit', { cookie: admin.cookie });
  const actions = audit.json.items.map((i) => i.action);
  assert.ok(actions.includes('award.issue') && actions.includes('award.revoke'), actions.join());
  assert.equal((await call('GET', '/api/v1/orgs/ml/audit', { bearer: token })).status, 403);
});

test('a token of another organisation sees nothing here', async () => {
  const r = await call('GET', '/api/v1/orgs/ml/badges', { bearer: otherToken });
  assert.equal(r.status, 404);
  const mine = await call('GET', '/api/v1/orgs/other/badges', { bearer: otherToken });
  assert.equal(mine.status, 200);
  const bad = await call('GET', '/api/v1/orgs/ml/badges', { bearer: `${token.slice(0, -2)}xx` });
  assert.equal(bad.status, 401);
  assert.equal(bad.json.code, 'unauthenticated');
});

// RFC 6750: nobody authenticated is a 401 with a Bearer challenge, on every
// route of the API; a token that is sent but unknown or revoked says
// invalid_token; someone known who lacks the role stays a 403.
test('nobody authenticated: 401 with a Bearer challenge; a bad token is invalid_token; a role is 403', async () => {
  const routes = [['GET', '/api/v1/orgs/ml/badges'], ['GET', '/api/v1/orgs/ml/awards'],
    ['GET', '/api/v1/orgs/ml/audit'], ['POST', '/api/v1/orgs/ml/badges'], ['DELETE', '/api/v1/session'],
    ['GET', '/api/v1/awards/nopeNOPEnopeNOPEnope12'], ['GET', '/api/v1/orgs/ml/pathways'],
    ['GET', '/api/v1/orgs/ml/opportunities']];
  // A token of the right form that was never issued, and one that is not even of the form.
  const bad = [`${token.slice(0, -2)}xx`, 'blt_notAtokenAtAll'];
  for (const [method, p] of routes) {
    const body = method === 'POST' ? {} : undefined;
    const none = await call(method, p, { body, headers: { Accept: 'application/json' } });
    assert.equal(none.status, 401, `${method} ${p}: ${none.text}`);
    assert.match(none.headers.get('content-type'), /^application\/problem\+json/);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="blason"', `${method} ${p}`);
    assert.equal(none.json.code, 'unauthenticated');
    assert.equal(none.json.status, 401);
    for (const b of bad) {
      const r = await call(method, p, { body, bearer: b });
      assert.equal(r.status, 401, `${method} ${p} with ${b}: ${r.text}`);
      assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="blason", error="invalid_token"');
      assert.equal(r.json.code, 'unauthenticated');
    }
  }
  const basic = await call('GET', '/api/v1/orgs/ml/badges', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
  assert.equal(basic.status, 401);
  assert.equal(basic.headers.get('www-authenticate'), 'Bearer realm="blason"');
  // Known but not allowed: 403 with no challenge.
  const v = await signIn('viewer@example.org');
  const denied = await call('GET', '/api/v1/orgs/ml/audit', { cookie: v.cookie });
  assert.equal(denied.status, 403);
  assert.equal(denied.json.code, 'denied');
  assert.equal(denied.headers.get('www-authenticate'), null);
  const viaToken = await call('GET', '/api/v1/orgs/ml/audit', { bearer: token });
  assert.equal(viaToken.status, 403);
  assert.equal(viaToken.headers.get('www-authenticate'), null);
});

test('sign-out ends the session', async () => {
  const s = await signIn('viewer@example.org');
  const out = await call('DELETE', '/api/v1/session', { cookie: s.cookie, csrf: s.csrf });
  assert.equal(out.status, 204);
  const ended = await call('GET', '/api/v1/orgs/ml/badges', { cookie: s.cookie });
  assert.equal(ended.status, 401, 'an ended session authenticates nobody');
  assert.equal(ended.headers.get('www-authenticate'), 'Bearer realm="blason"');
});

// Who may do what: every state-changing route against every kind of caller.
// (Earners — young people's accounts — arrive with the backpack; they hold no
// role in any organisation, which is what "viewer of another org" stands for
// here too.)
test('authorisation matrix of the state-changing routes', async () => {
  const admin = await signIn('admin@example.org');
  const issuer = await signIn('issuer@example.org');
  const viewer = await signIn('viewer@example.org');
  const outsider = await signIn('else@example.org');
  const callers = {
    anonymous: {},
    viewer: { cookie: viewer.cookie, csrf: viewer.csrf },
    'admin of another organisation': { cookie: outsider.cookie, csrf: outsider.csrf },
    'token of another organisation': { bearer: otherToken },
    issuer: { cookie: issuer.cookie, csrf: issuer.csrf },
    'issuer token': { bearer: token },
    admin: { cookie: admin.cookie, csrf: admin.csrf },
  };
  const allowed = new Set(['issuer', 'issuer token', 'admin']);
  const badgeBody = { name: 'Matrice', description: 'd', criteria: { narrative: 'c' }, image };
  const made = await call('POST', '/api/v1/orgs/ml/badges', { bearer: token, body: badgeBody });
  const uid = made.json.uid;
  for (const [who, auth] of Object.entries(callers)) {
    const ok = allowed.has(who);
    const b = await call('POST', '/api/v1/orgs/ml/badges', { ...auth, body: badgeBody });
    assert.equal(b.status === 201, ok, `create badge as ${who}: ${b.status} ${b.text}`);
    if (!ok) assert.equal(b.status, who === 'anonymous' ? 401 : who === 'viewer' ? 403 : 404, `${who}: ${b.status}`);
    const a = await call('POST', `/api/v1/badges/${uid}/awards`, { ...auth, body: { email: `m-${who.length}@example.org` } });
    assert.equal(a.status === 201, ok, `award as ${who}: ${a.status} ${a.text}`);
    // Revoke: an award made by the issuer token for each caller.
    const victim = await call('POST', `/api/v1/badges/${uid}/awards`, { bearer: token, body: { email: 'v@example.org' } });
    const r = await call('POST', `/api/v1/awards/${victim.json.uid}/revoke`, { ...auth, body: {} });
    assert.equal(r.status === 200, ok, `revoke as ${who}: ${r.status} ${r.text}`);
    // Outside the organisation the award does not exist: 404, never a 403 that confirms it.
    if (/another organisation/.test(who)) assert.equal(r.status, 404, `revoke as ${who}: ${r.text}`);
    if (!ok) {
      const still = await call('GET', `/api/v1/awards/${victim.json.uid}`, { bearer: token });
      assert.equal(still.json.status, 'issued', `${who} left the award issued`);
    }
    const audit = await call('GET', '/api/v1/orgs/ml/audit', auth);
    assert.equal(audit.status === 200, who === 'admin', `audit as ${who}: ${audit.status}`);
    // Reading is for members only.
    const list = await call('GET', '/api/v1/orgs/ml/awards', auth);
    assert.equal(list.status === 200, ok || who === 'viewer', `list as ${who}: ${list.status}`);
  }
});

test('a badge awarded through the API verifies from its URL, PNG and SVG, in OB 2.0 and 3.0, until revoked', async () => {
  const png = encode(1, 1, 2, Buffer.from([10, 20, 30]));
  const files = [];
  for (const [img, ext] of [[`data:image/png;base64,${png.toString('base64')}`, 'png'], [image, 'svg']]) {
    const b = await call('POST', '/api/v1/orgs/ml/badges', { bearer: token,
      body: { name: `Vérif ${ext}`, description: 'd', criteria: { narrative: 'c' }, image: img } });
    assert.equal(b.status, 201, b.text);
    const a = await call('POST', `/api/v1/badges/${b.json.uid}/awards`, { bearer: token,
      body: { email: 'sam@example.org', name: 'Sam' } });
    assert.equal(a.status, 201, a.text);
    for (const form of [`badge.${ext}`, `badge-ob2.${ext}`]) {
      const f = path.join(tmp, `${a.json.uid}-${form}`);
      const r = await fetch(`${a.json.id}/${form}`);
      assert.equal(r.status, 200, `${form}`);
      fs.writeFileSync(f, Buffer.from(await r.arrayBuffer()));
      files.push(f);
    }
    files.push(a.json.id);
    files.uids = [...(files.uids || []), a.json.uid];
  }
  const verify = (t) => {
    const r = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network',
      '--recipient', 'sam@example.org', t], { encoding: 'utf8' });
    return { status: r.status, verdict: JSON.parse(r.stdout).verdict, out: r.stdout };
  };
  for (const t of files) {
    const v = verify(t);
    assert.equal(v.status, 0, `${t}: ${v.out}`);
  }
  for (const uid of files.uids) {
    const r = await call('POST', `/api/v1/awards/${uid}/revoke`, { bearer: token, body: { reason: 'test' } });
    assert.equal(r.status, 200);
  }
  for (const t of files) {
    const v = verify(t);
    assert.equal(v.verdict, 'revoked', `${t}: ${v.out}`);
    assert.equal(v.status, 1);
  }
});

test('sign-in is rate limited per email', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await call('POST', '/api/v1/session', { body: { email: 'else@example.org', password: 'wrong password' } });
    assert.equal(r.status, 403);
  }
  const r = await call('POST', '/api/v1/session', { body: { email: 'else@example.org', password: PASSWORD } });
  assert.equal(r.status, 429);
  assert.equal(r.json.code, 'rate_limited');
});
