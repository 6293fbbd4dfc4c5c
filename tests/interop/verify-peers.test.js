'use strict';
/*
 * Badges made by peers verify with `blason verify`:
 *   - OB 3.0 VC-JWTs signed by jose (RS256, ES256, EdDSA), the key given
 *     with --key, or carried in the header as a jwk, or named by a did:key
 *     kid (the issuer is that did:key, so the key is bound to it);
 *   - OB 3.0 credentials with a Data Integrity eddsa-rdfc-2022 proof made by
 *     @digitalbazaar/vc with a did:key verification method;
 *   - both baked by openbadges-bakery into PNG and SVG.
 * Everything is offline (--offline): no key comes from the network.  Each
 * family also has a tampered twin that must be refused, so the test can
 * fail.  Run from the repository root: node --test tests/interop/
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const peer = require('./lib/bakery');

const repoRoot = path.resolve(__dirname, '..', '..');
const BLASON = process.env.BLASON
  ? path.resolve(process.cwd(), process.env.BLASON)
  : path.join(repoRoot, 'build', 'blason');
const NOW = '2026-11-28T12:00:00Z';
const CTX = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

let tmp, jose, vc, DataIntegrityProof, cryptosuite, Ed25519Multikey, png, svg;
let seq = 0;
const verified = [];

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-peers-'));
  jose = await import('jose');
  vc = await import('@digitalbazaar/vc');
  ({ DataIntegrityProof } = await import('@digitalbazaar/data-integrity'));
  ({ cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'));
  Ed25519Multikey = await import('@digitalbazaar/ed25519-multikey');
  assert.equal(spawnSync('node', [path.join(repoRoot, 'scripts', 'demo-image.js'), path.join(tmp, 'badge.png')]).status, 0);
  png = fs.readFileSync(path.join(tmp, 'badge.png'));
  svg = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg'));
});
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function verify(bytes, ext, extra = []) {
  assert.ok(fs.existsSync(BLASON), `${BLASON} is missing: run make first`);
  const file = path.join(tmp, `in${++seq}.${ext}`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync(BLASON, ['verify', '--offline', '--json', '--lang', 'en', '--now', NOW, ...extra, file], { encoding: 'utf8' });
  return { status: r.status, rep: JSON.parse(r.stdout), stderr: r.stderr };
}

function credential(issuer, n) {
  return {
    '@context': CTX,
    id: `urn:uuid:6f1c2a8e-1b7d-4c55-9a10-0000000000${10 + n}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, type: ['Profile'], name: 'Mission Locale de Paris' },
    validFrom: '2026-11-01T09:00:00Z',
    name: 'Atelier CV',
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: 'jeune@example.org', identityType: 'emailAddress', hashed: false }],
      achievement: { id: 'https://badges.missionlocale.paris/badges/atelier-cv', type: ['Achievement'],
        name: 'Atelier CV', description: 'A rédigé son CV avec un conseiller.', criteria: { narrative: 'Présence à l\'atelier.' } },
    },
  };
}

// did:key of a public JWK: Ed25519 (multicodec 0xed) or P-256 (0x1200, compressed point).
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58(buf) {
  let n = BigInt('0x' + (buf.toString('hex') || '0'));
  let s = '';
  while (n > 0n) { s = B58[Number(n % 58n)] + s; n /= 58n; }
  for (const b of buf) { if (b !== 0) break; s = '1' + s; }
  return s;
}
function didKey(jwk) {
  let bytes;
  if (jwk.kty === 'OKP') bytes = Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(jwk.x, 'base64url')]);
  else {
    const y = Buffer.from(jwk.y, 'base64url');
    bytes = Buffer.concat([Buffer.from([0x80, 0x24, 2 + (y[y.length - 1] & 1)]), Buffer.from(jwk.x, 'base64url')]);
  }
  return `did:key:z${base58(bytes)}`;
}

async function joseJwt(alg, mode, n) {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
  const jwk = await jose.exportJWK(publicKey);
  let issuer = 'https://badges.missionlocale.paris/issuers/mlp';
  const header = { alg, typ: 'vc+jwt' };
  if (mode === 'jwk') header.jwk = jwk;
  if (mode === 'did:key') {
    issuer = didKey(jwk);
    header.kid = `${issuer}#${issuer.slice(8)}`;
  }
  const cred = credential(issuer, n);
  const jwt = await new jose.SignJWT({ ...cred }).setProtectedHeader(header).setIssuer(issuer)
    .setJti(cred.id).setNotBefore(Math.floor(Date.parse(cred.validFrom) / 1000)).sign(privateKey);
  const pem = path.join(tmp, `${alg}-${n}.pem`);
  fs.writeFileSync(pem, await jose.exportSPKI(publicKey));
  return { jwt, pem };
}

async function diCredential(n) {
  const keyPair = await Ed25519Multikey.generate();
  const did = `did:key:${keyPair.publicKeyMultibase}`;
  keyPair.controller = did;
  keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite });
  const ctx = contexts();
  const documentLoader = async (url) => {
    if (ctx.has(url)) return { contextUrl: null, documentUrl: url, document: ctx.get(url) };
    throw new Error(`offline loader: ${url} not found`);
  };
  return vc.issue({ credential: credential(did, n), suite, documentLoader });
}

function contexts() {
  const map = new Map();
  for (const line of fs.readFileSync(path.join(repoRoot, 'data', 'contexts.list'), 'utf8').split('\n')) {
    const [url, source, , format] = line.trim().split(/\s+/);
    if (!url || url.startsWith('#') || !source.startsWith('npm:')) continue;
    const file = path.join(repoRoot, 'node_modules', source.slice(4));
    let doc = format === 'js' ? require(file) : JSON.parse(fs.readFileSync(file, 'utf8'));
    map.set(url, doc.default || doc);
  }
  return map;
}

function flip(jwt) {
  const [h, p, s] = jwt.split('.');
  const b = Buffer.from(s, 'base64url');
  b[5] ^= 0x40;
  return `${h}.${p}.${b.toString('base64url')}`;
}

function assertValid(v, what, keyCheck) {
  const bad = JSON.stringify(v.rep.checks.filter((c) => c.status !== 'ok'));
  assert.equal(v.status, 0, `${what}: ${bad} ${v.stderr}`);
  assert.match(v.rep.verdict, /^valid/, `${what}: ${bad}`);
  assert.ok(v.rep.checks.some((c) => c.id === 'proof.signature' && c.status === 'ok'), what);
  if (keyCheck) assert.ok(v.rep.checks.some((c) => c.id === keyCheck && c.status === 'ok'), `${what}: no ok ${keyCheck} in ${bad}`);
  verified.push(what);
}

const MODES = [['--key', 'proof.key_given'], ['jwk', null], ['did:key', 'proof.key_bound']];
for (const alg of ['RS256', 'ES256', 'EdDSA']) {
  for (const [mode, keyCheck] of MODES) {
    if (mode === 'did:key' && alg === 'RS256') continue; // Blason reads did:key for Ed25519 and P-256
    test(`jose ${alg} VC-JWT, key ${mode === '--key' ? 'given with --key' : `in the header (${mode})`}: valid, as JWT, PNG and SVG baked by openbadges-bakery`, async () => {
      const { jwt, pem } = await joseJwt(alg, mode, verified.length);
      const extra = mode === '--key' ? ['--key', pem] : [];
      assertValid(verify(jwt, 'jwt', extra), `${alg}/${mode}/jwt`, keyCheck);
      assertValid(verify(await peer.bake({ image: png, signature: jwt }), 'png', extra), `${alg}/${mode}/png`, keyCheck);
      assertValid(verify(await peer.bake({ image: svg, signature: jwt }), 'svg', extra), `${alg}/${mode}/svg`, keyCheck);
      const t = verify(flip(jwt), 'jwt', extra);
      assert.equal(t.rep.verdict, 'invalid', 'a flipped signature bit must be refused');
      if (mode === '--key') {
        const other = await joseJwt(alg, 'jwk', 99);
        const w = verify(jwt, 'jwt', ['--key', other.pem]);
        assert.equal(w.rep.verdict, 'invalid', 'another --key must be refused, whatever the header says');
      }
    });
  }
}

test('@digitalbazaar/vc eddsa-rdfc-2022 with a did:key method: valid, as JSON, PNG and SVG baked by openbadges-bakery', async () => {
  const signed = await diCredential(1);
  const text = JSON.stringify(signed);
  assertValid(verify(text, 'json'), 'di/json', 'proof.key_bound');
  assertValid(verify(await peer.bake({ image: png, assertion: signed }), 'png'), 'di/png', 'proof.key_bound');
  assertValid(verify(await peer.bake({ image: svg, url: signed.id, assertion: signed }), 'svg'), 'di/svg', 'proof.key_bound');
  const t = structuredClone(signed);
  t.credentialSubject.achievement.name = 'Autre';
  assert.equal(verify(JSON.stringify(t), 'json').rep.verdict, 'invalid');
});

test('peer badges verified', () => {
  console.log(`# ${verified.length} peer badges verified`);
  assert.equal(verified.length, 8 * 3 + 3);
});
