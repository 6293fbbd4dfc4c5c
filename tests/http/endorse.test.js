'use strict';
/*
 * Endorsements over real HTTP (issue 9): `blason serve` on 127.0.0.1 with a
 * temporary database, a Mission Locale and two partner organisations made
 * with the CLI.  A partner endorses a badge class, then:
 *   - the hosted OB 2.0 Endorsement and the OB 3.0 EndorsementCredential are
 *     served; the credential passes 1EdTech's EndorsementCredential schema;
 *   - `blason verify` accepts the credential alone (Data Integrity and
 *     VC-JWT); jose verifies the VC-JWT against the partner's JWKS and
 *     @digitalbazaar/vc the Data Integrity proof (a changed comment fails);
 *   - the badge class page and the pages of awards made before and after
 *     show "Reconnu par 1 partenaire" with the name, comment and date;
 *   - an award made afterwards embeds the whole EndorsementCredential
 *     (OB 3.0) and the BadgeClass lists the Endorsement URL (OB 2.0);
 *     `blason verify` reports the embedded endorsement, and a tampered one;
 *   - withdrawing: 410 on the hosted Endorsement, the partner's status list
 *     bit set (decoded here with zlib), pages stop listing it, `blason
 *     verify` says the credential is revoked and the embedded one withdrawn;
 *   - an endorsement that expires is listed, then no longer once expired.
 * Run from the repository root: node --test tests/http/endorse.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const { BLASON, Site, repoRoot } = require('../lib/server');

const FIXTURES = path.resolve(repoRoot, process.env.FIXTURES || '../shared/fixtures');
const haveSchemas = fs.existsSync(path.join(FIXTURES, 'schemas', 'ob30'));

let S, base, tmp, badge, awardBefore, endorsement;

function blason(args, status = 0) {
  const r = spawnSync(BLASON, [...args, ...S.args], { encoding: 'utf8' });
  assert.equal(r.status, status, `blason ${args.join(' ')}: ${r.stdout} ${r.stderr}`);
  return r.stdout.trim();
}

function verify(target, ...extra) {
  const r = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network',
    ...extra, target], { encoding: 'utf8' });
  let rep;
  try { rep = JSON.parse(r.stdout); } catch { assert.fail(`verify ${target}: ${r.stdout} ${r.stderr}`); }
  return { status: r.status, rep };
}

const check = (rep, id) => rep.checks.find((c) => c.id === id);

async function json(url) {
  const r = await fetch(url, { headers: { Accept: 'application/ld+json, application/json' } });
  assert.equal(r.status, 200, url);
  return r.json();
}

async function html(url) {
  const r = await fetch(url, { headers: { Accept: 'text/html' } });
  assert.equal(r.status, 200, url);
  return r.text();
}

/* The endorsements section of a page: its heading and the listed names, or null. */
function endorsedSection(page) {
  const m = page.match(/<section class="endorsements"[\s\S]*?<\/section>/);
  if (!m) return null;
  const h = m[0].match(/<h2[^>]*>([^<]*)<\/h2>/)[1];
  const names = [...m[0].matchAll(/<p class="endorser"><a href="[^"]*">([^<]*)<\/a>/g)].map((x) => x[1]);
  return { heading: h, names, text: m[0] };
}

/* The bit at index of a BitstringStatusListCredential (gzip, multibase base64url). */
function statusBit(list, index) {
  const enc = list.credentialSubject.encodedList.replace(/^u/, '');
  const bits = zlib.gunzipSync(Buffer.from(enc, 'base64url'));
  return (bits[Math.floor(index / 8)] >> (7 - (index % 8))) & 1;
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

test.before(async () => {
  assert.ok(fs.existsSync(BLASON), `${BLASON} is missing: run make first`);
  S = await new Site().start({ config: 'cache_ttl = 0\n' });
  ({ base, tmp } = S);
  blason(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale de Paris', '--url',
    'https://www.missionlocale.paris', '--email', 'contact@example.org']);
  blason(['org', 'add', '--slug', 'boulangerie', '--name', 'Boulangerie Dupain', '--url',
    'https://boulangerie.example', '--email', 'rh@boulangerie.example']);
  blason(['org', 'add', '--slug', 'asso', '--name', 'Association Tremplin', '--url',
    'https://tremplin.example', '--email', 'bonjour@tremplin.example']);
  badge = blason(['badge', 'add', '--org', 'ml', '--name', 'Atelier CV', '--description',
    'A rédigé son CV avec un conseiller', '--criteria', 'Venir à l’atelier et repartir avec un CV.',
    '--image', path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg')]).split('/').pop();
  awardBefore = blason(['award', '--badge', badge, '--email', 'camille@example.org', '--name', 'Camille']).split('/').pop();
  await S.serve();
});

test.after(async () => {
  if (S) await S.stop();
});

test('a partner endorses a badge class: signed OB 3.0 and hosted OB 2.0 documents', async () => {
  const url = blason(['endorse', '--org', 'boulangerie', '--badge', badge, '--comment',
    'Les jeunes passés par cet atelier arrivent avec un CV clair.']);
  assert.match(url, new RegExp(`^${base}/endorsements/[A-Za-z0-9_-]{22}$`));
  endorsement = url;

  const ob2 = await json(url);
  assert.equal(ob2.type, 'Endorsement');
  assert.equal(ob2.id, url);
  assert.equal(ob2.issuer, `${base}/o/boulangerie`);
  assert.equal(ob2.claim.id, `${base}/badges/${badge}`);
  assert.equal(ob2.claim.endorsementComment, 'Les jeunes passés par cet atelier arrivent avec un CV clair.');
  assert.deepEqual(ob2.verification, { type: 'hosted' });
  assert.match(ob2.issuedOn, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  const cred = await json(`${url}/credential`);
  assert.deepEqual(cred.type, ['VerifiableCredential', 'EndorsementCredential']);
  assert.match(cred.id, /^urn:uuid:/);
  assert.equal(cred.issuer.id, `${base}/o/boulangerie`);
  assert.equal(cred.issuer.name, 'Boulangerie Dupain');
  assert.deepEqual(cred.credentialSubject.type, ['EndorsementSubject']);
  assert.equal(cred.credentialSubject.id, `${base}/badges/${badge}`);
  assert.equal(cred.credentialStatus.type, 'BitstringStatusListEntry');
  assert.equal(cred.credentialStatus.statusListCredential, `${base}/o/boulangerie/status/1`);
  assert.equal(cred.proof[0].cryptosuite, 'eddsa-rdfc-2022');
  assert.ok(cred.proof[0].verificationMethod.startsWith(`${base}/o/boulangerie/keys/`));
  assert.equal(cred.validUntil, undefined);

  // Unknown endorsement: 404; an organisation does not endorse its own badge.
  assert.equal((await fetch(`${base}/endorsements/nope`)).status, 404);
  const own = spawnSync(BLASON, ['endorse', '--org', 'ml', '--badge', badge, '--comment', 'x', ...S.args],
    { encoding: 'utf8' });
  assert.notEqual(own.status, 0);
  assert.match(own.stderr, /own/);
});

test('the EndorsementCredential passes 1EdTech\'s EndorsementCredential schema',
  { skip: haveSchemas ? false : `no fixtures at ${FIXTURES}` }, async () => {
    const Ajv2019 = require('ajv/dist/2019');
    const addFormats = require('ajv-formats');
    const ajv = new Ajv2019({ strict: true, strictTuples: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(
      path.join(FIXTURES, 'schemas', 'ob30', 'endorsementcredential.json'), 'utf8')));
    const cred = await json(`${endorsement}/credential`);
    assert.ok(validate(cred), JSON.stringify(validate.errors, null, 1));
    // The schema is not a rubber stamp: without credentialSubject it fails.
    delete cred.credentialSubject;
    assert.equal(validate(cred), false);
  });

test('blason verify accepts the endorsement alone, as Data Integrity and as VC-JWT', async () => {
  const jwtFile = path.join(tmp, 'endorsement.jwt');
  fs.writeFileSync(jwtFile, await (await fetch(`${endorsement}/credential.jwt`)).text());
  for (const t of [`${endorsement}/credential`, jwtFile]) {
    const { status, rep } = verify(t);
    assert.equal(status, 0, `${t}: ${JSON.stringify(rep, null, 1)}`);
    assert.equal(rep.verdict, 'valid');
    assert.equal(rep.issuer.id, `${base}/o/boulangerie`);
    assert.equal(check(rep, 'status.ok').status, 'ok');
    assert.equal(check(rep, 'proof.key_bound').status, 'ok');
  }
});

test('peers verify the endorsement: jose (VC-JWT, partner JWKS) and @digitalbazaar/vc (Data Integrity)', async () => {
  const jose = await import('jose');
  const jwt = await (await fetch(`${endorsement}/credential.jwt`)).text();
  const JWKS = jose.createRemoteJWKSet(new URL(`${base}/o/boulangerie/jwks.json`));
  const { payload } = await jose.jwtVerify(jwt, JWKS);
  assert.equal(payload.iss, `${base}/o/boulangerie`);
  assert.equal(payload.credentialSubject.id, `${base}/badges/${badge}`);
  // The Mission Locale's keys do not verify the partner's endorsement.
  await assert.rejects(jose.jwtVerify(jwt, jose.createRemoteJWKSet(new URL(`${base}/o/ml/jwks.json`))));

  const vc = await import('@digitalbazaar/vc');
  const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
  const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const ctx = new Map();
  for (const line of fs.readFileSync(path.join(repoRoot, 'data', 'contexts.list'), 'utf8').split('\n')) {
    const [url, source, , format] = line.trim().split(/\s+/);
    if (!url || url.startsWith('#') || !source.startsWith('npm:')) continue;
    const file = path.join(repoRoot, 'node_modules', source.slice(4));
    const doc = format === 'js' ? require(file) : JSON.parse(fs.readFileSync(file, 'utf8'));
    ctx.set(url, doc.default || doc);
  }
  const documentLoader = async (url) => {
    if (ctx.has(url)) return { contextUrl: null, documentUrl: url, document: ctx.get(url) };
    assert.ok(url.startsWith(base), `only the server's documents are fetched, not ${url}`);
    const doc = await (await fetch(url, { headers: { Accept: 'application/ld+json' } })).json();
    if (url === `${base}/o/boulangerie`) {
      return { contextUrl: null, documentUrl: url, document: {
        '@context': ['https://w3id.org/security/multikey/v1', { assertionMethod:
          { '@id': 'https://w3id.org/security#assertionMethod', '@type': '@id', '@container': '@set' } }],
        id: doc.id, assertionMethod: doc.assertionMethod } };
    }
    return { contextUrl: null, documentUrl: url, document: doc };
  };
  const credential = await json(`${endorsement}/credential`);
  const suite = new DataIntegrityProof({ cryptosuite });
  const ok = await vc.verifyCredential({ credential, suite, documentLoader,
    checkStatus: async () => ({ verified: true }) });
  assert.ok(ok.verified, JSON.stringify(ok.error || ok.results, null, 1));
  credential.credentialSubject.endorsementComment = 'Le meilleur atelier du monde';
  const bad = await vc.verifyCredential({ credential, suite, documentLoader,
    checkStatus: async () => ({ verified: true }) });
  assert.equal(bad.verified, false);
});

test('the badge class page and every award page say "Reconnu par 1 partenaire"', async () => {
  const awardAfter = blason(['award', '--badge', badge, '--email', 'sam@example.org']).split('/').pop();
  for (const p of [`/badges/${badge}`, `/awards/${awardBefore}`, `/awards/${awardAfter}`]) {
    const sec = endorsedSection(await html(base + p));
    assert.ok(sec, `${p}: no endorsements section`);
    assert.equal(sec.heading, 'Reconnu par 1 partenaire');
    assert.deepEqual(sec.names, ['Boulangerie Dupain']);
    assert.match(sec.text, /Les jeunes passés par cet atelier arrivent avec un CV clair\./);
    assert.match(sec.text, /le \d{1,2}(er)? [a-zéû]+ \d{4}/);
  }
  // Another badge class of the issuer is not endorsed: no section.
  const other = blason(['badge', 'add', '--org', 'ml', '--name', 'Atelier entretien', '--description',
    'Entretien simulé', '--criteria', 'Venir', '--image',
    path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg')]).split('/').pop();
  assert.equal(endorsedSection(await html(`${base}/badges/${other}`)), null);
});

let embeddedAward;

test('an award made afterwards embeds the endorsement, and blason verify checks it', async () => {
  embeddedAward = blason(['award', '--badge', badge, '--email', 'lea@example.org', '--name', 'Léa']).split('/').pop();
  const cred = await json(`${base}/awards/${embeddedAward}/credential`);
  const endorsementCred = await json(`${endorsement}/credential`);
  assert.deepEqual(cred.credentialSubject.achievement.endorsement, [endorsementCred]);
  // OB 2.0: the BadgeClass lists the Endorsement's URL.
  const bc = await json(`${base}/badges/${badge}`);
  assert.deepEqual(bc.endorsement, [endorsement]);

  const file = path.join(tmp, 'embedded.json');
  fs.writeFileSync(file, JSON.stringify(cred));
  const { status, rep } = verify(file, '--recipient', 'lea@example.org');
  assert.equal(status, 0, JSON.stringify(rep, null, 1));
  assert.equal(rep.verdict, 'valid');
  const c = check(rep, 'endorsement.ok');
  assert.ok(c, JSON.stringify(rep.checks, null, 1));
  assert.match(c.message, /Boulangerie Dupain/);

  // The embedded endorsement's comment changed: reported as not authentic.
  cred.credentialSubject.achievement.endorsement[0].credentialSubject.endorsementComment = 'Faux';
  fs.writeFileSync(file, JSON.stringify(cred));
  const t = verify(file);
  assert.equal(check(t.rep, 'endorsement.invalid').status, 'warning', JSON.stringify(t.rep.checks, null, 1));
  assert.equal(check(t.rep, 'endorsement.ok'), undefined);
});

test('withdrawal: 410, status list bit set, gone from the pages, reported by blason verify', async () => {
  const cred = await json(`${endorsement}/credential`);
  const index = Number(cred.credentialStatus.statusListIndex);
  assert.equal(statusBit(await json(`${base}/o/boulangerie/status/1`), index), 0);

  blason(['endorse', 'withdraw', endorsement]);
  const r = await fetch(endorsement, { headers: { Accept: 'application/ld+json' } });
  assert.equal(r.status, 410);
  assert.equal((await r.json()).revoked, true);
  assert.equal(statusBit(await json(`${base}/o/boulangerie/status/1`), index), 1);
  // Withdrawing twice is refused.
  blason(['endorse', 'withdraw', endorsement], 1);

  for (const p of [`/badges/${badge}`, `/awards/${awardBefore}`]) {
    assert.equal(endorsedSection(await html(base + p)), null, p);
  }
  assert.equal((await json(`${base}/badges/${badge}`)).endorsement, undefined);

  const alone = verify(`${endorsement}/credential`);
  assert.equal(alone.status, 1);
  assert.equal(check(alone.rep, 'status.revoked').status, 'error');

  const emb = verify(`${base}/awards/${embeddedAward}/credential`);
  assert.equal(emb.status, 0, JSON.stringify(emb.rep, null, 1));
  assert.equal(emb.rep.verdict, 'valid_with_warnings');
  assert.equal(check(emb.rep, 'endorsement.withdrawn').status, 'warning');

  // A new award no longer embeds it.
  const fresh = blason(['award', '--badge', badge, '--email', 'noa@example.org']).split('/').pop();
  const fc = await json(`${base}/awards/${fresh}/credential`);
  assert.equal(fc.credentialSubject.achievement.endorsement, undefined);
});

test('an endorsement that expires is listed until it expires, then not', async () => {
  const until = new Date(Date.now() + 3000);
  const iso = until.toISOString().replace(/\.\d+Z$/, 'Z');
  const url = blason(['endorse', '--org', 'asso', '--badge', badge, '--comment',
    'Atelier sérieux, nous le recommandons.', '--expires', iso]);
  const cred = await json(`${url}/credential`);
  assert.equal(cred.validUntil, iso);
  assert.equal((await json(url)).expires, iso);
  let sec = endorsedSection(await html(`${base}/badges/${badge}`));
  assert.deepEqual(sec && sec.names, ['Association Tremplin']);

  await wait(until.getTime() - Date.now() + 1200);
  assert.equal(endorsedSection(await html(`${base}/badges/${badge}`)), null);
  const { status, rep } = verify(`${url}/credential`);
  assert.equal(status, 1);
  assert.equal(check(rep, 'validity.expired').status, 'error');
  // An end date in the past is refused.
  blason(['endorse', '--org', 'asso', '--badge', badge, '--comment', 'x', '--expires',
    '2020-01-01T00:00:00Z'], 1);
});

test('a partner endorses the issuer itself: shown on the issuer page', async () => {
  blason(['endorse', '--org', 'boulangerie', '--issuer', 'ml', '--comment',
    'Partenaire fiable pour nos recrutements.']);
  const sec = endorsedSection(await html(`${base}/o/ml`));
  assert.equal(sec.heading, 'Reconnu par 1 partenaire');
  assert.deepEqual(sec.names, ['Boulangerie Dupain']);
});

// ---- a tutor recommends one award from an emailed link ----

const onSqlite = !process.env.BLASON_TEST_DB;
function sql(query) {
  const r = spawnSync('python3', ['-c', 'import json,sqlite3,sys; c=sqlite3.connect(sys.argv[1]); '
    + 'r=c.execute(sys.argv[2]).fetchall(); c.commit(); print(json.dumps(r))', path.join(S.tmp, 'blason.db'), query],
  { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function tutorPost(link, fields, origin = base) {
  return fetch(link, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
    headers: { Origin: origin, Accept: 'text/html' } });
}

test('a tutor recommends an award from a single-use link; hidden until the young person shows it',
  { skip: onSqlite ? false : 'reads the SQLite file' }, async () => {
    const link = blason(['endorse', 'recommend', '--award', embeddedAward, '--tutor-name', 'Jeanne Martin',
      '--tutor-email', 'Jeanne.Martin@Boulangerie.example']);
    assert.match(link, new RegExp(`^${base}/recommandation/[A-Za-z0-9_-]{43}$`));
    const token = link.split('/').pop();
    // Mailed to the tutor; the store keeps only the token's hash.
    const mail = sql("SELECT to_addr, body_text FROM outbox WHERE subject LIKE 'Recommander%'");
    assert.equal(mail.length, 1);
    assert.equal(mail[0][0], 'jeanne.martin@boulangerie.example');
    assert.ok(mail[0][1].includes(link));
    assert.equal(sql(`SELECT count(*) FROM endorsement_links WHERE token_hash = '${token}'`)[0][0], 0);

    const pageHtml = await html(link);
    assert.match(pageHtml, /Recommander Léa/);
    assert.match(pageHtml, /Badge <strong>Atelier CV<\/strong>, délivré par Mission Locale de Paris/);
    assert.match(pageHtml, /<label for="rec-comment">Votre recommandation<\/label>/);

    const empty = await tutorPost(link, { comment: '' });
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /id="rec-comment"[^>]*aria-describedby="rec-comment-error" aria-invalid="true"/);
    const foreign = await tutorPost(link, { comment: 'Très bien' }, 'https://evil.example');
    assert.equal(foreign.status, 403);

    const ok = await tutorPost(link, { comment: 'Léa a été ponctuelle et curieuse pendant son immersion.' });
    assert.equal(ok.status, 303);
    assert.match(await html(base + ok.headers.get('location')), /Merci pour votre recommandation/);
    // Once only.
    assert.equal((await tutorPost(link, { comment: 'Encore' })).status, 404);
    assert.match(await html(link), /Recommandation déjà envoyée/);

    // Signed by the Mission Locale, naming the tutor; about the award's credential.
    const [[uid]] = sql("SELECT uid FROM endorsements WHERE subject_kind = 'award'");
    const cred = await json(`${base}/endorsements/${uid}/credential`);
    const award = await json(`${base}/awards/${embeddedAward}/credential`);
    assert.equal(cred.credentialSubject.id, award.id);
    assert.equal(cred.issuer.id, `${base}/o/ml`);
    assert.equal(cred.issuer.name, 'Jeanne Martin');
    assert.match(cred.issuer.description, /Mission Locale de Paris/);
    const v = verify(`${base}/endorsements/${uid}/credential`);
    assert.equal(v.status, 0, JSON.stringify(v.rep, null, 1));

    // Hidden on the public award page until shown.
    const awardPage = `${base}/awards/${embeddedAward}`;
    assert.equal(endorsedSection(await html(awardPage)), null);
    blason(['endorse', 'show', uid]);
    const sec = endorsedSection(await html(awardPage));
    assert.deepEqual(sec.names, ['Jeanne Martin (par Mission Locale de Paris)']);
    assert.match(sec.text, /ponctuelle et curieuse/);
    blason(['endorse', 'hide', uid]);
    assert.equal(endorsedSection(await html(awardPage)), null);
    // A partner's endorsement of a badge class is withdrawn, not hidden by the issuer.
    blason(['endorse', 'hide', endorsement], 1);
  });

test('an expired or unknown recommendation link is refused',
  { skip: onSqlite ? false : 'reads the SQLite file' }, async () => {
    const link = blason(['endorse', 'recommend', '--award', awardBefore, '--tutor-name', 'Paul',
      '--tutor-email', 'paul@example.org']);
    assert.equal((await fetch(link, { headers: { Accept: 'text/html' } })).status, 200);
    sql('UPDATE endorsement_links SET expires_at = 1 WHERE used_at = 0');
    const r = await fetch(link, { headers: { Accept: 'text/html' } });
    assert.equal(r.status, 404);
    assert.match(await r.text(), /Lien invalide ou expiré/);
    assert.equal((await tutorPost(link, { comment: 'Bien' })).status, 404);
    assert.equal((await fetch(`${base}/recommandation/${'A'.repeat(43)}`)).status, 404);
    blason(['endorse', 'recommend', '--award', awardBefore, '--tutor-name', 'Paul', '--tutor-email', 'pas-une-adresse'], 1);
  });
