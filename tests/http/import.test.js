'use strict';
/*
 * Awarding a badge class from a CSV file over real HTTP: a 200-line
 * Windows-1252 file with semicolons and accents, 3 bad lines shown with
 * their reasons on the preview, 197 awards issued in the background, a
 * re-import that issues none ("déjà émis"), an issued award that verifies
 * with `blason verify`, a viewer refused, a file over the limit refused in
 * French, hostile cells escaped.  Run from the repository root:
 * node --test tests/http/
 */
const test = require('node:test');
const { stopChecked } = require('../lib/server');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const BLASON = process.env.BLASON
  ? path.resolve(process.cwd(), process.env.BLASON)
  : path.join(repoRoot, 'build', 'blason');
const PASSWORD = 'un mot de passe assez long';
const svg = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg'));
let tmp, base, server, site, badge;

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

/* Windows-1252, as Excel writes "CSV (séparateur : point-virgule)". */
function cp1252(s) {
  const extra = { 'œ': 0x9c, 'Œ': 0x8c, '€': 0x80, '’': 0x92 };
  return Buffer.from([...s].map((c) => {
    if (extra[c] !== undefined) return extra[c];
    const n = c.charCodeAt(0);
    assert.ok(n < 0x80 || (n >= 0xa0 && n < 0x100), `not in Windows-1252: ${c}`);
    return n;
  }));
}

async function signIn(email, slug = 'ml') {
  const r = await fetch(`${base}/connexion`, { method: 'POST', redirect: 'manual',
    headers: { Origin: base }, body: new URLSearchParams({ email, password: PASSWORD, suite: '/espace' }) });
  assert.equal(r.status, 303);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const page = await (await fetch(`${base}/espace/${slug}`, { headers: { Cookie: cookie } })).text();
  const csrf = page.match(/name="csrf" value="([^"]+)"/)[1];
  return { cookie, csrf };
}

function importPath() { return `/espace/ml/badges/${badge}/importer`; }

async function upload(s, bytes, name = 'jeunes.csv') {
  const fd = new FormData();
  fd.append('csrf', s.csrf);
  fd.append('fichier', new Blob([bytes], { type: 'text/csv' }), name);
  return fetch(base + importPath(), { method: 'POST', body: fd, redirect: 'manual',
    headers: { Cookie: s.cookie } });
}

async function get(s, p) {
  const r = await fetch(base + p, { headers: { Cookie: s.cookie }, redirect: 'manual' });
  return { status: r.status, text: await r.text() };
}

async function post(s, p, fields = {}) {
  return fetch(base + p, { method: 'POST', redirect: 'manual', headers: { Cookie: s.cookie },
    body: new URLSearchParams({ csrf: s.csrf, ...fields }) });
}

/* Upload, then issue, then wait for the summary; returns [preview, summary] pages. */
async function importAndIssue(s, bytes) {
  const up = await upload(s, bytes);
  assert.equal(up.status, 303, await up.text());
  const where = up.headers.get('location');
  assert.match(where, new RegExp(`^${importPath()}/[A-Za-z0-9_-]{22}$`));
  const preview = await get(s, where);
  assert.equal(preview.status, 200);
  const go = await post(s, `${where}/emettre`);
  assert.equal(go.status, 303);
  assert.equal(go.headers.get('location'), where);
  let state;
  for (let i = 0; i < 600; i++) {
    const r = await fetch(`${base}${where}/etat`, { headers: { Cookie: s.cookie, Accept: 'application/json' } });
    state = await r.json();
    if (state.state === 'done') break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(state.state, 'done');
  const summary = await get(s, where);
  return [preview.text, summary.text, where];
}

const FIRST = ['Léa', 'Zoé', 'Maëlle', 'Noémie', 'Chloé', 'Anaïs', 'Jérôme', 'François'];
const LAST = ['Lefèvre', 'Cœur', 'Dupré', 'Bœuf', 'Gaëtan', 'Hélène'];
/* The file's line where data line i starts: comments with a line break take two. */
const lineOf = (i) => 1 + i + Math.floor((i - 1) / 7);
function csv200() {
  const lines = ['Prénom;Nom;Courriel;Date;Commentaire'];
  for (let i = 1; i <= 200; i++) {
    let first = FIRST[i % FIRST.length], last = `${LAST[i % LAST.length]} ${i}`;
    let email = `jeune${i}@example.org`, date = '15/09/2025';
    if (i === 10) email = 'pas-une-adresse';
    if (i === 50) { first = ''; last = ''; }
    if (i === 120) date = '31/02/2025';
    const comment = i % 7 === 0 ? '"A dit : ""merci"";\r\nsur deux lignes"' : 'Atelier CV';
    lines.push([first, last, email, date, comment].join(';'));
  }
  return cp1252(lines.join('\r\n') + '\r\n');
}

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-import-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  site = ['--db', process.env.BLASON_TEST_DB || `sqlite:${tmp}/blason.db`, '--data', tmp, '--base-url', base];
  for (const slug of ['ml', 'other']) {
    blason(['org', 'add', '--slug', slug, '--name', `Org ${slug}`, '--url', 'https://example.org',
      '--email', 'contact@example.org']);
  }
  for (const [email, org, role] of [['issuer@example.org', 'ml', 'issuer'],
    ['viewer@example.org', 'ml', 'viewer'], ['else@example.org', 'other', 'admin']]) {
    blason(['user', 'add', '--email', email, '--name', email.split('@')[0], '--org', org,
      '--role', role, '--password-file', '-'], `${PASSWORD}\n`);
  }
  const token = blason(['user', 'token', '--email', 'issuer@example.org', '--org', 'ml', '--name', 't']);
  server = spawn(BLASON, ['serve', '--listen', `127.0.0.1:${port}`, ...site],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  for (let i = 0; i < 100 && !badge; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  const r = await fetch(`${base}/api/v1/orgs/ml/badges`, { method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Atelier CV', description: 'A participé à l’atelier CV',
      criteria: { narrative: 'Participer à l’atelier' },
      image: `data:image/svg+xml;base64,${svg.toString('base64')}` }) });
  const made = await r.text();
  assert.equal(r.status, 201, `${made} ${log}`);
  badge = JSON.parse(made).uid;
});

