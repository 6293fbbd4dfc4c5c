'use strict';
/*
 * `blason issue` end to end, judged by peers: the badge Blason builds, signs
 * and bakes is read back by openbadges-bakery (2.0), its signature is
 * verified by jose (VC-JWT and OB 2.0 JWS, for RSA, P-256 and Ed25519 keys),
 * its VC-JWT claims are checked against the credential as the spec digest
 * says (§6.1), and the credential validates against the OB 3.0 JSON Schema
 * with ajv.  Run from the repository root: node --test tests/interop/
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
const FIXTURES = process.env.FIXTURES
  ? path.resolve(process.cwd(), process.env.FIXTURES)
  : path.resolve(repoRoot, '..', 'shared', 'fixtures');
const DEFS = path.join(repoRoot, 'tests', 'data', 'ob');
const peer = require('./lib/bakery');

let tmp;
let jose;
test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-issue-'));
  jose = await import('jose');
  const png = spawnSync('node', [path.join(repoRoot, 'scripts', 'demo-image.js'), path.join(tmp, 'badge.png')]);
  assert.equal(png.status, 0, String(png.stderr));
});
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function blason(args, opts = {}) {
  assert.ok(fs.existsSync(BLASON), `${BLASON} is missing: run make first`);
  const r = spawnSync(BLASON, args, { encoding: opts.encoding || 'utf8', input: opts.input });
  if (opts.status !== undefined) assert.equal(r.status, opts.status, String(r.stderr));
  return r;
}

function issue(extra) {
  return blason(['issue', '--issuer', path.join(DEFS, 'issuer-mission-locale.json'),
    '--badge', path.join(DEFS, 'badge-pej-participation.json'),
    '--recipient', 'jeune@example.org', '--salt', 'pej2019',
    '--now', '2026-11-28T09:00:00+01:00', ...extra], { status: 0 }).stdout.trim();
}

function ajvValidator() {
  const Ajv2019 = require('ajv/dist/2019');
  const addFormats = require('ajv-formats');
  const ajv = new Ajv2019({ strict: true, strictTuples: false, allErrors: true });
  addFormats(ajv);
  const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'schemas', 'ob30', 'achievementcredential.json'), 'utf8'));
  return ajv.compile(schema);
}

for (const type of ['rsa2048', 'p256', 'ed25519']) {
  test(`OB 3.0 VC-JWT issued with a ${type} key: jose verifies it, claims and schema hold`, async () => {
    const key = path.join(tmp, `${type}.pem`);
    blason(['keygen', '--type', type, '-o', key], { status: 0 });
    const out = path.join(tmp, `vc-${type}.png`);
    const id = issue(['--key', key, '--image', path.join(tmp, 'badge.png'), '-o', out]);
    assert.match(id, /^urn:uuid:[0-9a-f-]{36}$/);
    const jwt = blason(['unbake', out], { status: 0 }).stdout;

    // jose verifies with the public key in the header ("jwk"), and with the issuer's PEM.
    const { payload, protectedHeader } = await jose.compactVerify(jwt, jose.EmbeddedJWK);
    const pem = blason(['pubkey', key], { status: 0 }).stdout;
    const alg = { rsa2048: 'RS256', p256: 'ES256', ed25519: 'EdDSA' }[type];
    await jose.compactVerify(jwt, await jose.importSPKI(pem, alg));
    assert.deepEqual(Object.keys(protectedHeader).sort(), ['alg', 'jwk', 'typ']);
    assert.equal(protectedHeader.alg, alg);
    assert.equal(protectedHeader.typ, 'JWT');

    // Claims: the credential plus iss, nbf, jti (docs/open-badges.md §6.1).
    const claims = JSON.parse(new TextDecoder().decode(payload));
    assert.equal(claims.jti, id);
    assert.equal(claims.id, id);
    assert.equal(claims.iss, claims.issuer.id);
    assert.equal(claims.nbf, Date.parse(claims.validFrom) / 1000);
    assert.equal(claims.nbf, Date.parse('2026-11-28T08:00:00Z') / 1000);
    if (claims.validUntil) assert.equal(claims.exp, Date.parse(claims.validUntil) / 1000);
    assert.deepEqual(claims['@context'], ['https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    const ident = claims.credentialSubject.identifier[0];
    assert.equal(ident.identityHash, 'sha256$' + require('node:crypto').createHash('sha256')
      .update('jeune@example.org' + 'pej2019').digest('hex'));

    // The credential (claims minus the JWT registered names) meets the OB 3.0 schema.
    const cred = { ...claims };
    for (const k of ['iss', 'nbf', 'jti', 'exp', 'sub', 'iat']) delete cred[k];
    const validate = ajvValidator();
    assert.ok(validate(cred), JSON.stringify(validate.errors, null, 1));

    // A changed payload byte is refused by jose.
    const parts = jwt.split('.');
    const tampered = [parts[0], parts[1].slice(0, -2) + (parts[1].slice(-2, -1) === 'A' ? 'B' : 'A') + parts[1].slice(-1), parts[2]].join('.');
    await assert.rejects(jose.compactVerify(tampered, jose.EmbeddedJWK));
  });
}

test('OB 3.0 VC-JWT with --kid-only carries the RFC 7638 thumbprint that jose computes', async () => {
  const key = path.join(tmp, 'kid.pem');
  blason(['keygen', '--type', 'rsa2048', '-o', key], { status: 0 });
  const out = path.join(tmp, 'kid.svg');
  issue(['--key', key, '--kid-only', '--image', path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg'), '-o', out]);
  const jwt = blason(['unbake', out], { status: 0 }).stdout;
  const header = jose.decodeProtectedHeader(jwt);
  assert.deepEqual(Object.keys(header).sort(), ['alg', 'kid', 'typ']);
  const pub = await jose.importSPKI(blason(['pubkey', key], { status: 0 }).stdout, 'RS256', { extractable: true });
  assert.equal(header.kid, await jose.calculateJwkThumbprint(await jose.exportJWK(pub)));
  await jose.compactVerify(jwt, pub);
});

for (const fmt of ['png', 'svg']) {
  test(`OB 2.0 signed assertion in ${fmt}: the bakery extracts it, jose verifies it`, async () => {
    const key = path.join(tmp, `ob2-${fmt}.pem`);
    blason(['keygen', '--type', 'rsa2048', '-o', key], { status: 0 });
    const img = fmt === 'png' ? path.join(tmp, 'badge.png') : path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg');
    const out = path.join(tmp, `ob2.${fmt}`);
    issue(['--ob', '2', '--key', key, '--key-id', 'https://badges.missionlocale.paris/keys/1', '--image', img, '-o', out]);
    const jws = await peer.extract(fs.readFileSync(out));
    const pub = await jose.importSPKI(blason(['pubkey', key], { status: 0 }).stdout, 'RS256');
    const { payload } = await jose.compactVerify(String(jws), pub);
    const assertion = JSON.parse(new TextDecoder().decode(payload));
    assert.equal(assertion.type, 'Assertion');
    assert.equal(assertion.verification.type, 'SignedBadge');
    assert.equal(assertion.verification.creator, 'https://badges.missionlocale.paris/keys/1');
    assert.equal(assertion.recipient.identity, 'sha256$' + require('node:crypto').createHash('sha256')
      .update('jeune@example.orgpej2019').digest('hex'));
  });
}

test('issue refuses what it cannot do, with one clear line', () => {
  const r = blason(['issue', '--issuer', path.join(DEFS, 'issuer-mission-locale.json'),
    '--badge', path.join(DEFS, 'badge-pej-participation.json'), '--recipient', 'a@b.c',
    '--ob', '2', '--image', path.join(tmp, 'badge.png'), '-o', path.join(tmp, 'x.png'),
    '--key', path.join(tmp, 'rsa2048.pem')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--key-id URL/);
  assert.equal(fs.existsSync(path.join(tmp, 'x.png')), false);
});
