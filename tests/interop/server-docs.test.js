'use strict';
/*
 * The platform's public Open Badges endpoints, checked by peers over real
 * HTTP: `blason serve` on 127.0.0.1 with a temporary SQLite database, an
 * organisation, a badge class (SVG and PNG) and awards made with the CLI.
 *   - the OB 3.0 VC-JWT verifies with jose against the served JWKS;
 *   - the Data Integrity proof verifies with @digitalbazaar/vc, whose
 *     document loader fetches the key and the issuer from the server;
 *   - the credential passes 1EdTech's AchievementCredential schema (ajv);
 *   - openbadges-bakery unbakes the served PNG and SVG;
 *   - `blason verify` (online) accepts the hosted OB 2.0 assertion, the
 *     signed one and the OB 3.0 badge, then reports each revoked after
 *     `blason revoke`;
 *   - ETag revalidation gives 304.
 * Run from the repository root: node --test tests/interop/
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const { BLASON, Site } = require('../lib/server');
const { encode } = require('./lib/png');
const FIXTURES = path.resolve(repoRoot, process.env.FIXTURES || '../shared/fixtures');

let S, tmp, base, site, pngBadge, svgBadge, svgAward, pngAward, slug = 'mission-locale';

function blason(args, status = 0) {
  const r = spawnSync(BLASON, [...args, ...site], { encoding: 'utf8' });
  assert.equal(r.status, status, `blason ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

function verify(target, ...extra) {
  const r = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network',
    ...extra, target], { encoding: 'utf8' });
  let rep;
  try { rep = JSON.parse(r.stdout); } catch { assert.fail(`verify ${target}: ${r.stdout} ${r.stderr}`); }
  return { status: r.status, rep };
}

// A 2x2 RGB PNG made by the tests' own encoder, so the PNG path does not depend on Blason's.
function tinyPng() {
  return encode(2, 2, 2, Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0]));
}

async function get(p, headers = {}) {
  const r = await fetch(base + p, { headers });
  return r;
}

test.before(async () => {
  assert.ok(fs.existsSync(BLASON), `${BLASON} is missing: run make first`);
  S = await new Site().start({ config: 'cache_ttl = 1\n' });
  ({ tmp, base } = S);
  site = S.args;
  blason(['org', 'add', '--slug', slug, '--name', 'Mission Locale de Paris', '--url',
    'https://www.missionlocale.paris', '--email', 'contact@example.org',
    '--description', 'Accompagner les jeunes de 16 à 25 ans vers l’emploi']);
  fs.writeFileSync(path.join(tmp, 'badge.png'), tinyPng());
  const common = ['--org', slug, '--description', 'A participé au salon Paris pour l’Emploi des Jeunes',
    '--criteria', 'Venir au salon et rencontrer trois employeurs.', '--validity', 'months:24',
    '--alignments', JSON.stringify([{ targetName: 'Se présenter', targetUrl: 'https://example.org/c/1', targetCode: 'C1' }])];
  svgBadge = blason(['badge', 'add', '--name', 'Participation PEJ 2019', '--image',
    path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg'), ...common]).split('/').pop();
  pngBadge = blason(['badge', 'add', '--name', 'Atelier CV', '--image', path.join(tmp, 'badge.png'),
    ...common]).split('/').pop();
  svgAward = blason(['award', '--badge', svgBadge, '--email', 'camille@example.org', '--name', 'Camille',
    '--evidence-url', 'https://example.org/photos/1']).split('/').pop();
  pngAward = blason(['award', '--badge', pngBadge, '--email', 'sam@example.org']).split('/').pop();

  await S.serve();
});

test.after(async () => {
  if (S) await S.stop();
});

test('issuer profile, keys, JWKS and did:web document are served and agree', async () => {
  const prof = await (await get(`/o/${slug}`)).json();
  assert.equal(prof.id, `${base}/o/${slug}`);
  assert.equal(prof.publicKey.length, 2);
  const jwks = await (await get(`/o/${slug}/jwks.json`)).json();
  assert.deepEqual(jwks.keys.map((k) => k.kid).sort(), [...prof.publicKey].sort());
  for (const url of prof.publicKey) {
    const r = await fetch(url);
    assert.equal(r.status, 200);
    const k = await r.json();
    assert.equal(k.id, url);
    assert.ok(k.publicKeyPem || k.publicKeyMultibase);
  }
  const did = await (await get(`/o/${slug}/did.json`)).json();
  const host = encodeURIComponent(new URL(base).host);
  assert.equal(did.id, `did:web:${host}:o:${slug}`);
  assert.equal(did.verificationMethod.length, 2);
  const all = await (await get('/.well-known/jwks.json')).json();
  assert.equal(all.keys.length, 2);
  assert.equal((await get('/o/nobody')).status, 404);
});

test('the OB 3.0 VC-JWT verifies with jose against the served JWKS', async () => {
  const jose = await import('jose');
  const jwt = await (await get(`/awards/${svgAward}/credential.jwt`)).text();
  const JWKS = jose.createRemoteJWKSet(new URL(`${base}/o/${slug}/jwks.json`));
  const { payload, protectedHeader } = await jose.jwtVerify(jwt, JWKS);
  assert.equal(protectedHeader.alg, 'RS256');
  assert.equal(payload.iss, `${base}/o/${slug}`);
  assert.match(payload.jti, /^urn:uuid:[0-9a-f-]{36}$/);
  assert.equal(payload.credentialSubject.achievement.id, `${base}/badges/${svgBadge}`);
  // One byte changed in the payload: refused.
  const [h, p, s] = jwt.split('.');
  const bad = Buffer.from(p, 'base64url').toString().replace('Camille', 'Camilla');
  await assert.rejects(jose.jwtVerify(`${h}.${Buffer.from(bad).toString('base64url')}.${s}`, JWKS));
});

test('the Data Integrity proof verifies with @digitalbazaar/vc, keys fetched from the server', async () => {
  const vc = await import('@digitalbazaar/vc');
  const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
  const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const ctx = new Map();
  for (const line of fs.readFileSync(path.join(repoRoot, 'data', 'contexts.list'), 'utf8').split('\n')) {
    const [url, source, , format] = line.trim().split(/\s+/);
    if (!url || url.startsWith('#') || !source.startsWith('npm:')) continue;
    const file = path.join(repoRoot, 'node_modules', source.slice(4));
    let doc = format === 'js' ? require(file) : JSON.parse(fs.readFileSync(file, 'utf8'));
    ctx.set(url, doc.default || doc);
  }
  const fetched = [];
  const documentLoader = async (url) => {
    if (ctx.has(url)) return { contextUrl: null, documentUrl: url, document: ctx.get(url) };
    assert.ok(url.startsWith(base), `only the server's documents are fetched, not ${url}`);
    fetched.push(url);
    const doc = await (await fetch(url, { headers: { Accept: 'application/ld+json' } })).json();
    if (url === `${base}/o/${slug}`) {
      // The issuer profile as a controller document (its OB 2.0 context does not define it).
      return { contextUrl: null, documentUrl: url, document: {
        '@context': ['https://w3id.org/security/multikey/v1', { assertionMethod:
          { '@id': 'https://w3id.org/security#assertionMethod', '@type': '@id', '@container': '@set' } }],
        id: doc.id, assertionMethod: doc.assertionMethod } };
    }
    return { contextUrl: null, documentUrl: url, document: doc };
  };
  const credential = await (await get(`/awards/${svgAward}/credential`)).json();
  const suite = new DataIntegrityProof({ cryptosuite });
  const r = await vc.verifyCredential({ credential, suite, documentLoader,
    checkStatus: async () => ({ verified: true }) });
  assert.ok(r.verified, JSON.stringify(r.error || r.results, null, 1));
  assert.ok(fetched.some((u) => u.includes('/keys/')));
  credential.name = 'Autre badge';
  const r2 = await vc.verifyCredential({ credential, suite, documentLoader,
    checkStatus: async () => ({ verified: true }) });
  assert.equal(r2.verified, false);
});

test('the served credential passes the AchievementCredential schema', { skip: fs.existsSync(path.join(FIXTURES, 'schemas', 'ob30')) ? false : `no fixtures at ${FIXTURES}` }, async () => {
  const Ajv2019 = require('ajv/dist/2019');
  const addFormats = require('ajv-formats');
  const ajv = new Ajv2019({ strict: true, strictTuples: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'schemas', 'ob30', 'achievementcredential.json'), 'utf8')));
  for (const uid of [svgAward, pngAward]) {
    const cred = await (await get(`/awards/${uid}/credential`)).json();
    assert.ok(validate(cred), JSON.stringify(validate.errors, null, 1));
  }
});

test('openbadges-bakery unbakes the served OB 2.0 PNG and SVG badges', async () => {
  // openbadges-bakery 1.0.5 reads OB 2.0 containers only ("openbadges" iTXt,
  // <openbadges:assertion>); the OB 3.0 ones are checked by blason verify below.
  const bakery = require('openbadges-bakery');
  const extract = (buf) => new Promise((resolve, reject) =>
    bakery.extract(buf, (err, data) => (err ? reject(err) : resolve(data))));
  const png = Buffer.from(await (await get(`/awards/${pngAward}/badge-ob2.png`)).arrayBuffer());
  const pngJws = await (await get(`/awards/${pngAward}/assertion.jws`)).text();
  assert.equal((await extract(png)).trim(), pngJws.trim());
  const svg = Buffer.from(await (await get(`/awards/${svgAward}/badge-ob2.svg`)).arrayBuffer());
  const jws = await (await get(`/awards/${svgAward}/assertion.jws`)).text();
  assert.equal((await extract(svg)).trim(), jws.trim());
  // The other format is converted (the PNG wrapped in SVG, the SVG drawn to PNG): same assertion.
  const pngAsSvg = Buffer.from(await (await get(`/awards/${pngAward}/badge-ob2.svg`)).arrayBuffer());
  assert.equal((await extract(pngAsSvg)).trim(), pngJws.trim());
  const svgAsPng = await get(`/awards/${svgAward}/badge-ob2.png`);
  assert.equal(svgAsPng.headers.get('content-type'), 'image/png');
  assert.equal((await extract(Buffer.from(await svgAsPng.arrayBuffer()))).trim(), jws.trim());
  assert.equal((await get(`/awards/${pngAward}/badge.gif`)).status, 404);
});

test('blason verify accepts every form, then reports each revoked', async () => {
  const svgFile = path.join(tmp, 'award.svg');
  fs.writeFileSync(svgFile, Buffer.from(await (await get(`/awards/${svgAward}/badge.svg`)).arrayBuffer()));
  const ob2File = path.join(tmp, 'award-ob2.svg');
  fs.writeFileSync(ob2File, Buffer.from(await (await get(`/awards/${svgAward}/badge-ob2.svg`)).arrayBuffer()));
  const jwtFile = path.join(tmp, 'award.jwt');
  fs.writeFileSync(jwtFile, await (await get(`/awards/${svgAward}/credential.jwt`)).text());
  const hosted = `${base}/awards/${svgAward}`;
  const targets = [svgFile, ob2File, jwtFile, hosted];
  for (const t of targets) {
    const { status, rep } = verify(t, '--recipient', 'camille@example.org');
    assert.equal(status, 0, `${t}: ${JSON.stringify(rep, null, 1)}`);
    assert.match(rep.verdict, /^valid/);
  }
  assert.equal(verify(svgFile, '--recipient', 'someone@example.org').status, 1);

  blason(['revoke', svgAward, '--reason', 'Erreur de saisie']);
  await new Promise((r) => setTimeout(r, 1100)); // the cache's 1 s
  for (const t of targets) {
    const { status, rep } = verify(t);
    assert.equal(status, 1, `${t}: ${JSON.stringify(rep, null, 1)}`);
    assert.equal(rep.verdict, 'revoked', t);
  }
  assert.equal((await get(`/awards/${svgAward}`)).status, 410);
  // The other award is untouched.
  const png = path.join(tmp, 'other.png');
  fs.writeFileSync(png, Buffer.from(await (await get(`/awards/${pngAward}/badge.png`)).arrayBuffer()));
  assert.equal(verify(png).status, 0);
});

test('ETag revalidation answers 304 without a body', async () => {
  const r1 = await get(`/badges/${svgBadge}`);
  const etag = r1.headers.get('etag');
  assert.ok(etag);
  const r2 = await get(`/badges/${svgBadge}`, { 'If-None-Match': etag });
  assert.equal(r2.status, 304);
  const bc = await r1.json();
  assert.equal(bc.type, 'BadgeClass');
  assert.equal(bc.alignment[0].targetCode, 'C1');
  const img = await get(`/badges/${svgBadge}/image`);
  assert.equal(img.headers.get('content-type'), 'image/svg+xml');
  assert.match(img.headers.get('content-security-policy'), /sandbox/);
});

test('people get French HTML pages at the same URLs, with every value escaped', async () => {
  const hostile = blason(['award', '--badge', pngBadge, '--email', 'x@example.org',
    '--name', '<script>alert(1)</script>']).split('/').pop();
  const r = await get(`/awards/${hostile}`, { Accept: 'text/html,application/xhtml+xml;q=0.9' });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(r.headers.get('vary'), /Accept/);
  const html = await r.text();
  assert.match(html, /<html lang="fr">/);
  assert.match(html, /Ce badge est valide/);
  assert.ok(!html.includes('<script>'), 'no raw script tag');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.doesNotMatch(r.headers.get('content-security-policy'), /unsafe-inline/);
  // The same URL still gives JSON-LD to machines.
  const j = await get(`/awards/${hostile}`, { Accept: 'application/ld+json' });
  assert.equal((await j.json()).type, 'Assertion');
  // A revoked award says so in words.
  const revoked = await (await get(`/awards/${svgAward}`, { Accept: 'text/html' })).text();
  assert.match(revoked, /Ce badge a été retiré par son émetteur/);
  assert.match(revoked, /Erreur de saisie/);
  const missing = await get('/awards/nope', { Accept: 'text/html' });
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /Page introuvable/);
  const issuer = await (await get(`/o/${slug}`, { Accept: 'text/html' })).text();
  assert.match(issuer, /Mission Locale de Paris/);
});
