'use strict';
/*
 * Forgotten password, invitations and the team page (h_staff.c), against a
 * real `blason serve` (tests/lib/server.js) whose mail goes to a real local
 * SMTP server (tests/http/smtp_sink.py).  The links are taken from the
 * messages received and followed; the old password, the old sessions and
 * a used or expired link must all be refused.
 * Run from the repository root: node --test tests/http/staff.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Site, freePort } = require('../lib/server');

const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const SINK = path.join(__dirname, 'smtp_sink.py');
const PASSWORD = 'un mot de passe assez long';
const NEW_PASSWORD = 'un tout nouveau mot de passe';
const haveSink = spawnSync(PYTHON, ['-c', 'import aiosmtpd'], { encoding: 'utf8' }).status === 0;
const skip = haveSink ? false : 'python3-aiosmtpd is not installed (scripts/deps.sh installs it)';
const onSqlite = !process.env.BLASON_TEST_DB;

let S, base, sink, mailDir;
const sessions = {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- mail: the sink's files, the text part of a message ----

function received(to) {
  if (!fs.existsSync(mailDir)) return [];
  return fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml')).sort().map((f) => ({
    raw: fs.readFileSync(path.join(mailDir, f)).toString('latin1'),
    envelope: JSON.parse(fs.readFileSync(path.join(mailDir, f.replace(/\.eml$/, '.json')), 'utf8')),
  })).filter((m) => m.envelope.rcpt_tos.includes(to));
}

async function waitMail(to, count = 1, ms = 10000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
    const got = received(to);
    if (got.length >= count) return got;
  }
  return received(to);
}

// Quoted-printable bodies decoded as UTF-8 (RFC 2045), soft breaks removed.
function decoded(raw) {
  const bytes = raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function subject(raw) {
  const line = /\r\nSubject: ([^\r]*(?:\r\n[ \t][^\r]*)*)/i.exec(`\r\n${raw}`)[1].replace(/\r\n[ \t]/g, ' ');
  return line.replace(/(\?=)\s+(?==\?)/g, '$1').replace(/=\?utf-8\?([BbQq])\?([^?]*)\?=/gi, (a, enc, t) =>
    (enc.toUpperCase() === 'B' ? Buffer.from(t, 'base64')
      : Buffer.from(t.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1')).toString('utf8'));
}

function linkIn(raw) {
  const m = new RegExp(`${base}/mot-de-passe/([A-Za-z0-9_-]{43})`).exec(decoded(raw));
  assert.ok(m, 'the message carries a link to /mot-de-passe/{token}');
  return `/mot-de-passe/${m[1]}`;
}

// ---- HTTP helpers ----

function form(p, fields, headers = {}) {
  return fetch(base + p, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
    headers: { Origin: base, Accept: 'text/html', ...headers } });
}

async function signInRaw(email, password = PASSWORD) {
  return form('/connexion', { email, password });
}

async function signIn(who, email, password = PASSWORD) {
  const r = await signInRaw(email, password);
  assert.equal(r.status, 303, `sign-in ${email}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const home = await (await fetch(`${base}/espace`, { headers: { Cookie: cookie } })).text();
  sessions[who] = { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(home)[1] };
  return sessions[who];
}

function get(who, p) {
  return fetch(base + p, { redirect: 'manual', headers: { Cookie: sessions[who].cookie, Accept: 'text/html' } });
}

function post(who, p, fields) {
  return form(p, { csrf: sessions[who].csrf, ...fields }, { Cookie: sessions[who].cookie });
}

// Rows of a query on the SQLite file (tests that look behind the pages).
function sql(query) {
  const r = spawnSync(PYTHON, ['-c', 'import json,sqlite3,sys; c=sqlite3.connect(sys.argv[1]); '
    + 'print(json.dumps(c.execute(sys.argv[2]).fetchall()))', path.join(S.tmp, 'blason.db'), query], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function setExpired(tokenPath) {
  // The row of the link, whatever its hash: every unused link ends in the past.
  const db = path.join(S.tmp, 'blason.db');
  const r = spawnSync(PYTHON, ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); '
    + 'c.execute("UPDATE password_resets SET expires_at = 1 WHERE used_at = 0"); c.commit()', db]);
  assert.equal(r.status, 0, String(r.stderr));
  return tokenPath;
}

test.before(async () => {
  if (skip) return;
  S = await new Site().start();
  mailDir = path.join(S.tmp, 'mail');
  const smtpPort = await freePort();
  sink = spawn(PYTHON, [SINK, String(smtpPort), mailDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise((resolve, reject) => {
    sink.stdout.on('data', (d) => { if (String(d).includes('ready')) resolve(); });
    sink.on('exit', (c) => reject(new Error(`smtp sink exited ${c}`)));
  });
  fs.writeFileSync(S.conf, `smtp_url = smtp://127.0.0.1:${smtpPort}\nmail_from = badges@blason.test\nmail_retry = 1,1,1\n`);
  ({ base } = S);
  for (const slug of ['ml', 'other']) {
    S.cli(['org', 'add', '--slug', slug, '--name', `Org ${slug}`, '--url', 'https://example.org', '--email', 'c@example.org']);
  }
  for (const [email, org, role] of [['admin@example.org', 'ml', 'admin'], ['issuer@example.org', 'ml', 'issuer'],
    ['viewer@example.org', 'ml', 'viewer'], ['reset@example.org', 'ml', 'issuer'],
    ['outsider@example.org', 'other', 'admin'], ['else@example.org', 'other', 'admin']]) {
    S.cli(['user', 'add', '--email', email, '--name', email.split('@')[0], '--org', org, '--role', role,
      '--password-file', '-'], `${PASSWORD}\n`);
  }
  await S.serve();
  for (const who of ['admin', 'viewer', 'issuer', 'outsider']) await signIn(who, `${who}@example.org`);
});

test.after(async () => {
  if (sink && sink.exitCode === null) {
    const done = new Promise((r) => sink.once('exit', r));
    sink.kill('SIGTERM');
    await done;
  }
  if (S) await S.stop();
});

test('the sign-in page links to the forgotten-password form', { skip }, async () => {
  const html = await (await fetch(`${base}/connexion`)).text();
  assert.match(html, /<a href="\/mot-de-passe">Mot de passe oublié \?<\/a>/);
  const page = await fetch(`${base}/mot-de-passe`);
  assert.equal(page.status, 200);
  const text = await page.text();
  assert.match(text, /<label for="email">Adresse e-mail<\/label>/);
  assert.match(text, /<form method="post" action="\/mot-de-passe"/);
});

test('reset: mail, link once, old password and old sessions ended, new password works', { skip }, async () => {
  const old = await signIn('reset', 'reset@example.org');
  assert.equal((await fetch(`${base}/espace/ml`, { headers: { Cookie: old.cookie } })).status, 200);
  const r = await form('/mot-de-passe', { email: 'Reset@Example.org' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/mot-de-passe?envoye=1');
  const answer = await (await fetch(base + r.headers.get('location'))).text();
  assert.match(answer, /Si un compte existe, un e-mail vient d’être envoyé/);

  const mails = await waitMail('reset@example.org');
  assert.equal(mails.length, 1);
  assert.equal(subject(mails[0].raw), 'Changer votre mot de passe Blason');
  assert.match(decoded(mails[0].raw), /valable 1 heure/);
  const link = linkIn(mails[0].raw);

  const page = await fetch(base + link);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<label for="password">Nouveau mot de passe<\/label>/);
  assert.match(html, /<label for="password2">/);

  // Errors next to their field, in French; nothing spent.
  let bad = await form(link, { password: 'court', password2: 'court' });
  assert.equal(bad.status, 400);
  let text = await bad.text();
  assert.match(text, /id="password-error">Le mot de passe doit avoir au moins 10 caractères\./);
  assert.match(text, /aria-describedby="password-hint password-error" aria-invalid="true"/);
  assert.match(text, /role="alert"/);
  bad = await form(link, { password: NEW_PASSWORD, password2: `${NEW_PASSWORD}!` });
  assert.equal(bad.status, 400);
  text = await bad.text();
  assert.match(text, /id="password2-error">Les deux mots de passe ne sont pas identiques\./);
  // Another site cannot post it.
  bad = await form(link, { password: NEW_PASSWORD, password2: NEW_PASSWORD }, { Origin: 'https://evil.example' });
  assert.equal(bad.status, 403);

  const ok = await form(link, { password: NEW_PASSWORD, password2: NEW_PASSWORD });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/espace');
  const cookie = ok.headers.get('set-cookie').split(';')[0];
  assert.equal((await fetch(`${base}/espace/ml`, { headers: { Cookie: cookie } })).status, 200);
  // The session opened before the reset is over.
  const ended = await fetch(`${base}/espace/ml`, { redirect: 'manual', headers: { Cookie: old.cookie } });
  assert.equal(ended.status, 303);
  assert.match(ended.headers.get('location'), /^\/connexion/);
  // Single use.
  const again = await fetch(base + link);
  assert.equal(again.status, 404);
  assert.match(await again.text(), /Ce lien n’est plus valable : il a déjà servi ou il a expiré\./);
  const reuse = await form(link, { password: 'encore un autre mot de passe', password2: 'encore un autre mot de passe' });
  assert.equal(reuse.status, 404);
  // Old password refused, new one works.
  assert.equal((await signInRaw('reset@example.org', PASSWORD)).status, 403);
  assert.equal((await signInRaw('reset@example.org', NEW_PASSWORD)).status, 303);
  assert.equal((await signInRaw('reset@example.org', 'encore un autre mot de passe')).status, 403);
  if (onSqlite) {
    const audit = sql('SELECT subject, detail_json FROM audit_log WHERE action = \'account.password\'');
    assert.deepEqual(audit, [['reset@example.org', '{"sessions_ended":1}']]);
  }
});

test('reset: an unknown email gets the same answer and no mail; a forged link is refused', { skip }, async () => {
  const before = fs.existsSync(mailDir) ? fs.readdirSync(mailDir).length : 0;
  const r = await form('/mot-de-passe', { email: 'nobody@example.org' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/mot-de-passe?envoye=1');
  await sleep(4000); // two polls of the mailer
  assert.equal(received('nobody@example.org').length, 0);
  assert.equal(fs.readdirSync(mailDir).length, before);
  const forged = await fetch(`${base}/mot-de-passe/${'A'.repeat(43)}`);
  assert.equal(forged.status, 404);
  assert.match(await forged.text(), /Ce lien n’est plus valable/);
  assert.equal((await fetch(`${base}/mot-de-passe/court`)).status, 404);
  const notEmail = await form('/mot-de-passe', { email: '"><img src=x onerror=alert(1)>' });
  assert.equal(notEmail.status, 400);
  const html = await notEmail.text();
  assert.ok(!html.includes('<img src=x'), 'hostile input escaped');
  assert.match(html, /id="email-error">Saisissez une adresse e-mail valide/);
  assert.match(html, /aria-describedby="email-error" aria-invalid="true"/);
});

test('reset: an expired link is refused in French', { skip: skip || (!onSqlite && 'expiry is forced in the SQLite file') }, async () => {
  const r = await form('/mot-de-passe', { email: 'issuer@example.org' });
  assert.equal(r.status, 303);
  const mails = await waitMail('issuer@example.org');
  assert.equal(mails.length, 1);
  const link = setExpired(linkIn(mails[0].raw));
  const page = await fetch(base + link);
  assert.equal(page.status, 404);
  assert.match(await page.text(), /Ce lien n’est plus valable : il a déjà servi ou il a expiré\./);
  const p = await form(link, { password: NEW_PASSWORD, password2: NEW_PASSWORD });
  assert.equal(p.status, 404);
  assert.equal((await signInRaw('issuer@example.org', PASSWORD)).status, 303, 'password unchanged');
});

test('reset: requests for one email are rate limited', { skip }, async () => {
  const codes = [];
  for (let i = 0; i < 4; i++) codes.push((await form('/mot-de-passe', { email: 'flood@example.org' })).status);
  assert.deepEqual(codes, [303, 303, 303, 429]);
  const r = await form('/mot-de-passe', { email: 'flood@example.org' });
  assert.match(await r.text(), /Trop de demandes\. Attendez un quart d’heure/);
  assert.equal((await form('/mot-de-passe', { email: 'x@example.org' }, { Origin: 'https://evil.example' })).status, 403);
});

test('team: admins see the members, forms and the navigation entry', { skip }, async () => {
  const r = await get('admin', '/espace/ml/equipe');
  assert.equal(r.status, 200);
  const html = await r.text();
  for (const email of ['admin@example.org', 'issuer@example.org', 'viewer@example.org']) assert.ok(html.includes(email));
  assert.ok(!html.includes('outsider@example.org'));
  assert.match(html, /<a[^>]*href="\/espace\/ml\/equipe"[^>]*>Équipe<\/a>/);
  assert.match(html, /<label for="invite-email">Adresse e-mail<\/label>/);
  assert.match(html, /<select id="role-\d+" name="role">/);
  // Issuers do not get the entry.
  const issuerHome = await (await get('issuer', '/espace/ml')).text();
  assert.ok(!issuerHome.includes('/espace/ml/equipe'));
});

test('team: invite a new person → mail → choose password → signed in with the role', { skip }, async () => {
  const hostile = '<script>alert(1)</script>';
  const r = await post('admin', '/espace/ml/equipe/inviter', { email: 'New.Person@example.org', name: hostile, role: 'issuer' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/espace/ml/equipe?fait=invite');
  const page = await (await get('admin', r.headers.get('location'))).text();
  assert.match(page, /Invitation envoyée par e-mail\./);
  assert.ok(page.includes('new.person@example.org'));
  assert.ok(!page.includes(hostile) && page.includes('&lt;script&gt;'), 'name escaped');
  assert.match(page, /\(invitation envoyée\)/);

  const mails = await waitMail('new.person@example.org');
  assert.equal(mails.length, 1);
  assert.equal(subject(mails[0].raw), 'Invitation à rejoindre Org ml sur Blason');
  const body = decoded(mails[0].raw);
  assert.match(body, /rôle « émetteur »/);
  assert.match(body, /valable 7 jours/);
  assert.match(body, /Choisir mon mot de passe/);
  const htmlPart = body.slice(body.indexOf('Content-Type: text/html'));
  assert.ok(htmlPart.length > 30 && !htmlPart.includes(hostile) && htmlPart.includes('&lt;script&gt;'),
    'the HTML part escapes the name');
  const link = linkIn(mails[0].raw);
  // No password yet: signing in is refused.
  assert.equal((await signInRaw('new.person@example.org', PASSWORD)).status, 403);
  const ok = await form(link, { password: NEW_PASSWORD, password2: NEW_PASSWORD });
  assert.equal(ok.status, 303);
  await signIn('newbie', 'new.person@example.org', NEW_PASSWORD);
  // The role applies: an issuer reaches the award list, sees the team read-only.
  assert.equal((await get('newbie', '/espace/ml/attributions')).status, 200);
  const team = await (await get('newbie', '/espace/ml/equipe')).text();
  assert.ok(!team.includes('<select'));
  assert.match(team, /new\.person@example\.org<\/td>\s*<td>émetteur/);
});

test('team: an existing account joins at once, without mail', { skip }, async () => {
  const r = await post('admin', '/espace/ml/equipe/inviter', { email: 'else@example.org', name: '', role: 'viewer' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/espace/ml/equipe?fait=ajout');
  await signIn('else', 'else@example.org');
  assert.equal((await get('else', '/espace/ml')).status, 200);
  await sleep(3000);
  assert.equal(received('else@example.org').length, 0);
});

test('team: invitation errors are shown next to the field, values kept', { skip }, async () => {
  const hostile = '"><img src=x onerror=alert(1)>';
  const r = await post('admin', '/espace/ml/equipe/inviter', { email: hostile, name: 'Zoé', role: 'viewer' });
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.ok(!html.includes('<img src=x'));
  assert.match(html, /role="alert"/);
  assert.match(html, /id="invite-email-error">Saisissez une adresse e-mail valide/);
  assert.match(html, /aria-describedby="invite-email-error" aria-invalid="true"/);
  assert.match(html, /value="Zoé"/);
  assert.match(html, /<option value="viewer" selected>/);
});

test('team: role change, and an admin cannot lower their own role', { skip }, async () => {
  const r = await post('admin', '/espace/ml/equipe/role', { email: 'viewer@example.org', role: 'issuer' });
  assert.equal(r.status, 303);
  const page = await (await get('admin', '/espace/ml/equipe?fait=role')).text();
  assert.match(page, /Rôle modifié\./);
  assert.match(page, /value="viewer@example\.org">[\s\S]*?<option value="issuer" selected>/);
  // Back to viewer for the tests that follow.
  assert.equal((await post('admin', '/espace/ml/equipe/role', { email: 'viewer@example.org', role: 'viewer' })).status, 303);

  const self = await post('admin', '/espace/ml/equipe/role', { email: 'admin@example.org', role: 'viewer' });
  assert.equal(self.status, 403);
  const html = await self.text();
  assert.match(html, /role="alert"/);
  assert.match(html, /Vous ne pouvez pas abaisser votre propre rôle/);
  assert.match(html, /value="admin@example\.org">[\s\S]*?<option value="admin" selected>/);
  assert.equal((await get('admin', '/espace/ml/equipe')).status, 200);
  assert.match(await (await get('admin', '/espace/ml/equipe')).text(), /<form method="post" action="\/espace\/ml\/equipe\/inviter"/);
});

test('team: viewers read only, another organisation 404, CSRF required', { skip }, async () => {
  const view = await get('viewer', '/espace/ml/equipe');
  assert.equal(view.status, 200);
  const html = await view.text();
  assert.ok(html.includes('admin@example.org'));
  assert.ok(!html.includes('<select') && !html.includes('/equipe/inviter'));
  assert.equal((await post('viewer', '/espace/ml/equipe/inviter', { email: 'v@example.org', role: 'admin' })).status, 403);
  assert.equal((await post('viewer', '/espace/ml/equipe/role', { email: 'viewer@example.org', role: 'admin' })).status, 403);
  assert.equal((await post('issuer', '/espace/ml/equipe/role', { email: 'issuer@example.org', role: 'admin' })).status, 403);
  assert.equal((await get('outsider', '/espace/ml/equipe')).status, 404);
  assert.equal((await post('outsider', '/espace/ml/equipe/role', { email: 'viewer@example.org', role: 'admin' })).status, 404);
  // Without the session's CSRF token, or with another one: refused, nothing changed.
  const noCsrf = await form('/espace/ml/equipe/role', { email: 'viewer@example.org', role: 'admin' },
    { Cookie: sessions.admin.cookie });
  assert.equal(noCsrf.status, 403);
  const wrong = await form('/espace/ml/equipe/inviter', { csrf: sessions.viewer.csrf, email: 'w@example.org', role: 'admin' },
    { Cookie: sessions.admin.cookie });
  assert.equal(wrong.status, 403);
  const page = await (await get('admin', '/espace/ml/equipe')).text();
  assert.match(page, /value="viewer@example\.org">[\s\S]*?<option value="viewer" selected>/);
  assert.ok(!page.includes('w@example.org'));
  // Not signed in: to the sign-in page.
  const anon = await fetch(`${base}/espace/ml/equipe`, { redirect: 'manual' });
  assert.equal(anon.status, 303);
});
