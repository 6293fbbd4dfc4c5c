'use strict';
/*
 * The Open Badges documents Blason builds, checked by an independent JSON
 * Schema validator (ajv 8, with ajv-formats for date-time/uri): OB 3.0
 * credentials against 1EdTech's AchievementCredential schema and
 * endorsements against the EndorsementCredential schema (draft 2019-09,
 * fixtures/schemas/ob30), OB 2.0 Assertion and Profile against the OB 2.1
 * (Badge Connect) request schemas (draft-07, fixtures/schemas/ob21).
 * Every $ref is internal to its file: nothing is fetched.  The schemas are
 * first shown to reject the fixtures' defective credentials, so a pass
 * means something.
 *
 * The documents come from tests/tools/obtool (OBTOOL, default
 * build/tools/obtool) run on the sample definitions in tests/data/ob.
 * Run from the repository root: node --test --test-reporter=tap tests/interop/
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const Ajv2019 = require('ajv/dist/2019');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const sources = require('./lib/sources');

const repoRoot = sources.repoRoot;
const FIXTURES = process.env.FIXTURES
  ? path.resolve(process.cwd(), process.env.FIXTURES)
  : path.resolve(repoRoot, '..', 'shared', 'fixtures');
const OBTOOL = process.env.OBTOOL
  ? path.resolve(process.cwd(), process.env.OBTOOL)
  : path.join(repoRoot, 'build', 'tools', 'obtool');

const ISSUER = path.join(repoRoot, 'tests', 'data', 'ob', 'issuer-mission-locale.json');
const BADGE = path.join(repoRoot, 'tests', 'data', 'ob', 'badge-pej-participation.json');
const NOW = '2026-11-28T10:00:00Z';
const EMAIL = 'nobody@example.org';
const SALT = 'deadsea';
const ID = 'urn:uuid:6c1b3a8e-2f4d-4a51-9b0e-0d3f5a7c9e21';

const haveFixtures = fs.existsSync(path.join(FIXTURES, 'schemas', 'ob30'));
const skipNoFixtures = haveFixtures ? false : `fixtures not found at ${FIXTURES}`;

function readJson(p) {
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

function obtool(...args) {
  if (!fs.existsSync(OBTOOL)) {
    assert.fail(`${OBTOOL} not found: build it with ` +
      '`cc -std=c11 -Isrc tests/tools/obtool.c build/libblcore.a ' +
      '$(pkg-config --libs jansson expat zlib libcrypto) -o build/tools/obtool`');
  }
  const r = spawnSync(OBTOOL, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `obtool ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

let v3;
let v21;
function validators() {
  if (v3) return { v3, v21 };
  // Strict mode, except strictTuples: the 1EdTech schema's @context is a
  // 2-tuple "items" without minItems/additionalItems, which ajv only warns
  // about.  Formats (date-time, uri) are asserted.
  const ajv3 = new Ajv2019({ strict: true, strictTuples: false, allErrors: true });
  addFormats(ajv3);
  const ajv21 = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv21);
  const dir3 = path.join(FIXTURES, 'schemas', 'ob30');
  const dir21 = path.join(FIXTURES, 'schemas', 'ob21');
  v3 = {
    achievement: ajv3.compile(readJson(path.join(dir3, 'achievementcredential.json'))),
    endorsement: ajv3.compile(readJson(path.join(dir3, 'endorsementcredential.json'))),
  };
  v21 = {
    assertion: ajv21.compile(readJson(path.join(dir21,
      'imsob_v2p1v2p1-postassertion-requestpayload-schemav1p0.json'))),
    profile: ajv21.compile(readJson(path.join(dir21,
      'imsob_v2p1v2p1-postprofile-requestpayload-schemav1p0.json'))),
  };
  return { v3, v21 };
}

function assertValid(validate, doc, what) {
  const ok = validate(doc);
  assert.ok(ok, `${what}: ${JSON.stringify(validate.errors, null, 1)}`);
}

test('the OB 3.0 schemas accept simple.json and reject the defective fixtures', { skip: skipNoFixtures }, () => {
  const { v3: s } = validators();
  assertValid(s.achievement, readJson(path.join(FIXTURES, 'ob30', 'simple.json')), 'simple.json');
  assertValid(s.endorsement, readJson(path.join(FIXTURES, 'ob30', 'endorsement-valid.json')),
    'endorsement-valid.json');
  for (const f of ['simple-err-issuer.json', 'simple-err-credential-subject-identifier-type.json',
    'simple-err-evidence-type.json']) {
    assert.equal(s.achievement(readJson(path.join(FIXTURES, 'ob30', f))), false, f);
  }
  const noTz = readJson(path.join(FIXTURES, 'ob30', 'simple.json'));
  noTz.validFrom = '2010-01-01T00:00:00';
  assert.equal(s.achievement(noTz), false, 'date-time without a timezone');
});

test('OB 3.0 credential from the Mission Locale definitions passes the AchievementCredential schema', { skip: skipNoFixtures }, () => {
  const { v3: s } = validators();
  const plain = obtool('ob3', ISSUER, BADGE, EMAIL, NOW, SALT, ID);
  assertValid(s.achievement, plain, 'no status');
  assert.deepEqual(plain['@context'], ['https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
  assert.equal(plain.validFrom, NOW);
  assert.equal(plain.validUntil, '2028-11-28T10:00:00Z');
  // The hash, recomputed here with Node's crypto.
  const idobj = plain.credentialSubject.identifier[0];
  assert.equal(idobj.identityHash,
    'sha256$' + crypto.createHash('sha256').update(EMAIL + SALT).digest('hex'));

  const rl = obtool('ob3', ISSUER, BADGE, EMAIL, NOW, SALT, ID, 'rl',
    'https://badges.missionlocale.paris/revocations');
  assertValid(s.achievement, rl, '1EdTechRevocationList');
  assert.equal(rl['@context'][2], 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json');

  const bs = obtool('ob3', ISSUER, BADGE, EMAIL, NOW, SALT, ID, 'bitstring',
    'https://badges.missionlocale.paris/status/1', '23');
  assertValid(s.achievement, bs, 'BitstringStatusListEntry');
  assert.equal(bs.credentialStatus.statusListIndex, '23');
});

test('the VC-JWT claim set is still an AchievementCredential', { skip: skipNoFixtures }, () => {
  const { v3: s } = validators();
  const cred = path.join(FIXTURES, 'ob30', 'simple.json');
  const claims = obtool('claims', cred);
  assertValid(s.achievement, claims, 'claims');
  assert.equal(claims.nbf, Date.parse('2010-01-01T00:00:00Z') / 1000);
  assert.equal(claims.iss, 'https://example.com/issuers/876543');
  assert.equal(claims.jti, 'http://example.com/credentials/3527');
  assert.equal(claims.sub, 'did:example:ebfeb1f712ebc6f1c276e12ec21');
});

test('OB 3.0 endorsement passes the EndorsementCredential schema', { skip: skipNoFixtures }, () => {
  const { v3: s } = validators();
  const e = obtool('endorse', ISSUER, 'https://badges.missionlocale.paris/badges/pej-participation',
    'Badge reconnu par les employeurs partenaires du forum.', NOW,
    'urn:uuid:0f0e0d0c-0b0a-4908-8706-050403020100');
  assertValid(s.endorsement, e, 'endorsement');
  assert.equal(s.achievement(e), false, 'an endorsement is not an AchievementCredential');
});

test('OB 2.0 Assertion and Profile pass the OB 2.1 request schemas', { skip: skipNoFixtures }, () => {
  const { v21: s } = validators();
  const a = obtool('ob2', ISSUER, BADGE, EMAIL, NOW, SALT,
    'https://badges.missionlocale.paris/assertions/1');
  assertValid(s.assertion, { assertion: a }, 'postAssertion');
  assert.equal(a.recipient.identity,
    'sha256$' + crypto.createHash('sha256').update(EMAIL + SALT).digest('hex'));
  const p = obtool('ob2-issuer', ISSUER, BADGE, NOW);
  assertValid(s.profile, p, 'postProfile');
  // The 2.1 binding wants type as a string: an array would be refused.
  assert.equal(s.assertion({ assertion: { ...a, type: ['Assertion'] } }), false);
  const signed = obtool('ob2', ISSUER, BADGE, EMAIL, NOW, SALT, ID,
    'https://badges.missionlocale.paris/keys/1');
  assertValid(s.assertion, { assertion: signed }, 'postAssertion, signed');
  assert.deepEqual(signed.verification,
    { type: 'SignedBadge', creator: 'https://badges.missionlocale.paris/keys/1' });
});
