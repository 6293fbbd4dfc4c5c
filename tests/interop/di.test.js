'use strict';
/*
 * Data Integrity eddsa-rdfc-2022 interop, both directions, with the
 * reference implementation: @digitalbazaar/vc + eddsa-rdfc-2022-cryptosuite
 * (offline document loader over the same contexts Blason compiles in, from
 * the same npm packages).
 *   - `blason issue --proof di` credentials verify there;
 *   - credentials signed there verify with `blason verify-proof`;
 *   - tampering with a field, the proof options or the key fails in both.
 * Run from the repository root: node --test tests/interop/
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const BLASON = process.env.BLASON
  ? path.resolve(process.cwd(), process.env.BLASON)
  : path.join(repoRoot, 'build', 'blason');
const DEFS = path.join(repoRoot, 'tests', 'data', 'ob');
const ISSUER = 'https://badges.missionlocale.paris/issuers/mlp';

let tmp, vc, DataIntegrityProof, cryptosuite, Ed25519Multikey;

// Contexts from data/contexts.list that come from npm (the rest are not used here).
function contexts() {
  const map = new Map();
  const list = fs.readFileSync(path.join(repoRoot, 'data', 'contexts.list'), 'utf8');
  for (const line of list.split('\n')) {
    const [url, source, , format] = line.trim().split(/\s+/);
    if (!url || url.startsWith('#') || !source.startsWith('npm:')) continue;
    const file = path.join(repoRoot, 'node_modules', source.slice(4));
    let doc;
    if (format === 'js') {
      doc = require(file);
      doc = doc.default || doc;
    } else {
      doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    }
    map.set(url, doc);
  }
  return map;
}

// Serves contexts, the issuer's controller document and its Multikey
// verification methods: all offline, nothing fetched.
function loader(keys) {
  const ctx = contexts();
  return async (url) => {
    if (ctx.has(url)) return { contextUrl: null, documentUrl: url, document: ctx.get(url) };
    if (url === ISSUER) {
      return { contextUrl: null, documentUrl: url, document: {
        // A controller document; assertionMethod is defined inline (no DID context is needed).
        '@context': ['https://w3id.org/security/multikey/v1', { assertionMethod:
          { '@id': 'https://w3id.org/security#assertionMethod', '@type': '@id', '@container': '@set' } }],
        id: ISSUER, assertionMethod: keys.map((k) => k.id) } };
    }
    const k = keys.find((x) => x.id === url);
    if (k) {
      return { contextUrl: null, documentUrl: url, document: {
        '@context': 'https://w3id.org/security/multikey/v1', id: k.id, type: 'Multikey', controller: ISSUER,
        publicKeyMultibase: k.publicKeyMultibase } };
    }
    throw new Error(`offline loader: ${url} not found`);
  };
}

function blason(args, status) {
  assert.ok(fs.existsSync(BLASON), `${BLASON} is missing: run make first`);
  const r = spawnSync(BLASON, args, { encoding: 'utf8' });
  if (status !== undefined) assert.equal(r.status, status, `blason ${args.join(' ')}: ${r.stderr}`);
  return r;
}

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-di-'));
  vc = await import('@digitalbazaar/vc');
  ({ DataIntegrityProof } = await import('@digitalbazaar/data-integrity'));
  ({ cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'));
  Ed25519Multikey = await import('@digitalbazaar/ed25519-multikey');
  const png = spawnSync('node', [path.join(repoRoot, 'scripts', 'demo-image.js'), path.join(tmp, 'badge.png')]);
  assert.equal(png.status, 0);
});
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function verifyThere(credential, keys) {
  const suite = new DataIntegrityProof({ cryptosuite });
  return vc.verifyCredential({ credential, suite, documentLoader: loader(keys), checkStatus: async () => ({ verified: true }) });
}

function blasonIssue(n) {
  const key = path.join(tmp, `ed${n}.json`);
  blason(['keygen', '--type', 'ed25519', '--format', 'multikey', '-o', key], 0);
  const pair = JSON.parse(fs.readFileSync(key, 'utf8'));
  const out = path.join(tmp, `di${n}.png`);
  blason(['issue', '--proof', 'di', '--issuer', path.join(DEFS, 'issuer-mission-locale.json'),
    '--badge', path.join(DEFS, 'badge-pej-participation.json'), '--recipient', `jeune${n}@example.org`,
    '--key', key, '--image', path.join(tmp, 'badge.png'), '-o', out], 0);
  const credential = JSON.parse(blason(['unbake', out], 0).stdout);
  return { credential, keys: [{ id: `${ISSUER}#${pair.publicKeyMultibase}`, publicKeyMultibase: pair.publicKeyMultibase }] };
}

test('credentials Blason signs verify with @digitalbazaar/vc', async () => {
  for (let n = 0; n < 5; n++) {
    const { credential, keys } = blasonIssue(n);
    const result = await verifyThere(credential, keys);
    assert.equal(result.verified, true, JSON.stringify(result.error || result.results, null, 1));
  }
});

test('tampering with a Blason credential is detected there', async () => {
  const { credential, keys } = blasonIssue(9);
  const changed = structuredClone(credential);
  changed.credentialSubject.achievement.name = 'Autre chose';
  assert.equal((await verifyThere(changed, keys)).verified, false);
  const opts = structuredClone(credential);
  opts.proof.created = '2001-01-01T00:00:00Z';
  assert.equal((await verifyThere(opts, keys)).verified, false);
  const other = blasonIssue(10);
  assert.equal((await verifyThere(credential, other.keys.map((k) => ({ ...k, id: keys[0].id })))).verified, false);
});

async function signThere(n) {
  const keyPair = await Ed25519Multikey.generate({ controller: ISSUER });
  keyPair.id = `${ISSUER}#${keyPair.publicKeyMultibase}`;
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite });
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:2b0c0d44-54a4-4a4f-8d2c-0000000000${10 + n}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: ISSUER, type: ['Profile'], name: 'Mission Locale de Paris' },
    validFrom: '2026-11-28T09:00:00Z',
    name: `Atelier CV n°${n}`,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: 'jeune@example.org', identityType: 'emailAddress', hashed: false }],
      achievement: { id: `https://badges.missionlocale.paris/badges/atelier-cv-${n}`, type: ['Achievement'],
        name: 'Atelier CV', description: 'A rédigé son CV avec un conseiller.', criteria: { narrative: 'Présence à l\'atelier.' } },
    },
  };
  const signed = await vc.issue({ credential, suite, documentLoader: loader([{ id: keyPair.id, publicKeyMultibase: keyPair.publicKeyMultibase }]) });
  return signed;
}

test('credentials @digitalbazaar/vc signs verify with blason verify-proof', async () => {
  for (let n = 0; n < 5; n++) {
    const signed = await signThere(n);
    const file = path.join(tmp, `there${n}.json`);
    fs.writeFileSync(file, JSON.stringify(signed));
    const r = blason(['verify-proof', file], 0);
    assert.match(r.stdout, /proof 1: DataIntegrityProof eddsa-rdfc-2022: valid/);
  }
});

test('tampering with their credential is detected by Blason', async () => {
  const signed = await signThere(7);
  const cases = {
    field: (c) => { c.name = 'Autre'; },
    options: (c) => { c.proof.created = '2001-01-01T00:00:00Z'; },
    key: (c) => { c.proof.verificationMethod = `${ISSUER}#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi`; },
  };
  for (const [what, change] of Object.entries(cases)) {
    const c = structuredClone(signed);
    change(c);
    const file = path.join(tmp, `tampered-${what}.json`);
    fs.writeFileSync(file, JSON.stringify(c));
    const r = blason(['verify-proof', file]);
    assert.equal(r.status, 1, `tampered ${what} accepted: ${r.stdout}`);
    assert.match(r.stderr, /bad_signature/);
  }
});
