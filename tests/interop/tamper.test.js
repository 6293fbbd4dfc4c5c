'use strict';
/*
 * A tampering corpus for `blason verify`: badges Blason issues (OB 3.0 with
 * a VC-JWT signed by RSA, P-256 and Ed25519 keys, and with a Data Integrity
 * proof; baked in PNG and SVG) are changed in hundreds of ways (recipient,
 * name, dates, issuer, image, any field; signature bytes; key swapped;
 * header changed; image truncated), and every variant must be refused for
 * the right reason.  The originals, and badges that are validly signed but
 * expired or not yet valid, must get exactly their verdict: zero valid
 * badges rejected.  Offline: nothing is fetched.
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
let tmp;

function blason(args, input) {
  assert.ok(fs.existsSync(BLASON), `${BLASON} is missing: run make first`);
  return spawnSync(BLASON, args, { input, maxBuffer: 1 << 26 });
}

function verify(file) {
  const r = blason(['verify', '--offline', '--json', '--now', '2026-11-28T12:00:00Z', file]);
  const out = r.stdout.toString();
  let report = null;
  try { report = JSON.parse(out); } catch (_) { /* not a report: refused before verifying */ }
  return { status: r.status, report, stderr: r.stderr.toString() };
}

function firstError(report) {
  const c = report && report.checks.find((x) => x.status === 'error');
  return c ? c.id : null;
}

function issue(proof, type, fmt, now, keyname = type) {
  const key = path.join(tmp, `${keyname}.pem`);
  if (!fs.existsSync(key)) assert.equal(blason(['keygen', '--type', type, '-o', key]).status, 0);
  const img = fmt === 'png' ? path.join(tmp, 'badge.png') : path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg');
  const out = path.join(tmp, `${proof}-${keyname}-${now.slice(0, 4)}.${fmt}`);
  const r = blason(['issue', '--proof', proof, '--issuer', path.join(DEFS, 'issuer-mission-locale.json'),
    '--badge', path.join(DEFS, 'badge-pej-participation.json'), '--recipient', 'jeune@example.org',
    '--key', key, '--now', now, '--image', img, '-o', out]);
  assert.equal(r.status, 0, String(r.stderr));
  return out;
}

test.before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-tamper-'));
  assert.equal(spawnSync('node', [path.join(repoRoot, 'scripts', 'demo-image.js'), path.join(tmp, 'badge.png')]).status, 0);
});
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const KINDS = [['jwt', 'rsa2048'], ['jwt', 'p256'], ['jwt', 'ed25519'], ['di', 'ed25519']];
let counted = 0;

test('the badges Blason issues verify; expired and not-yet-valid ones get exactly that verdict', () => {
  for (const [proof, type] of KINDS) {
    for (const fmt of ['png', 'svg']) {
      const v = verify(issue(proof, type, fmt, '2026-11-01T10:00:00Z'));
      assert.equal(v.status, 0, `${proof}/${type}/${fmt}: ${JSON.stringify(v.report)}`);
      assert.match(v.report.verdict, /^valid/);
      const old = verify(issue(proof, type, fmt, '2020-01-01T10:00:00Z')); // 24-month validity
      assert.equal(old.report.verdict, 'expired', `${proof}/${type}/${fmt}`);
      const future = verify(issue(proof, type, fmt, '2030-01-01T10:00:00Z'));
      assert.equal(future.report.verdict, 'not_yet_valid', `${proof}/${type}/${fmt}`);
      counted += 3;
    }
  }
});

// Changes to the credential that a signature must catch.
const CHANGES = {
  'recipient hash': (c) => { c.credentialSubject.identifier[0].identityHash = 'sha256$' + '0'.repeat(64); },
  'recipient salt': (c) => { c.credentialSubject.identifier[0].salt = 'autre'; },
  'badge name': (c) => { c.credentialSubject.achievement.name = 'Diplôme d\'ingénieur'; },
  'credential name': (c) => { c.name = 'Autre badge'; },
  'description': (c) => { c.credentialSubject.achievement.description += ' !'; },
  'criteria': (c) => { c.credentialSubject.achievement.criteria.narrative = 'Rien.'; },
  'image': (c) => { c.credentialSubject.achievement.image = { id: 'https://evil.example/x.png', type: 'Image' }; },
  'issuer id': (c) => { c.issuer.id = 'https://evil.example/issuer'; },
  'issuer name': (c) => { c.issuer.name = 'Pôle emploi'; },
  'validFrom': (c) => { c.validFrom = '2019-01-01T00:00:00Z'; },
  'validUntil': (c) => { c.validUntil = '2099-01-01T00:00:00Z'; },
  'validUntil removed': (c) => { delete c.validUntil; },
  'id': (c) => { c.id = 'urn:uuid:00000000-0000-4000-8000-000000000000'; },
  'alignment code': (c) => { c.credentialSubject.achievement.alignment[0].targetCode = 'X'; },
  'tag added': (c) => { c.credentialSubject.achievement.tag = ['faux']; },
  'achievement id': (c) => { c.credentialSubject.achievement.id = 'https://evil.example/badge'; },
};

