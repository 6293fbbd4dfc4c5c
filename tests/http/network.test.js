'use strict';
/*
 * The stakeholder network (issue 9) against a real `blason serve`
 * (tests/lib/server.js) whose mail goes to a real local SMTP server
 * (tests/http/smtp_sink.py): a network admin invites a partner, whose
 * admin follows the emailed link and signs up; the partner's profile
 * refuses bad SIRET numbers in French next to the field; a framework file
 * is previewed with its per-line problems and nothing saved, a good one
 * saved; the picker's search feeds a badge class alignment that the
 * signed documents carry (OB 3.0 JSON Schema by ajv, `blason verify`);
 * needs are declared, supported, ranked and answered; one organisation
 * cannot act for another, and what partners type comes back escaped.
 * Run from the repository root: node --test tests/http/network.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { BLASON, Site, freePort, repoRoot } = require('../lib/server');

const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const SINK = path.join(__dirname, 'smtp_sink.py');
const PASSWORD = 'un mot de passe assez long';
const haveSink = spawnSync(PYTHON, ['-c', 'import aiosmtpd'], { encoding: 'utf8' }).status === 0;
const skip = haveSink ? false : 'python3-aiosmtpd is not installed (scripts/deps.sh installs it)';
const FIXTURES = process.env.FIXTURES
  ? path.resolve(process.cwd(), process.env.FIXTURES)
  : path.resolve(repoRoot, '..', 'shared', 'fixtures');
const SCHEMA = path.join(FIXTURES, 'schemas', 'ob30', 'achievementcredential.json');
const DEMO = path.join(repoRoot, 'data', 'frameworks', 'demo-competences.csv');

let S, base, sink, mailDir;
const sessions = {};
const state = {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- mail ----

function received(to) {
  if (!fs.existsSync(mailDir)) return [];
  return fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml')).sort().map((f) => ({
    raw: fs.readFileSync(path.join(mailDir, f)).toString('latin1'),
    envelope: JSON.parse(fs.readFileSync(path.join(mailDir, f.replace(/\.eml$/, '.json')), 'utf8')),
  })).filter((m) => m.envelope.rcpt_tos.includes(to));
}

async function waitMail(to, ms = 10000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
    const got = received(to);
    if (got.length) return got;
  }
  return received(to);
}

function decoded(raw) {
  const bytes = raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

// ---- HTTP ----

function form(p, fields, headers = {}) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) body.append(k, x);
  return fetch(base + p, { method: 'POST', redirect: 'manual', body,
    headers: { Origin: base, Accept: 'text/html', ...headers } });
}

async function signIn(who, email) {
  const r = await form('/connexion', { email, password: PASSWORD });
  assert.equal(r.status, 303, `sign-in ${email}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const home = await (await fetch(`${base}/espace`, { headers: { Cookie: cookie } })).text();
  sessions[who] = { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(home)[1] };
}

async function get(who, p, accept = 'text/html') {
  const r = await fetch(base + p, { redirect: 'manual',
    headers: { ...(who ? { Cookie: sessions[who].cookie } : {}), Accept: accept } });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
}

async function post(who, p, fields) {
  const r = await form(p, { csrf: sessions[who].csrf, ...fields }, { Cookie: sessions[who].cookie });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
}

async function multipart(who, p, fields, files = {}) {
  const fd = new FormData();
  fd.append('csrf', sessions[who].csrf);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const [k, f] of Object.entries(files)) fd.append(k, new Blob([f.bytes], { type: f.type }), f.name);
  const r = await fetch(base + p, { method: 'POST', body: fd, redirect: 'manual',
    headers: { Cookie: sessions[who].cookie, Accept: 'text/html' } });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
}

// The invitation link of the last message to `to`, followed: a password chosen, signed in.
async function acceptInvitation(who, to) {
  const mails = await waitMail(to);
  assert.equal(mails.length, 1, `one invitation for ${to}`);
  const text = decoded(mails[0].raw);
  assert.match(text, /valable 7 jours/);
  const m = new RegExp(`${base}/mot-de-passe/([A-Za-z0-9_-]{43})`).exec(text);
  assert.ok(m, 'the invitation carries a link');
  const link = `/mot-de-passe/${m[1]}`;
  assert.equal((await fetch(base + link)).status, 200);
  const r = await form(link, { password: PASSWORD, password2: PASSWORD });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/espace');
  await signIn(who, to);
}

const profile = {
  name: 'Boulangerie Léon', url: 'https://boulangerie.example', description: 'Pain et viennoiseries.',
  sector: 'Boulangerie', siret: '', contact_name: 'Léon Martin', contact_email: 'leon@boulangerie.example',
  contact_phone: '01 23 45 67 89',
};

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
  S.cli(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale de Paris', '--url', 'https://ml.example',
    '--email', 'contact@ml.example']);
  for (const [email, role] of [['admin@ml.example', 'admin'], ['conseil@ml.example', 'issuer']]) {
    S.cli(['user', 'add', '--email', email, '--name', email.split('@')[0], '--org', 'ml', '--role', role,
      '--password-file', '-'], `${PASSWORD}\n`);
  }
  await S.serve();
  await signIn('admin', 'admin@ml.example');
  await signIn('conseil', 'conseil@ml.example');
});

test.after(async () => {
  if (sink && sink.exitCode === null) {
    const done = new Promise((r) => sink.once('exit', r));
    sink.kill('SIGTERM');
    await done;
  }
  if (S) await S.stop();
});

test('a network admin invites a partner, whose admin signs up from the emailed link', { skip }, async () => {
  const page = await get('admin', '/espace/ml/partenaires');
  assert.equal(page.status, 200);
  assert.match(page.html, /<label for="partner-email">/);
  // Errors next to their field, values kept.
  const bad = await post('admin', '/espace/ml/partenaires', { name: 'Boulangerie Léon', kind: 'employer', email: 'pas-une-adresse' });
  assert.equal(bad.status, 400);
  assert.match(bad.html, /role="alert"/);
  assert.match(bad.html, /id="partner-email-error">Saisissez une adresse e-mail valide/);
  assert.match(bad.html, /aria-describedby="partner-email-error" aria-invalid="true"/);
  assert.match(bad.html, /value="Boulangerie Léon"/);
  // An issuer of the network, not an admin: refused.
  const issuer = await post('conseil', '/espace/ml/partenaires', { name: 'X', kind: 'employer', email: 'x@x.example' });
  assert.equal(issuer.status, 403);
  assert.doesNotMatch((await get('conseil', '/espace/ml/partenaires')).html, /Inviter un partenaire/);

  const r = await post('admin', '/espace/ml/partenaires', { name: 'Boulangerie Léon', kind: 'employer',
    email: 'Leon@Boulangerie.example', contact_name: 'Léon Martin' });
  assert.equal(r.status, 303, r.html.slice(0, 500));
  assert.equal(r.location, '/espace/ml/partenaires?invite=boulangerie-lon');
  // Taken address name: 409 with the field in error.
  const again = await post('admin', '/espace/ml/partenaires', { name: 'Boulangerie Léon', kind: 'employer', email: 'b@b.example' });
  assert.equal(again.status, 409);
  assert.match(again.html, /id="partner-slug-error"/);
  await acceptInvitation('leon', 'leon@boulangerie.example');
  const space = await get('leon', '/espace/boulangerie-lon');
  assert.equal(space.status, 200);
  // Its own staff and roles: the partner's admin sees its team page and may invite.
  const team = await get('leon', '/espace/boulangerie-lon/equipe');
  assert.match(team.html, /Léon Martin/);
  assert.match(team.html, /Inviter une personne/);
  // A partner is not a network admin: it cannot invite partners.
  assert.doesNotMatch((await get('leon', '/espace/boulangerie-lon/partenaires')).html, /Inviter un partenaire/);
  const no = await post('leon', '/espace/boulangerie-lon/partenaires', { name: 'Y', kind: 'employer', email: 'y@y.example' });
  assert.equal(no.status, 403);
  // Nor reach the Mission Locale's space.
  assert.equal((await get('leon', '/espace/ml/partenaires')).status, 404);
  // Its keys are published like any issuer's.
  const jwks = await (await fetch(`${base}/o/boulangerie-lon/jwks.json`)).json();
  assert.equal(jwks.keys.length, 2);
});

test('the profile refuses bad SIRET numbers in French next to the field; the public page shows it, escaped', { skip }, async () => {
  for (const [siret, message] of [
    ['732 829 320 00075', /id="profile-siret-error">Ce numéro SIRET n’est pas valide \(sa clé de contrôle ne correspond pas\)/],
    ['7328293200', /id="profile-siret-error">Le SIRET compte 14 chiffres/],
    ['7328293200007A', /id="profile-siret-error">Le SIRET ne contient que des chiffres/],
    ['12345678900015', /id="profile-siret-error">Les 9 premiers chiffres \(le SIREN\) ne sont pas valides/],
  ]) {
    const r = await multipart('leon', '/espace/boulangerie-lon/profil', { ...profile, siret });
    assert.equal(r.status, 400, siret);
    assert.match(r.html, message, siret);
    assert.match(r.html, /aria-describedby="profile-siret-error" aria-invalid="true"/);
    assert.match(r.html, /role="alert"/);
    assert.ok(r.html.includes(`value="${siret}"`), 'the value typed is kept');
    assert.match(r.html, /value="Boulangerie"/);
  }
  // A script in an SVG logo is refused next to the logo field.
  const evil = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
  const img = await multipart('leon', '/espace/boulangerie-lon/profil', { ...profile, siret: '73282932000074' },
    { logo: { bytes: Buffer.from(evil), type: 'image/svg+xml', name: 'logo.svg' } });
  assert.equal(img.status, 400);
  assert.match(img.html, /id="profile-image-error">Le logo doit être une image PNG ou SVG sans script/);

  const logo = '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96"><circle cx="48" cy="48" r="40" fill="#c60"/></svg>';
  const ok = await multipart('leon', '/espace/boulangerie-lon/profil', { ...profile,
    name: 'Boulangerie Léon <script>alert("x")</script>', siret: '732 829 320 00074' },
  { logo: { bytes: Buffer.from(logo), type: 'image/svg+xml', name: 'logo.svg' } });
  assert.equal(ok.status, 303, ok.html.slice(0, 800));
  assert.equal(ok.location, '/espace/boulangerie-lon/profil?fait=1');
  // La Poste's establishments follow their own rule.
  const poste = await multipart('leon', '/espace/boulangerie-lon/profil', { ...profile, name: 'Boulangerie Léon <script>alert("x")</script>', siret: '35600000049837' });
  assert.equal(poste.status, 303);
  const back = await multipart('leon', '/espace/boulangerie-lon/profil', { ...profile, name: 'Boulangerie Léon <script>alert("x")</script>', siret: '73282932000074' });
  assert.equal(back.status, 303);

  const pub = await get(null, '/partenaires/boulangerie-lon');
  assert.equal(pub.status, 200);
  assert.match(pub.html, /<h1 id="partner-title">Boulangerie Léon &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;<\/h1>/);
  assert.doesNotMatch(pub.html, /<script>alert/);
  assert.match(pub.html, /<dd>73282932000074<\/dd>/);
  assert.match(pub.html, /employeur · Boulangerie/);
  assert.match(pub.html, /src="\/o\/boulangerie-lon\/image"/);
  // Nothing endorsed yet: no such section at all.
  assert.doesNotMatch(pub.html, /Badges reconnus par/);
  // Once it endorses a badge class of the Mission Locale, its page lists it; withdrawn, it goes.
  const endorsedUid = S.cli(['badge', 'add', '--org', 'ml', '--name', 'Atelier pâtisserie', '--description', 'd',
    '--criteria', 'c', '--image', path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg')]).split('/').pop();
  const endorsement = S.cli(['endorse', '--org', 'boulangerie-lon', '--badge', endorsedUid, '--comment', 'Sérieux et ponctuel']);
  const listed = await get(null, '/partenaires/boulangerie-lon');
  assert.match(listed.html, /Badges reconnus par/);
  assert.match(listed.html, new RegExp(`<a href="/badges/${endorsedUid}">Atelier pâtisserie</a> <span class="hint">\\(Mission Locale de Paris\\)</span>`));
  S.cli(['endorse', 'withdraw', endorsement.split('/').pop()]);
  assert.doesNotMatch((await get(null, '/partenaires/boulangerie-lon')).html, /Atelier pâtisserie/);
  // The opportunities it offers are listed too, escaped.
  assert.doesNotMatch(listed.html, /Opportunités proposées/);
  S.cli(['opportunity', 'add', '--org', 'boulangerie-lon', '--kind', 'immersion', '--title', 'Immersion <fournil>',
    '--place', 'Paris 11e', '--badges', endorsedUid]);
  const offers = (await get(null, '/partenaires/boulangerie-lon')).html;
  assert.match(offers, /Opportunités proposées/);
  assert.match(offers, /<strong>Immersion &lt;fournil&gt;<\/strong> <span class="hint">immersion<\/span> · <span>Paris 11e<\/span>/);
  const image = await fetch(`${base}/o/boulangerie-lon/image`);
  assert.equal(image.status, 200);
  assert.match(image.headers.get('content-type'), /image\/svg\+xml/);
  // The Mission Locale's admin cannot change the partner's profile, nor the partner the Mission Locale's.
  assert.equal((await multipart('admin', '/espace/boulangerie-lon/profil', profile)).status, 404);
  assert.equal((await multipart('leon', '/espace/ml/profil', profile)).status, 404);
  // An issuer of an org sees its profile read-only and cannot post it.
  assert.equal((await multipart('conseil', '/espace/ml/profil', { ...profile, url: 'https://ml.example' })).status, 403);
  assert.equal((await get(null, '/partenaires/personne')).status, 404);
});

test('a framework file is previewed with per-line problems and not saved; a good one is saved', { skip }, async () => {
  const badCsv = 'code;libellé;parent\nR;Racine;\nX1;;R\nR;Encore R;\nY;Orphelin;NOPE\nC1;Boucle 1;C2\nC2;Boucle 2;C1\n';
  let r = await multipart('conseil', '/espace/ml/referentiels', { name: 'Cassé', version: '', source: '' },
    { fichier: { bytes: Buffer.from(badCsv), type: 'text/csv', name: 'casse.csv' } });
  assert.equal(r.status, 303);
  const preview = await get('conseil', r.location);
  assert.equal(preview.status, 422);
  for (const [line, text] of [[3, 'Le libellé est vide.'], [4, 'Le code est déjà utilisé à la ligne 2.'],
    [5, 'Le parent « NOPE » n’est le code d’aucun élément.'], [6, 'boucle'], [7, 'boucle']]) {
    assert.match(preview.html, new RegExp(`<tr><td>${line}</td><td>[^<]*</td><td>[^<]*${text.replace(/[.()]/g, '\\$&')}`), `line ${line}`);
  }
  assert.doesNotMatch(preview.html, /Enregistrer le référentiel/);
  const refused = await post('conseil', r.location, {});
  assert.equal(refused.status, 422);
  assert.doesNotMatch((await get('conseil', '/espace/ml/referentiels')).html, /Cassé/);
  // Another organisation cannot see the upload.
  assert.equal((await get('leon', r.location.replace('/espace/ml/', '/espace/boulangerie-lon/'))).status, 404);

  r = await multipart('conseil', '/espace/ml/referentiels', { name: 'Compétences de démonstration', version: '1', source: 'https://blason.example/demo' },
    { fichier: { bytes: fs.readFileSync(DEMO), type: 'text/csv', name: 'demo-competences.csv' } });
  assert.equal(r.status, 303);
  const good = await get('conseil', r.location);
  assert.equal(good.status, 200);
  assert.match(good.html, /32 éléments lus \(CSV \(UTF-8\)\), aucun problème/);
  assert.match(good.html, /<li class="depth-2"><code>DEMO-A1.1<\/code> Être ponctuel et assidu<\/li>/);
  const saved = await post('conseil', r.location, {});
  assert.equal(saved.status, 303);
  const list = await get('leon', '/espace/boulangerie-lon/referentiels');
  const m = /<a href="\/referentiels\/([A-Za-z0-9_-]{22})">Compétences de démonstration<\/a><\/td><td>1<\/td><td>32<\/td>/.exec(list.html);
  assert.ok(m, 'every organisation of the network sees the framework');
  state.framework = m[1];
  const pub = await get(null, `/referentiels/${m[1]}`);
  assert.equal(pub.status, 200);
  assert.match(pub.html, /<code>DEMO-C3.2<\/code> Alerter en cas de danger/);
  // Saved once: the same upload cannot be saved twice.
  assert.equal((await post('conseil', r.location, {})).status, 404);
  // The command line checks and loads the same file.
  const check = spawnSync(BLASON, ['framework', 'import', DEMO, '--org', 'ml', '--check'], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  assert.match(check.stdout, /32 items, no problem/);
  const badFile = path.join(S.tmp, 'bad.csv');
  fs.writeFileSync(badFile, badCsv);
  const cliBad = spawnSync(BLASON, ['framework', 'import', badFile, '--org', 'ml', ...S.args], { encoding: 'utf8' });
  assert.equal(cliBad.status, 1);
  assert.match(cliBad.stderr, /bad\.csv:5: Y: Le parent « NOPE »/);
  assert.match(S.cli(['framework', 'import', DEMO, '--org', 'ml', '--name', 'Démo CLI']), /^[A-Za-z0-9_-]{22}\t32 items$/);
});

test('the picker finds items; the badge class aligned to one carries it into documents that verify', { skip }, async () => {
  const json = await get('conseil', '/espace/ml/referentiels/recherche?q=ponctuel', 'application/json');
  assert.equal(json.status, 200);
  const found = JSON.parse(json.html).items.find((i) => i.framework === 'Compétences de démonstration');
  assert.ok(found);
  assert.equal(found.code, 'DEMO-A1.1');
  assert.deepEqual(Object.keys(found.alignment).sort(),
    ['targetCode', 'targetDescription', 'targetFramework', 'targetName', 'targetType', 'targetUrl']);
  assert.equal(found.alignment.targetType, 'ext:FrameworkItem');
  assert.equal(found.alignment.targetUrl, `${base}/referentiels/${state.framework}#c${found.id}`);

  // A badge class, created in the editor (which offers the picker).
  const fresh = await get('conseil', '/espace/ml/badges/nouveau');
  assert.match(fresh.html, /data-picker="\/espace\/ml\/referentiels\/recherche"/);
  assert.match(fresh.html, /<script src="\/static\/picker.js" defer><\/script>/);
  const made = await multipart('conseil', '/espace/ml/badges/nouveau', {
    name: 'Ponctualité', description: 'Arrive à l’heure au travail.', criteria: 'Trois semaines de stage sans retard.',
    validity: 'none', image_mode: 'generate', art_shape: 'cercle', art_colour: 'bleu', art_picto: 'etoile', art_text: 'Ponctuel',
  });
  assert.equal(made.status, 303, made.html.slice(0, 800));
  const uid = /\/espace\/ml\/badges\/([A-Za-z0-9_-]{22})$/.exec(made.location)[1];
  state.badge = uid;

  // Without JavaScript: the search page, then "Aligner".
  const page = await get('conseil', `/espace/ml/referentiels/recherche?q=ponctuel&badge=${uid}`);
  assert.match(page.html, new RegExp(`action="/espace/ml/badges/${uid}/alignements"`));
  const aligned = await post('conseil', `/espace/ml/badges/${uid}/alignements`, { item: String(found.id) });
  assert.equal(aligned.status, 303);
  // A partner cannot align the Mission Locale's badge class.
  assert.equal((await post('leon', `/espace/boulangerie-lon/badges/${uid}/alignements`, { item: String(found.id) })).status, 404);

  // With JavaScript the picker fills a row; the editor keeps description and type on re-save.
  const team = JSON.parse((await get('conseil', '/espace/ml/referentiels/recherche?q=DEMO-A2.1', 'application/json')).html).items[0];
  const edit = await get('conseil', `/espace/ml/badges/${uid}/modifier`);
  assert.match(edit.html, /name="align_type_1" type="hidden" value="ext:FrameworkItem"/);
  const a = team.alignment;
  const resave = await multipart('conseil', `/espace/ml/badges/${uid}/modifier`, {
    name: 'Ponctualité', description: 'Arrive à l’heure au travail.', criteria: 'Trois semaines de stage sans retard.',
    validity: 'none', image_mode: 'keep',
    align_framework_1: found.alignment.targetFramework, align_code_1: 'DEMO-A1.1', align_name_1: found.alignment.targetName,
    align_url_1: found.alignment.targetUrl, align_description_1: found.alignment.targetDescription, align_type_1: 'ext:FrameworkItem',
    align_framework_2: a.targetFramework, align_code_2: a.targetCode, align_name_2: a.targetName, align_url_2: a.targetUrl,
    align_description_2: a.targetDescription, align_type_2: a.targetType,
    // An old free-entry row stays readable.
    align_name_3: 'Compétence libre', align_url_3: 'https://example.org/libre',
  });
  assert.equal(resave.status, 303, resave.html.slice(0, 1500));

  // The badge class documents (OB 2.0 and, inside awards, OB 3.0).
  const bc = await (await fetch(`${base}/badges/${uid}`, { headers: { Accept: 'application/ld+json' } })).json();
  assert.deepEqual(bc.alignment.map((x) => x.targetCode), ['DEMO-A1.1', 'DEMO-A2.1', undefined]);
  assert.equal(bc.alignment[0].targetFramework, 'Compétences de démonstration');
  const aw = await fetch(`${base}/api/v1/badges/${uid}/awards`, { method: 'POST',
    headers: { Cookie: sessions.conseil.cookie, 'X-CSRF-Token': sessions.conseil.csrf, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'sam@example.org', name: 'Sam' }) });
  assert.equal(aw.status, 201, await aw.clone().text());
  const award = await aw.json();
  const cred = await (await fetch(`${award.id}/credential`, { headers: { Accept: 'application/ld+json' } })).json();
  const al = cred.credentialSubject.achievement.alignment;
  assert.equal(al[0].type.includes('Alignment'), true);
  assert.equal(al[0].targetType, 'ext:FrameworkItem');
  assert.equal(al[0].targetCode, 'DEMO-A1.1');
  assert.equal(al[1].targetName, 'Travailler en équipe');
  assert.equal(al[2].targetType, undefined);
  if (fs.existsSync(SCHEMA)) {
    const Ajv2019 = require('ajv/dist/2019');
    const addFormats = require('ajv-formats');
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
    assert.ok(validate(cred), JSON.stringify(validate.errors));
    // The schema does look at targetType: a bad one is refused.
    const broken = JSON.parse(JSON.stringify(cred));
    broken.credentialSubject.achievement.alignment[0].targetType = 'pas un type';
    assert.equal(validate(broken), false);
  }
  const baked = path.join(S.tmp, 'aligned.png');
  fs.writeFileSync(baked, Buffer.from(await (await fetch(`${award.id}/badge.png`)).arrayBuffer()));
  const v = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network', '--recipient',
    'sam@example.org', baked], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.equal(JSON.parse(v.stdout).verdict, 'valid');
});

test('needs are declared, supported, ranked and answered; escaped; only the network answers', { skip }, async () => {
  // A second partner joins.
  const inv = await post('admin', '/espace/ml/partenaires', { name: 'Relais Emploi', slug: 'relais', kind: 'association', email: 'anna@relais.example' });
  assert.equal(inv.status, 303);
  await acceptInvitation('anna', 'anna@relais.example');

  const board = await get('leon', '/espace/boulangerie-lon/besoins?q=ponctuel');
  assert.equal(board.status, 200);
  const item = /<input type="checkbox" id="item-(\d+)" name="item" value="\1"><label for="item-\1"><code>DEMO-A1.1<\/code>/.exec(board.html);
  assert.ok(item, 'the search offers the item to tick');
  const bad = await post('leon', '/espace/boulangerie-lon/besoins', { title: 'Vendeurs', description: 'Pour la rentrée', people: 'beaucoup', item: item[1] });
  assert.equal(bad.status, 400);
  assert.match(bad.html, /id="need-people-error">Indiquez un nombre de personnes/);
  assert.match(bad.html, /value="Vendeurs"/);
  const n1 = await post('leon', '/espace/boulangerie-lon/besoins', { title: 'Vendeurs <b>ponctuels</b>',
    description: 'Deux vendeurs pour la rentrée.', people: '2', sector: 'Boulangerie', horizon: 'd’ici 3 mois', item: item[1] });
  assert.equal(n1.status, 303, n1.html.slice(0, 500));
  const uid1 = /\/besoins\/([A-Za-z0-9_-]{22})$/.exec(n1.location)[1];
  const n2 = await post('anna', '/espace/relais/besoins', { title: 'Animateurs', description: 'Des animateurs.', people: '10' });
  assert.equal(n2.status, 303);

  // Before any support, more people first.
  let ml = await get('admin', '/espace/ml/besoins');
  assert.ok(ml.html.indexOf('Animateurs') < ml.html.indexOf('Vendeurs'), 'people expected break ties');
  // Anna supports Léon's need, with a comment that comes back escaped.
  const s1 = await post('anna', `/espace/relais/besoins/${uid1}/soutien`, { comment: '<i>Oui</i> & vite' });
  assert.equal(s1.status, 303);
  const own = await post('leon', `/espace/boulangerie-lon/besoins/${uid1}/soutien`, { comment: 'moi' });
  assert.equal(own.status, 400);
  assert.match(own.html, /ne peut pas soutenir son propre besoin/);
  ml = await get('admin', '/espace/ml/besoins');
  assert.ok(ml.html.indexOf('Vendeurs') < ml.html.indexOf('Animateurs'), 'supports rank first');
  assert.match(ml.html, /<td>1<\/td><td><a href="\/espace\/ml\/besoins\/[^"]+">Vendeurs &lt;b&gt;ponctuels&lt;\/b&gt;<\/a><\/td><td>Boulangerie Léon &lt;script&gt;/);

  // The Mission Locale links its badge class as an answer; the partner sees it.
  const ans = await post('conseil', `/espace/ml/besoins/${uid1}/reponse`, { badge: state.badge });
  assert.equal(ans.status, 303);
  const seen = await get('leon', `/espace/boulangerie-lon/besoins/${uid1}`);
  assert.match(seen.html, new RegExp(`Badge : <a href="/badges/${state.badge}">Ponctualité</a>`));
  assert.match(seen.html, /Soutiens \(1\)/);
  assert.match(seen.html, /« &lt;i&gt;Oui&lt;\/i&gt; &amp; vite »/);
  assert.match(seen.html, /<code>DEMO-A1.1<\/code> Être ponctuel et assidu/);
  // A partner cannot link answers, nor link another organisation's badge class.
  assert.equal((await post('anna', `/espace/relais/besoins/${uid1}/reponse`, { badge: state.badge })).status, 403);
  assert.equal((await post('conseil', `/espace/ml/besoins/${uid1}/reponse`, { badge: 'AAAAAAAAAAAAAAAAAAAAAA' })).status, 404);
  // Unknown need: 404.
  assert.equal((await get('leon', '/espace/boulangerie-lon/besoins/AAAAAAAAAAAAAAAAAAAAAA')).status, 404);
  state.need = uid1;
});

test('the declaring partner edits a need, closes it (pourvu, abandonné) and reopens it; audit rows', { skip }, async () => {
  const uid = state.need;
  const page = `/espace/boulangerie-lon/besoins/${uid}`;
  let seen = await get('leon', page);
  assert.match(seen.html, new RegExp(`<a class="button secondary" href="${page}/modifier">Modifier le besoin</a>`));
  assert.match(seen.html, /<button type="submit" name="state" value="filled">Clore : pourvu<\/button>/);
  // Another partner neither sees the controls nor reaches them.
  const other = await get('anna', `/espace/relais/besoins/${uid}`);
  assert.doesNotMatch(other.html, /Modifier le besoin|name="state"/);
  assert.equal((await get('anna', `/espace/relais/besoins/${uid}/modifier`)).status, 404);
  assert.equal((await post('anna', `/espace/relais/besoins/${uid}/modifier`, { title: 'x', description: 'y', people: '1' })).status, 404);
  assert.equal((await post('anna', `/espace/relais/besoins/${uid}/etat`, { state: 'abandoned' })).status, 404);

  // The form comes filled in, the item ticked; the same checks as declaring, errors next to the field.
  const form0 = await get('leon', `${page}/modifier`);
  assert.equal(form0.status, 200);
  assert.match(form0.html, /id="need-title" name="title"[^>]*value="Vendeurs &lt;b&gt;ponctuels&lt;\/b&gt;"/);
  assert.match(form0.html, /name="item" value="\d+" checked><label for="item-\d+"><code>DEMO-A1.1<\/code>/);
  const bad = await post('leon', `${page}/modifier`, { title: 'Vendeurs du matin', description: '', people: '3' });
  assert.equal(bad.status, 400);
  assert.match(bad.html, /id="need-description"[^>]*aria-describedby="need-description-error" aria-invalid="true"/);
  assert.match(bad.html, /id="need-description-error">Décrivez le besoin/);
  assert.match(bad.html, /value="Vendeurs du matin"/);
  const ok = await post('leon', `${page}/modifier`, { title: 'Vendeurs du matin', description: 'Trois vendeurs, dès 6 h.', people: '3' });
  assert.equal(ok.status, 303, ok.html.slice(0, 300));
  seen = await get('leon', page);
  assert.match(seen.html, /<h1 id="need-title">Vendeurs du matin<\/h1>/);
  assert.match(seen.html, /3 personne\(s\) à recruter/);
  assert.doesNotMatch(seen.html, /DEMO-A1.1/, 'the unticked item is gone');

  // Closed as filled: out of the ranking, in the closed list, no more support.
  assert.equal((await post('leon', `${page}/etat`, { state: 'filled' })).status, 303);
  let ml = await get('admin', '/espace/ml/besoins');
  const [ranked, closed] = ml.html.split('Besoins clos');
  assert.doesNotMatch(ranked, /Vendeurs du matin/);
  assert.match(closed, /Vendeurs du matin<\/a> <span class="hint">\(Boulangerie Léon.*?\)<\/span> <span class="tag">pourvu<\/span>/);
  seen = await get('anna', `/espace/relais/besoins/${uid}`);
  assert.match(seen.html, /<span class="tag">clos<\/span> <span class="tag">pourvu<\/span>/);
  assert.doesNotMatch(seen.html, /Soutenir ce besoin|Modifier mon soutien/);
  assert.equal((await post('anna', `/espace/relais/besoins/${uid}/soutien`, { comment: 'encore' })).status, 400);
  // Reopened: ranked again with its support; then given up.
  assert.equal((await post('leon', `${page}/etat`, { state: 'open' })).status, 303);
  ml = await get('admin', '/espace/ml/besoins');
  assert.match(ml.html.split('Besoins clos')[0], /<td>1<\/td><td><a href="\/espace\/ml\/besoins\/[^"]+">Vendeurs du matin<\/a><\/td><td>Boulangerie Léon[^<]*<\/td><td>1<\/td><td>3<\/td>/);
  assert.equal((await post('leon', `${page}/etat`, { state: 'abandoned' })).status, 303);
  assert.match((await get('leon', page)).html, /<span class="tag">abandonné<\/span>/);
  assert.equal((await post('leon', `${page}/etat`, { state: 'nope' })).status, 400);
  // Audit rows in the partner's organisation.
  const token = S.cli(['user', 'token', '--email', 'leon@boulangerie.example', '--org', 'boulangerie-lon', '--name', 't']);
  const audit = await (await fetch(`${base}/api/v1/orgs/boulangerie-lon/audit?limit=200`, { headers: { Authorization: `Bearer ${token}` } })).json();
  const acts = audit.items.filter((a) => a.subject === uid).map((a) => a.action);
  assert.deepEqual(acts.filter((a) => a !== 'need.create').sort(),
    ['need.close', 'need.close', 'need.reopen', 'need.update'].sort());
});