test.after(async () => {
  await stopChecked(server); // fails on a crash or a sanitizer report
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('a 200-line Windows-1252 file: 3 bad lines previewed, 197 issued, none twice', async () => {
  const s = await signIn('issuer@example.org');
  const form = await get(s, importPath());
  assert.equal(form.status, 200);
  assert.match(form.text, /<label for="fichier">/);
  assert.match(form.text, /enctype="multipart\/form-data"/);

  const bytes = csv200();
  assert.ok(bytes.includes(0xe9) && bytes.includes(0x9c), 'é and œ as Windows-1252 bytes');
  const [preview, summary] = await importAndIssue(s, bytes);
  // The preview: every line, exactly 3 problems, each next to its line (file line = i + 1).
  assert.match(preview, /Windows-1252, séparateur point-virgule/);
  assert.equal((preview.match(/class="import-problem"/g) || []).length, 3);
  const problem = (line) => {
    const m = preview.match(new RegExp(`<th scope="row">${line}</th>[\\s\\S]*?</tr>`));
    assert.ok(m, `line ${line} listed`);
    return m[0];
  };
  assert.match(problem(lineOf(10)), /pas-une-adresse[\s\S]*adresse e-mail invalide/);
  assert.match(problem(lineOf(50)), /jeune50@example.org[\s\S]*nom manquant/);
  assert.match(problem(lineOf(120)), /31\/02\/2025[\s\S]*date invalide/);
  assert.match(problem(lineOf(1)), /Zoé Cœur 1/);
  assert.match(problem(lineOf(14)), /jeune14@example.org[\s\S]*valide/);
  assert.equal((preview.match(/<th scope="row">\d+<\/th>/g) || []).length, 200);
  assert.match(preview, /Émettre les 197 badges valides/);
  assert.match(preview, /<label for="col0">Colonne 1 « Prénom »<\/label>/);
  assert.match(preview, /<option value="prenom" selected>Prénom<\/option>/);
  assert.match(preview, /<option value="email" selected>/);
  // The summary.
  assert.match(summary, /<strong>197<\/strong> émis/);
  assert.match(summary, /<strong>3<\/strong> non émis/);
  assert.match(summary, /<strong>0<\/strong> en échec/);
  const uid = summary.match(/<th scope="row">2<\/th>[\s\S]*?href="\/awards\/([A-Za-z0-9_-]{22})"/)[1];

  // The award of line 2 (jeune1) verifies with blason verify, with its name.
  const v = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network',
    '--recipient', 'jeune1@example.org', `${base}/awards/${uid}`], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.equal(JSON.parse(v.stdout).verdict, 'valid');
  const cred = await (await fetch(`${base}/awards/${uid}/credential`)).text();
  assert.match(cred, /Zoé Cœur 1/);

  // The same file again: nothing new, every good line "déjà émis".
  const [preview2, summary2] = await importAndIssue(s, bytes);
  assert.match(preview2, /<strong>197<\/strong> déjà émise/);
  assert.match(summary2, /<strong>0<\/strong> émis/);
  assert.match(summary2, /<strong>197<\/strong> déjà émis/);
  const list = await fetch(`${base}/api/v1/orgs/ml/awards?limit=500`, { headers: { Cookie: s.cookie } });
  assert.equal((await list.json()).items.length, 197);
});

test('the mapping can be fixed on the preview', async () => {
  const s = await signIn('issuer@example.org');
  const up = await upload(s, Buffer.from('Qui,Adresse\nAmina Diallo,amina@example.org\n'));
  const where = up.headers.get('location');
  let page = (await get(s, where)).text;
  assert.match(page, /nom manquant ; adresse e-mail ou téléphone manquant/);
  const r = await post(s, `${where}/colonnes`, { col0: 'nom_complet', col1: 'email' });
  assert.equal(r.status, 303);
  page = (await get(s, where)).text;
  assert.doesNotMatch(page, /class="import-problem"/);
  assert.match(page, /Émettre les 1 badges valides/);
});

test('a viewer cannot import; another organisation does not see the badge', async () => {
  const v = await signIn('viewer@example.org');
  assert.equal((await get(v, importPath())).status, 403);
  const up = await upload(v, Buffer.from('nom;email\nA;a@example.org\n'));
  assert.equal(up.status, 403);
  const o = await signIn('else@example.org', 'other');
  assert.equal((await get(o, importPath())).status, 404);
  // Without the CSRF token the upload is refused.
  const s = await signIn('issuer@example.org');
  const up2 = await upload({ ...s, csrf: 'nope' }, Buffer.from('nom;email\nA;a@example.org\n'));
  assert.equal(up2.status, 403);
});

test('a file over the limit and a broken file get French errors', async () => {
  const s = await signIn('issuer@example.org');
  const big = Buffer.alloc(1000 * 1024, 'a;b\n');
  const r = await upload(s, big);
  assert.equal(r.status, 413);
  const page = await r.text();
  assert.match(page, /role="alert"[^>]*>Le fichier dépasse la taille maximale de \d+ Ko\./);
  assert.match(page, /aria-invalid="true"/);
  const bad = await upload(s, Buffer.from('nom;email\nA;a@example.org\n"jamais fermé;x\n'));
  assert.equal(bad.status, 422);
  assert.match(await bad.text(), /Ligne 3 : un guillemet est ouvert et jamais fermé\./);
  const empty = await upload(s, Buffer.from('nom;email\n'));
  assert.match(await empty.text(), /qu’une ligne d’en-tête/);
});

test('hostile cells are shown escaped on the preview', async () => {
  const s = await signIn('issuer@example.org');
  const up = await upload(s, Buffer.from('nom;email;date\n'
    + '<script>alert(1)</script>;"""><img src=x onerror=alert(1)>";javascript:alert(1)\n'));
  const page = (await get(s, up.headers.get('location'))).text;
  assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(page, /&quot;&gt;&lt;img src&#61;x onerror&#61;alert\(1\)&gt;/);
  assert.doesNotMatch(page, /<script>alert|<img src=x/);
  assert.match(page, /javascript:alert\(1\)[\s\S]*date invalide/);
});

test('a phone column: phone-only lines are issued to the E.164 number, a bad number is shown', async () => {
  const s = await signIn('issuer@example.org');
  const bytes = Buffer.from('Nom;Téléphone;Email\n'
    + 'Inès Portable;06 12 34 56 78;\n'
    + 'Karim Deux;+33 (0)7.98.76.54.32;karim@example.org\n'
    + 'Sans Numéro;12 34;\n'
    + 'Sans Rien;;\n');
  const [preview, summary] = await importAndIssue(s, bytes);
  assert.match(preview, /<option value="telephone" selected>/);
  assert.equal((preview.match(/class="import-problem"/g) || []).length, 2);
  assert.match(preview, /12 34[\s\S]*numéro de téléphone invalide/);
  assert.match(preview, /Sans Rien[\s\S]*adresse e-mail ou téléphone manquant/);
  assert.match(summary, /<strong>2<\/strong> émis/);
  const uid = summary.match(/<th scope="row">2<\/th>[\s\S]*?href="\/awards\/([A-Za-z0-9_-]{22})"/)[1];
  // The phone is hashed in both versions and verifies as the recipient, as normalised.
  const ob2 = await (await fetch(`${base}/awards/${uid}`, { headers: { Accept: 'application/ld+json' } })).json();
  assert.equal(ob2.recipient.type, 'telephone');
  assert.equal(ob2.recipient.hashed, true);
  const cred = await (await fetch(`${base}/awards/${uid}/credential`)).json();
  const ids = cred.credentialSubject.identifier;
  assert.deepEqual(ids.map((i) => i.identityType), ['ext:telephone', 'name']);
  assert.doesNotMatch(JSON.stringify(cred), /612345678/);
  for (const [recipient, verdict] of [['+33612345678', 'valid'], ['+33600000000', 'invalid']]) {
    const v = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network',
      '--recipient', recipient, `${base}/awards/${uid}`], { encoding: 'utf8' });
    assert.equal(JSON.parse(v.stdout).verdict, verdict, v.stdout);
  }
  // The same file again issues nothing.
  const [, summary2] = await importAndIssue(s, bytes);
  assert.match(summary2, /<strong>2<\/strong> déjà émis/);
});