test('changed Data Integrity credentials are refused: signature', () => {
  const base = JSON.parse(blason(['unbake', issue('di', 'ed25519', 'png', '2026-11-01T10:00:00Z')]).stdout.toString());
  const other = JSON.parse(blason(['unbake', issue('di', 'ed25519', 'svg', '2026-11-02T10:00:00Z', 'other-ed25519')]).stdout.toString());
  const variants = [];
  for (const [what, change] of Object.entries(CHANGES)) {
    const c = structuredClone(base);
    change(c);
    variants.push([what, c, /proof\.(signature|key)/]);
  }
  // The proof itself: every position of proofValue, the options, the key.
  const pv = base.proof.proofValue;
  for (let i = 1; i < pv.length; i++) {
    const c = structuredClone(base);
    const ch = pv[i] === '2' ? '3' : '2';
    c.proof.proofValue = pv.slice(0, i) + ch + pv.slice(i + 1);
    variants.push([`proofValue[${i}]`, c, /proof\.(signature|invalid)/]);
  }
  for (const [what, change] of Object.entries({
    created: (c) => { c.proof.created = '2001-01-01T00:00:00Z'; },
    purpose: (c) => { c.proof.proofPurpose = 'authentication'; },
    'key swapped': (c) => { c.proof.verificationMethod = other.proof.verificationMethod; },
    'other proof': (c) => { c.proof = other.proof; },
    'cryptosuite': (c) => { c.proof.cryptosuite = 'eddsa-jcs-2022'; },
  })) {
    const c = structuredClone(base);
    change(c);
    variants.push([what, c, /proof\./]);
  }
  for (const [what, c, reason] of variants) {
    const f = path.join(tmp, 'v.json');
    fs.writeFileSync(f, JSON.stringify(c));
    const v = verify(f);
    assert.notEqual(v.status, 0, `${what} was accepted`);
    assert.match(firstError(v.report) || '', reason, `${what}: ${JSON.stringify(v.report.checks)}`);
    counted++;
  }
});

function b64u(s) { return Buffer.from(s).toString('base64url'); }

test('changed VC-JWTs are refused: signature', () => {
  for (const type of ['rsa2048', 'p256', 'ed25519']) {
    const jwt = blason(['unbake', issue('jwt', type, 'png', '2026-11-01T10:00:00Z')]).stdout.toString();
    const otherJwt = blason(['unbake', issue('jwt', type, 'svg', '2026-11-03T10:00:00Z', `other-${type}`)]).stdout.toString();
    const [h, p, s] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url'));
    const header = JSON.parse(Buffer.from(h, 'base64url'));
    const variants = [];
    for (const [what, change] of Object.entries(CHANGES)) {
      const c = structuredClone(claims);
      change(c);
      variants.push([what, [h, b64u(JSON.stringify(c)), s].join('.')]);
    }
    for (const claim of ['iss', 'jti', 'nbf', 'exp']) {
      const c = structuredClone(claims);
      c[claim] = typeof c[claim] === 'number' ? c[claim] + 1 : c[claim] + 'x';
      variants.push([`claim ${claim}`, [h, b64u(JSON.stringify(c)), s].join('.')]);
    }
    // Signature bytes: one changed character at many positions (kept in the alphabet).
    for (let i = 0; i < s.length - 2; i += Math.max(1, Math.floor(s.length / 80))) {
      const ch = s[i] === 'A' ? 'B' : 'A';
      variants.push([`signature[${i}]`, [h, p, s.slice(0, i) + ch + s.slice(i + 1)].join('.')]);
    }
    // The key in the header swapped for another one, and the other badge's signature.
    const otherHeader = JSON.parse(Buffer.from(otherJwt.split('.')[0], 'base64url'));
    variants.push(['jwk swapped', [b64u(JSON.stringify({ ...header, jwk: otherHeader.jwk, alg: otherHeader.alg })), p, s].join('.')]);
    variants.push(['signature swapped', [h, p, otherJwt.split('.')[2]].join('.')]);
    variants.push(['alg none', [b64u(JSON.stringify({ alg: 'none', typ: 'JWT' })), p, ''].join('.') + 'x']);
    for (const [what, text] of variants) {
      const f = path.join(tmp, 'v.jwt');
      fs.writeFileSync(f, text);
      const v = verify(f);
      assert.notEqual(v.status, 0, `${type} ${what} was accepted`);
      if (v.report) assert.match(firstError(v.report) || v.report.verdict, /proof\.|input\.|invalid/, `${type} ${what}`);
      counted++;
    }
  }
});

test('truncated and corrupted images are refused', () => {
  for (const [proof, type] of KINDS) {
    for (const fmt of ['png', 'svg']) {
      const file = issue(proof, type, fmt, '2026-11-01T10:00:00Z');
      const bytes = fs.readFileSync(file);
      for (let k = 1; k <= 12; k++) {
        const cut = Math.floor((bytes.length * k) / 13);
        const f = path.join(tmp, `cut.${fmt}`);
        fs.writeFileSync(f, bytes.subarray(0, cut));
        const v = verify(f);
        assert.notEqual(v.status, 0, `${proof}/${type}/${fmt} cut at ${cut} was accepted`);
        counted++;
      }
    }
  }
});

test('the corpus has at least 500 variants', (t) => {
  assert.ok(counted >= 500, `only ${counted} variants`);
  t.diagnostic(`${counted} variants, every one refused for its reason; originals accepted`);
});
