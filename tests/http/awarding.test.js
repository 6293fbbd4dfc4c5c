'use strict';
/*
 * Awarding from the issuer space over real HTTP: the award form (French
 * messages, values kept, authorisation), the award verified by `blason
 * verify` from its hosted URL, the award list (search, filters, paging),
 * bulk revocation with a confirmation step (each award then reported
 * revoked), the CSV export (BOM, ';', formula guard), hostile input escaped
 * everywhere, and the dashboard's SVG charts with the right counts.
 * Run from the repository root: node --test tests/http/
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { parisDay } = require('../lib/paris');

const repoRoot = path.resolve(__dirname, '..', '..');
const BLASON = process.env.BLASON
  ? path.resolve(process.cwd(), process.env.BLASON)
  : path.join(repoRoot, 'build', 'blason');
const PASSWORD = 'un mot de passe assez long';
const XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert('x')"];
let tmp, base, server, site, badgeUid, badge2Uid, serverLog = '';
const sessions = {};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

function blason(args, input) {
  const r = spawnSync(BLASON, [...args, ...site], { encoding: 'utf8', input });
  assert.equal(r.status, 0, `blason ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

async function signIn(email) {
  const r = await fetch(`${base}/connexion`, { method: 'POST', redirect: 'manual', headers: { Origin: base },
    body: new URLSearchParams({ email, password: PASSWORD }) });
  assert.equal(r.status, 303, `sign-in ${email}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const home = await (await fetch(`${base}/espace`, { headers: { Cookie: cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(home)[1];
  return { cookie, csrf };
}

function get(who, p, headers = {}) {
  return fetch(base + p, { redirect: 'manual', headers: { Cookie: sessions[who].cookie, Accept: 'text/html', ...headers } });
}

function post(who, p, fields) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries({ csrf: sessions[who].csrf, ...fields })) {
    for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  }
  return fetch(base + p, { method: 'POST', redirect: 'manual', body,
    headers: { Cookie: sessions[who].cookie, Origin: base, Accept: 'text/html' } });
}

async function award(fields, uid = badgeUid) {
  const r = await post('issuer', `/espace/ml/badges/${uid}/attribuer`, fields);
  assert.equal(r.status, 303, await r.text());
  const loc = r.headers.get('location');
  const m = /^\/espace\/ml\/attributions\/([A-Za-z0-9_-]{22})\?ok=attribue$/.exec(loc);
  assert.ok(m, loc);
  return m[1];
}

function verify(target, recipient) {
  const r = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network',
    ...(recipient ? ['--recipient', recipient] : []), target], { encoding: 'utf8' });
  return { status: r.status, report: JSON.parse(r.stdout || '{}'), out: r.stdout + r.stderr };
}

let evidenceBadgeUid = null; // the badge class of the evidence test, counted on the dashboard

const today = () => parisDay(); // the form's day is Paris's, not UTC's

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-awarding-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  site = ['--db', process.env.BLASON_TEST_DB || `sqlite:${tmp}/blason.db`, '--data', tmp, '--base-url', base];
  for (const slug of ['ml', 'other']) {
    blason(['org', 'add', '--slug', slug, '--name', `Org ${slug}`, '--url', 'https://example.org', '--email', 'c@example.org']);
  }
  for (const [email, org, role] of [['issuer@example.org', 'ml', 'issuer'], ['viewer@example.org', 'ml', 'viewer'],
    ['else@example.org', 'other', 'admin']]) {
    blason(['user', 'add', '--email', email, '--name', email.split('@')[0], '--org', org, '--role', role,
      '--password-file', '-'], `${PASSWORD}\n`);
  }
  const img = path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg');
  const made = blason(['badge', 'add', '--org', 'ml', '--name', 'Accueil du public', '--description', 'd',
    '--criteria', 'c', '--image', img]);
  const made2 = blason(['badge', 'add', '--org', 'ml', '--name', 'Cuisine <b>collective</b>', '--description', 'd',
    '--criteria', 'c', '--image', img]);
  const uidOf = (out) => /([A-Za-z0-9_-]{22})/.exec(out)[1];
  badgeUid = uidOf(made);
  badge2Uid = uidOf(made2);
  server = spawn(BLASON, ['serve', '--listen', `127.0.0.1:${port}`, '--threads', '4', ...site], { stdio: ['ignore', 'ignore', 'pipe'] });
  server.stderr.on('data', (d) => { serverLog += d; });
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const [who, email] of [['issuer', 'issuer@example.org'], ['viewer', 'viewer@example.org'], ['else', 'else@example.org']]) {
    sessions[who] = await signIn(email);
  }
});

test.after(async () => {
  if (server) {
    const exited = new Promise((resolve) => server.on('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  // Under `make check SANITIZE=...` the server reports memory errors and leaks at exit.
  assert.doesNotMatch(serverLog, /AddressSanitizer|LeakSanitizer|runtime error/, serverLog);
});

test('the award form awards a badge that blason verify accepts from its hosted URL', async () => {
  const form = await (await get('issuer', `/espace/ml/badges/${badgeUid}/attribuer`)).text();
  assert.match(form, /Attribuer le badge « Accueil du public »/);
  assert.match(form, /<label for="email">/);
  assert.match(form, new RegExp(`name="date" type="date" max="${today()}" value="${today()}"`));
  assert.match(form, /<label for="phone">Téléphone portable<\/label>/);
  const uid = await award({ name: 'Samia Benali', email: 'samia@example.org', date: today(),
    evidence_url: 'https://example.org/preuve', narrative: 'Accueil au salon' });
  const detail = await (await get('issuer', `/espace/ml/attributions/${uid}?ok=attribue`)).text();
  assert.match(detail, /Le badge a été attribué/);
  assert.match(detail, /samia@example.org/);
  assert.match(detail, /Samia Benali/);
  assert.match(detail, new RegExp(`href="${base}/awards/${uid}"`));
  const v = verify(`${base}/awards/${uid}`, 'samia@example.org');
  assert.equal(v.status, 0, v.out);
  assert.equal(v.report.verdict, 'valid', v.out);
  // A past date is kept in the credential.
  const old = await award({ email: 'passe@example.org', date: '2024-03-15' });
  const doc = await (await fetch(`${base}/awards/${old}`, { headers: { Accept: 'application/ld+json' } })).json();
  assert.match(doc.issuedOn, /^2024-03-15T/);
});

test('a badge awarded to a phone number alone: E.164 hashed, verifies, no mail; bad numbers refused in French', async () => {
  const uid = await award({ name: 'Yanis Tel', phone: '06.11.22.33.44', date: today() });
  const detail = await (await get('issuer', `/espace/ml/attributions/${uid}`)).text();
  assert.match(detail, /Yanis Tel/);
  const doc = await (await fetch(`${base}/awards/${uid}`, { headers: { Accept: 'application/ld+json' } })).json();
  assert.equal(doc.recipient.type, 'telephone');
  assert.match(doc.recipient.identity, /^sha256\$[0-9a-f]{64}$/);
  for (const [who, verdict] of [['+33611223344', 'valid'], ['0611223344', 'invalid']]) {
    const v = verify(`${base}/awards/${uid}`, who);
    assert.equal(v.report.verdict, verdict, v.out);
  }
  const r = await post('issuer', `/espace/ml/badges/${badgeUid}/attribuer`, { name: 'X', phone: '06 12', email: '' });
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.match(html, /Numéro de téléphone invalide/);
  assert.match(html, /aria-describedby="phone-hint phone-error" aria-invalid="true"/);
  assert.match(html, /value="06 12"/);
  const none = await (await post('issuer', `/espace/ml/badges/${badgeUid}/attribuer`, { name: 'Y', email: '', phone: '' })).text();
  assert.match(none, /Indiquez l’adresse e-mail ou le numéro de téléphone/);
});

test('validation speaks French next to the fields and keeps the values', async () => {
  const tomorrow = parisDay(new Date(Date.now() + 86400e3));
  const r = await post('issuer', `/espace/ml/badges/${badgeUid}/attribuer`, { name: 'Léo Dupré', email: 'pas-une-adresse',
    date: tomorrow, narrative: 'Très bien' });
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.match(html, /role="alert"/);
  assert.match(html, /Adresse e-mail invalide/);
  assert.match(html, /id="email-error"/);
  assert.match(html, /aria-describedby="email-hint email-error" aria-invalid="true"/);
  assert.match(html, /value="pas-une-adresse"/);
  assert.match(html, /value="Léo Dupré"/);
  assert.match(html, />Très bien<\/textarea>/);
  assert.match(html, /La date d’attribution ne peut pas être dans le futur/);
  assert.match(html, new RegExp(`value="${tomorrow}"`));
  const r2 = await post('issuer', `/espace/ml/badges/${badgeUid}/attribuer`, { email: '', evidence_url: 'javascript:alert(1)' });
  const h2 = await r2.text();
  assert.equal(r2.status, 400);
  assert.match(h2, /Indiquez l’adresse e-mail ou le numéro de téléphone de la personne/);
  const r3 = await post('issuer', `/espace/ml/badges/${badgeUid}/attribuer`, { email: 'x@example.org', evidence_url: 'javascript:alert(1)' });
  const h3 = await r3.text();
  assert.equal(r3.status, 400);
  assert.match(h3, /Adresse de la preuve invalide/);
  assert.match(h3, /value="javascript:alert\(1\)"/);
  assert.doesNotMatch(h3, /href="javascript:/);
});

test('a badge class that requires evidence refuses an award without it, page and CLI alike', async () => {
  const img = path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg');
  const uid = /([A-Za-z0-9_-]{22})/.exec(blason(['badge', 'add', '--org', 'ml', '--name', 'Immersion', '--description', 'd',
    '--criteria', 'c', '--image', img, '--evidence-required']))[1];
  const form = await (await get('issuer', `/espace/ml/badges/${uid}/attribuer`)).text();
  assert.match(form, /ce badge demande une preuve/);
  const r = await post('issuer', `/espace/ml/badges/${uid}/attribuer`, { name: 'Inès Roy', email: 'ines@example.org' });
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.match(html, /id="evidence_url-error">Ce badge demande une preuve/);
  assert.match(html, /value="Inès Roy"/);
  const noEvidence = spawnSync(BLASON, ['award', '--badge', uid, '--email', 'ines@example.org', ...site],
    { encoding: 'utf8' });
  assert.notEqual(noEvidence.status, 0);
  assert.match(noEvidence.stderr, /requires evidence/);
  const awarded = await award({ name: 'Inès Roy', email: 'ines@example.org', evidence_text: 'Rapport de stage signé' }, uid);
  const v = verify(`${base}/awards/${awarded}`, 'ines@example.org');
  assert.equal(v.report.verdict, 'valid', v.out);
  evidenceBadgeUid = uid;
});

test('a viewer cannot award nor revoke; another organisation gets 404', async () => {
  assert.equal((await get('viewer', `/espace/ml/badges/${badgeUid}/attribuer`)).status, 403);
  assert.equal((await post('viewer', `/espace/ml/badges/${badgeUid}/attribuer`, { email: 'v@example.org' })).status, 403);
  const uid = await award({ email: 'cible@example.org' });
  assert.equal((await post('viewer', '/espace/ml/attributions/revocation', { award: uid, confirm: '1' })).status, 403);
  const list = await (await get('viewer', '/espace/ml/attributions')).text();
  assert.match(list, /cible@example.org/);
  assert.doesNotMatch(list, /type="checkbox"/);
  assert.equal((await get('viewer', '/espace/ml/attributions.csv')).status, 403);
  const detail = await (await get('viewer', `/espace/ml/attributions/${uid}`)).text();
  assert.doesNotMatch(detail, /Révoquer cette attribution/);
  for (const p of [`/espace/ml/badges/${badgeUid}/attribuer`, '/espace/ml/attributions', `/espace/ml/attributions/${uid}`]) {
    assert.equal((await get('else', p)).status, 404, p);
  }
  assert.equal((await post('else', `/espace/ml/badges/${badgeUid}/attribuer`, { email: 'e@example.org' })).status, 404);
  // Their own space does not reach our award either.
  assert.equal((await get('else', `/espace/other/attributions/${uid}`)).status, 404);
  assert.equal((await post('else', '/espace/other/attributions/revocation', { award: uid, confirm: '1' })).status, 404);
  // Nothing was revoked.
  assert.equal(verify(`${base}/awards/${uid}`).status, 0);
  // No CSRF token: refused.
  const noCsrf = await fetch(`${base}/espace/ml/badges/${badgeUid}/attribuer`, { method: 'POST', redirect: 'manual',
    headers: { Cookie: sessions.issuer.cookie, Origin: base }, body: new URLSearchParams({ email: 'z@example.org' }) });
  assert.equal(noCsrf.status, 403);
});

test('the list searches, filters and pages', async () => {
  for (let i = 0; i < 55; i++) {
    await award({ name: `Page Personne ${String(i).padStart(2, '0')}`, email: `page${i}@example.org` }, badge2Uid);
  }
  const p1 = await (await get('issuer', '/espace/ml/attributions?q=page+personne')).text();
  assert.match(p1, /55 attributions · page 1 sur 2/);
  assert.equal((p1.match(/name="award"/g) || []).length, 50);
  const next = /href="([^"]+)" rel="next"/.exec(p1)[1]
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');
  const p2 = await (await get('issuer', next)).text();
  assert.equal((p2.match(/name="award"/g) || []).length, 5);
  assert.match(p2, /Page Personne 00/);
  assert.doesNotMatch(p2, /rel="next"/);
  const bySam = await (await get('issuer', '/espace/ml/attributions?q=SAMIA')).text();
  assert.match(bySam, /1 attribution · page 1 sur 1/);
  const byEmail = await (await get('issuer', '/espace/ml/attributions?q=page7%40')).text();
  assert.match(byEmail, /1 attribution /);
  const byBadge = await (await get('issuer', `/espace/ml/attributions?badge=${badgeUid}`)).text();
  assert.doesNotMatch(byBadge, /Page Personne/);
  assert.match(byBadge, /Samia Benali/);
  const revoked = await (await get('issuer', '/espace/ml/attributions?etat=revoque')).text();
  assert.match(revoked, /Aucune attribution ne correspond/);
  assert.match(p1, /Cuisine &lt;b&gt;collective&lt;\/b&gt;/);
});

test('a search with a direction-changing character is refused with a message, not silently', async () => {
  for (const list of ['attributions', 'badges']) {
    const r = await get('issuer', `/espace/ml/${list}?q=${encodeURIComponent('abc\u202Eexe.gpj')}`);
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.match(html, /id="q-error">Recherche ignorée/, list);
    assert.match(html, /aria-describedby="q-error" aria-invalid="true"/, list);
    const plain = await (await get('issuer', `/espace/ml/${list}?q=Samia`)).text();
    assert.doesNotMatch(plain, /q-error/, list);
  }
});

test('bulk revocation asks for confirmation, then each award is reported revoked', async () => {
  const uids = [];
  for (const n of ['Un', 'Deux', 'Trois']) uids.push(await award({ name: `Révoc ${n}`, email: `revoc-${n}@example.org` }));
  const ask = await post('issuer', '/espace/ml/attributions/revocation', { award: uids, reason: 'erreur de saisie' });
  assert.equal(ask.status, 200);
  const confirm = await ask.text();
  assert.match(confirm, /Révoquer 3 attributions/);
  assert.match(confirm, /name="confirm" value="1"/);
  assert.match(confirm, /value="erreur de saisie"/);
  for (const uid of uids) {
    assert.match(confirm, new RegExp(`name="award" value="${uid}"`));
    assert.equal(verify(`${base}/awards/${uid}`).status, 0, 'not revoked before confirming');
  }
  const done = await post('issuer', '/espace/ml/attributions/revocation', { award: uids, reason: 'erreur de saisie', confirm: '1' });
  assert.equal(done.status, 303);
  assert.equal(done.headers.get('location'), '/espace/ml/attributions?ok=revoque&n=3');
  const list = await (await get('issuer', done.headers.get('location'))).text();
  assert.match(list, /3 attributions ont été révoquées/);
  for (const uid of uids) {
    const v = verify(`${base}/awards/${uid}`);
    assert.equal(v.report.verdict, 'revoked', v.out);
    assert.equal(v.status, 1);
  }
  const detail = await (await get('issuer', `/espace/ml/attributions/${uids[0]}`)).text();
  assert.match(detail, /Révoquée le/);
  assert.match(detail, /erreur de saisie/);
  // All or nothing: one already revoked in the selection revokes none.
  const fresh = await award({ email: 'fresh@example.org' });
  const again = await post('issuer', '/espace/ml/attributions/revocation', { award: [fresh, uids[1]], confirm: '1' });
  assert.equal(again.status, 409);
  assert.match(await again.text(), /rien n’a été révoqué/);
  assert.equal(verify(`${base}/awards/${fresh}`).status, 0);
  const revokedList = await (await get('issuer', '/espace/ml/attributions?etat=revoque')).text();
  assert.match(revokedList, /3 attributions · page 1/);
});

test('the CSV export: BOM, semicolons, French dates, formula guard', async () => {
  await award({ name: '=HYPERLINK("http://evil.example","clic")', email: 'formule@example.org', date: '2024-03-15' });
  const r = await get('issuer', '/espace/ml/attributions.csv?q=formule');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="attributions-ml.csv"/);
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const lines = text.split('\r\n').filter(Boolean);
  assert.equal(lines.length, 2);
  assert.equal(lines[0].split(';')[0], 'Nom');
  assert.equal(lines[0].split(';').length, 10);
  // A real CSV reading of the row: quoted cells, doubled quotes.
  const cells = [];
  let cur = '', q = false;
  for (let i = 0; i < lines[1].length; i++) {
    const c = lines[1][i];
    if (q) { if (c === '"' && lines[1][i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c; }
    else if (c === '"') q = true; else if (c === ';') { cells.push(cur); cur = ''; } else cur += c;
  }
  cells.push(cur);
  assert.equal(cells.length, 10);
  assert.equal(cells[0], `'=HYPERLINK("http://evil.example","clic")`);
  assert.equal(cells[1], 'formule@example.org');
  assert.equal(cells[3], 'Accueil du public');
  assert.equal(cells[4], '15/03/2024');
  assert.equal(cells[6], 'Attribuée');
  // The filters apply: the revoked ones only.
  const rv = Buffer.from(await (await get('issuer', '/espace/ml/attributions.csv?etat=revoque')).arrayBuffer()).toString('utf8');
  assert.equal(rv.split('\r\n').filter(Boolean).length, 4);
  assert.match(rv, /;Révoquée;\d\d\/\d\d\/\d{4};erreur de saisie;/);
});

test('hostile input is escaped on every page', async () => {
  const uid = await award({ name: XSS.join(' '), email: 'xss@example.org', narrative: XSS.join(' '),
    evidence_text: XSS.join(' ') }, badge2Uid);
  const pages = [
    await (await get('issuer', `/espace/ml/attributions/${uid}`)).text(),
    await (await get('issuer', '/espace/ml/attributions?q=xss')).text(),
    await (await get('issuer', '/espace/ml/attributions?q=%3Cscript%3E')).text(),
    await (await post('issuer', '/espace/ml/attributions/revocation', { award: uid, reason: XSS[1] })).text(),
    await (await post('issuer', `/espace/ml/badges/${badgeUid}/attribuer`, { name: XSS[0], email: XSS[1], narrative: XSS[1], evidence_url: XSS[2] })).text(),
    await (await get('issuer', '/espace/ml')).text(),
  ];
  for (const html of pages) {
    assert.doesNotMatch(html, /<script>alert/);
    assert.doesNotMatch(html, /<img src=x/);
    assert.doesNotMatch(html, /href="javascript:/);
  }
  assert.match(pages[0], /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(pages[0], /&quot;&gt;&lt;img src&#61;x onerror&#61;alert\(1\)&gt;/);
  assert.match(pages[1], /&lt;script&gt;/);
  assert.match(pages[2], /value="&lt;script&gt;"/);
  assert.match(pages[3], /value="&quot;&gt;&lt;img/);
});

test('the dashboard shows SVG charts with the right counts and their data', async () => {
  const r = await get('viewer', '/espace/ml');
  assert.equal(r.status, 200);
  const html = await r.text();
  // What the store holds now, read from the list pages.
  const count = async (qs) => Number(/(\d+) attributions? ·/.exec(await (await get('issuer', `/espace/ml/attributions${qs}`)).text())[1]);
  const all = await count(''), revoked = await count('?etat=revoque'), valid = await count('?etat=attribue');
  const first = await count(`?badge=${badgeUid}`), second = await count(`?badge=${badge2Uid}`);
  assert.equal(revoked, 3);
  const third = evidenceBadgeUid ? await count(`?badge=${evidenceBadgeUid}`) : 0;
  assert.equal(all, first + second + third);
  const svgs = html.match(/<svg [^>]*role="img"[^>]*>[\s\S]*?<\/svg>/g) || [];
  assert.equal(svgs.length, 3);
  for (const id of ['chart-weeks', 'chart-classes', 'chart-states']) {
    assert.match(html, new RegExp(`aria-labelledby="${id}-title ${id}-desc"`));
    assert.match(html, new RegExp(`<title id="${id}-title">`));
  }
  assert.doesNotMatch(html, /<script/);
  // Per badge class: the table under the chart and the bars' tooltips.
  assert.match(html, new RegExp(`<th scope="row">Accueil du public</th><td>${first}</td>`));
  assert.match(html, new RegExp(`<th scope="row">Cuisine &lt;b&gt;collective&lt;/b&gt;</th><td>${second}</td>`));
  assert.match(svgs[1], new RegExp(`<title>Cuisine &lt;b&gt;collective&lt;/b&gt; : ${second}</title>`));
  // Revoked vs valid.
  assert.match(html, new RegExp(`<th scope="row">Révoquées</th><td>${revoked}</td>`));
  assert.match(html, new RegExp(`<th scope="row">Valides</th><td>${valid}</td>`));
  // Per week: this week holds every award made today (the 2024 ones are outside the 12 weeks).
  const old = await count('?q=passe%40') + await count('?q=formule');
  const weekRows = [...html.matchAll(/<th scope="row">(\d\d\/\d\d)<\/th><td>(\d+)<\/td>/g)];
  assert.equal(weekRows.length, 12);
  assert.equal(Number(weekRows[11][2]), all - old);
  assert.equal(weekRows.slice(0, 11).reduce((s, m) => s + Number(m[2]), 0), 0);
  assert.equal((svgs[0].match(/<rect /g) || []).length, 12);
});
