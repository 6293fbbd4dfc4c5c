'use strict';
/*
 * Key provenance over real HTTP (a Node http server on 127.0.0.1): did:web
 * verification methods and kids (did:web:127.0.0.1%3APORT:issuers:mlp ->
 * http://127.0.0.1:PORT/issuers/mlp/did.json, and a did:web without a path
 * -> /.well-known/did.json; http because of --allow-http), and VC-JWT kids
 * looked up in a JWKS: named by the issuer profile (jwks_uri, or jwks
 * inline) for a bare kid, or a kid that is the JWKS URL with a fragment.
 * Credentials are signed by peers (@digitalbazaar/vc eddsa-rdfc-2022, jose).
 * Refusals: a DID document for another DID, a key not in the document or
 * JWKS, another key under the same id; and without --allow-private-network
 * the DID document is never fetched (the same SSRF guard as every fetch).
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const BLASON = process.env.BLASON
  ? path.resolve(process.cwd(), process.env.BLASON)
  : path.join(repoRoot, 'build', 'blason');
const NOW = '2026-11-28T12:00:00Z';
const CTX = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

let server, port, host, tmp, jose, vc, DataIntegrityProof, cryptosuite, Ed25519Multikey;
const docs = new Map();
let hits = 0, seq = 0;

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-keys-'));
  jose = await import('jose');
  vc = await import('@digitalbazaar/vc');
  ({ DataIntegrityProof } = await import('@digitalbazaar/data-integrity'));
  ({ cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'));
  Ed25519Multikey = await import('@digitalbazaar/ed25519-multikey');
  server = http.createServer((req, res) => {
    hits++;
    const d = docs.get(req.url);
    if (!d) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(d));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.address().port;
  host = `127.0.0.1:${port}`;
});
test.after(() => {
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function blason(args) {
  assert.ok(fs.existsSync(BLASON), `${BLASON} is missing: run make first`);
  return new Promise((resolve) => {
    const p = spawn(BLASON, args);
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function verify(text, extra = ['--allow-http', '--allow-private-network']) {
  const file = path.join(tmp, `in${++seq}.txt`);
  fs.writeFileSync(file, text);
  const r = await blason(['verify', '--json', '--lang', 'en', '--now', NOW, ...extra, file]);
  return { status: r.status, rep: JSON.parse(r.stdout), stderr: r.stderr };
}

const check = (v, id) => v.rep.checks.find((c) => c.id === id);
const bad = (v) => JSON.stringify(v.rep.checks.filter((c) => c.status !== 'ok'));

function credential(issuer) {
  return {
    '@context': CTX,
    id: `urn:uuid:0b9f6c1e-8d2a-4f0e-9c3b-${String(++seq).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, type: ['Profile'], name: 'Mission Locale de Paris' },
    validFrom: '2026-11-01T09:00:00Z',
    name: 'Atelier CV',
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: 'jeune@example.org', identityType: 'emailAddress', hashed: false }],
      achievement: { id: 'https://badges.missionlocale.paris/badges/atelier-cv', type: ['Achievement'],
        name: 'Atelier CV', description: 'A rédigé son CV.', criteria: { narrative: 'Présence.' } },
    },
  };
}

function contexts() {
  const map = new Map();
  for (const line of fs.readFileSync(path.join(repoRoot, 'data', 'contexts.list'), 'utf8').split('\n')) {
    const [url, source, , format] = line.trim().split(/\s+/);
    if (!url || url.startsWith('#') || !source.startsWith('npm:')) continue;
    const file = path.join(repoRoot, 'node_modules', source.slice(4));
    const doc = format === 'js' ? require(file) : JSON.parse(fs.readFileSync(file, 'utf8'));
    map.set(url, doc.default || doc);
  }
  return map;
}

// A DI credential signed there, its verification method vm on a did:web DID.
async function diSigned(did, vmFrag = 'key-1') {
  const keyPair = await Ed25519Multikey.generate();
  keyPair.controller = did;
  keyPair.id = `${did}#${vmFrag}`;
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite });
  const ctx = contexts();
  const documentLoader = async (url) => {
    if (ctx.has(url)) return { contextUrl: null, documentUrl: url, document: ctx.get(url) };
    throw new Error(`offline loader: ${url}`);
  };
  const signed = await vc.issue({ credential: credential(did), suite, documentLoader });
  return { signed, key: { id: keyPair.id, type: 'Multikey', controller: did, publicKeyMultibase: keyPair.publicKeyMultibase } };
}

function didDoc(did, methods) {
  return { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: did,
    verificationMethod: methods, assertionMethod: methods.map((m) => m.id) };
}

test('did:web with a path: the DID document at /issuers/mlp/did.json gives the key, bound to the issuer', async () => {
  const did = `did:web:127.0.0.1%3A${port}:issuers:mlp`;
  const { signed, key } = await diSigned(did);
  docs.set('/issuers/mlp/did.json', didDoc(did, [key]));
  const before = hits;
  const v = await verify(JSON.stringify(signed));
  assert.equal(v.rep.verdict, 'valid', bad(v));
  assert.equal(check(v, 'proof.signature').status, 'ok');
  assert.equal(check(v, 'proof.key_bound').status, 'ok');
  assert.ok(hits > before, 'the DID document was fetched');

  // Relative method ids ("#key-1") are the same method.
  docs.set('/issuers/mlp/did.json', didDoc(did, [{ ...key, id: '#key-1' }]));
  assert.equal((await verify(JSON.stringify(signed))).rep.verdict, 'valid');

  // Refusals: another key under the id, a key missing, the document of another DID.
  const other = await diSigned(did);
  docs.set('/issuers/mlp/did.json', didDoc(did, [other.key]));
  let w = await verify(JSON.stringify(signed));
  assert.equal(w.rep.verdict, 'invalid', bad(w));
  assert.equal(check(w, 'proof.signature').status, 'error');
  docs.set('/issuers/mlp/did.json', didDoc(did, [{ ...key, id: `${did}#key-2` }]));
  w = await verify(JSON.stringify(signed));
  assert.equal(w.rep.verdict, 'invalid', bad(w));
  assert.match(check(w, 'proof.signature').detail, /not in the key document/);
  docs.set('/issuers/mlp/did.json', didDoc(`did:web:127.0.0.1%3A${port}:issuers:other`, [key]));
  w = await verify(JSON.stringify(signed));
  assert.equal(w.rep.verdict, 'invalid', bad(w));
  assert.match(check(w, 'proof.signature').detail, /not that of did:web/);
  docs.set('/issuers/mlp/did.json', didDoc(did, [key]));
});

test('did:web without a path: /.well-known/did.json', async () => {
  const did = `did:web:127.0.0.1%3A${port}`;
  const { signed, key } = await diSigned(did, 'k');
  docs.set('/.well-known/did.json', didDoc(did, [key]));
  const v = await verify(JSON.stringify(signed));
  assert.equal(v.rep.verdict, 'valid', bad(v));
  docs.delete('/.well-known/did.json');
  const w = await verify(JSON.stringify(signed));
  assert.notEqual(w.rep.verdict.slice(0, 5), 'valid', bad(w));
  assert.equal(check(w, 'proof.signature').status, 'error');
});

test('did:web goes through the SSRF guard: refused without --allow-private-network, https without --allow-http', async () => {
  const did = `did:web:127.0.0.1%3A${port}:issuers:guarded`;
  const { signed, key } = await diSigned(did);
  docs.set('/issuers/guarded/did.json', didDoc(did, [key]));
  const before = hits;
  let v = await verify(JSON.stringify(signed), ['--allow-http']);
  assert.equal(v.rep.verdict, 'error', bad(v));
  assert.equal(v.status, 2);
  assert.match(check(v, 'proof.signature').detail, /refused to connect to 127\.0\.0\.1/);
  v = await verify(JSON.stringify(signed), ['--allow-private-network']);
  assert.equal(v.rep.verdict, 'error', bad(v));
  assert.match(check(v, 'proof.signature').detail, /https:\/\/127\.0\.0\.1/);
  assert.equal(hits, before, 'the server was contacted');
  v = await verify(JSON.stringify(signed), ['--offline']);
  assert.equal(v.rep.verdict, 'error');
  assert.equal(check(v, 'proof.signature').status, 'error');
});

async function joseKey(alg) {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
  return { jwk: await jose.exportJWK(publicKey), privateKey };
}

async function jwt(issuer, kid, privateKey, alg) {
  const cred = credential(issuer);
  return new jose.SignJWT({ ...cred }).setProtectedHeader({ alg, kid }).setIssuer(issuer).setJti(cred.id)
    .setNotBefore(Math.floor(Date.parse(cred.validFrom) / 1000)).sign(privateKey);
}

for (const alg of ['RS256', 'ES256', 'EdDSA']) {
  test(`VC-JWT ${alg}: kid from a did:web document, a jwks_uri, an inline jwks, a JWKS URL with a fragment`, async () => {
    const { jwk, privateKey } = await joseKey(alg);
    const other = await joseKey(alg);
    const base = `http://${host}/jw-${alg}`;

    // did:web kid, publicKeyJwk in the DID document.
    const did = `did:web:127.0.0.1%3A${port}:jw-${alg}`;
    docs.set(`/jw-${alg}/did.json`, didDoc(did, [{ id: `${did}#k1`, type: 'JsonWebKey', controller: did, publicKeyJwk: jwk }]));
    let v = await verify(await jwt(did, `${did}#k1`, privateKey, alg));
    assert.equal(v.rep.verdict, 'valid', bad(v));
    assert.equal(check(v, 'proof.key_bound').status, 'ok');

    // Bare kid, the issuer profile names its JWKS with jwks_uri.
    docs.set(`/jw-${alg}/issuer`, { id: `${base}/issuer`, type: ['Profile'], name: 'ML', jwks_uri: `${base}/jwks.json` });
    docs.set(`/jw-${alg}/jwks.json`, { keys: [{ ...other.jwk, kid: 'k0' }, { ...jwk, kid: 'k1' }] });
    const bare = await jwt(`${base}/issuer`, 'k1', privateKey, alg);
    v = await verify(bare);
    assert.equal(v.rep.verdict, 'valid', bad(v));
    assert.equal(check(v, 'proof.key_bound').status, 'ok');
    // ... a kid the JWKS does not have, or another key under k1.
    v = await verify(await jwt(`${base}/issuer`, 'k9', privateKey, alg));
    assert.equal(v.rep.verdict, 'invalid', bad(v));
    docs.set(`/jw-${alg}/jwks.json`, { keys: [{ ...other.jwk, kid: 'k1' }] });
    v = await verify(bare);
    assert.equal(v.rep.verdict, 'invalid', bad(v));
    assert.equal(check(v, 'proof.signature').status, 'error');

    // Inline jwks in the profile.
    docs.set(`/jw-${alg}/issuer`, { id: `${base}/issuer`, type: ['Profile'], name: 'ML', jwks: { keys: [{ ...jwk, kid: 'k1' }] } });
    v = await verify(bare);
    assert.equal(v.rep.verdict, 'valid', bad(v));

    // kid = JWKS URL + fragment; the profile names that JWKS, so the key is the issuer's.
    docs.set(`/jw-${alg}/jwks.json`, { keys: [{ ...other.jwk, kid: 'k0' }, { ...jwk, kid: 'k1' }] });
    docs.set(`/jw-${alg}/issuer`, { id: `${base}/issuer`, type: ['Profile'], name: 'ML', jwks_uri: `${base}/jwks.json` });
    const frag = await jwt(`${base}/issuer`, `${base}/jwks.json#k1`, privateKey, alg);
    v = await verify(frag);
    assert.equal(v.rep.verdict, 'valid', bad(v));
    assert.equal(check(v, 'proof.key_bound').status, 'ok');
    // A profile that does not name the JWKS: the signature holds, the key is not shown to be the issuer's.
    docs.set(`/jw-${alg}/issuer`, { id: `${base}/issuer`, type: ['Profile'], name: 'ML' });
    v = await verify(frag);
    assert.equal(v.rep.verdict, 'valid_with_warnings', bad(v));
    assert.equal(check(v, 'proof.key_unbound').status, 'warning');
  });
}
