'use strict';
/*
 * A tampering corpus for OB 2.0 badges that Blason issues, hosted and signed
 * (RS256 JWS), verified by `blason verify` over real HTTP.  Each case gets
 * its own "world" on a local Node http server: issuer profile (publicKey,
 * revocationList), BadgeClass, CryptographicKey, RevocationList and, for
 * hosted badges, the assertion at its id.  A variant changes the badge the
 * verifier is given (recipient, badge, issuer, dates, id, creator, re-signed
 * by another key...) or what the issuer's server says (410, revoked: true,
 * a RevocationList that lists the assertion, a publicKey that does not list
 * the key, a swapped key, an assertion id or a BadgeClass on another origin)
 * and must be refused with the check that names the reason; the originals
 * (JSON or JWS, PNG, SVG) must be valid.  A second server on 127.0.0.2 is
 * "another origin".  --allow-http --allow-private-network: the servers are
 * local.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const BLASON = process.env.BLASON
  ? path.resolve(process.cwd(), process.env.BLASON)
  : path.join(repoRoot, 'build', 'blason');
const NOW = '2026-11-28T12:00:00Z';

let tmp, main, other, A, B;
const docs = new Map(); // "host:port/path" -> { status, body }
let worldN = 0;

function handler(req, res) {
  const d = docs.get(`${req.headers.host}${req.url}`);
  if (!d) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(d.status || 200, { 'Content-Type': 'application/ld+json' });
  res.end(typeof d.body === 'string' ? d.body : JSON.stringify(d.body));
}

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

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-tamper2-'));
  main = http.createServer(handler);
  other = http.createServer(handler);
  await new Promise((resolve) => main.listen(0, '127.0.0.1', resolve));
  await new Promise((resolve) => other.listen(0, '127.0.0.2', resolve));
  A = `127.0.0.1:${main.address().port}`;
  B = `127.0.0.2:${other.address().port}`;
  const png = spawn('node', [path.join(repoRoot, 'scripts', 'demo-image.js'), path.join(tmp, 'badge.png')]);
  await new Promise((resolve) => png.on('close', resolve));
  for (const k of ['issuer', 'attacker']) {
    const r = await blason(['keygen', '--type', 'rsa2048', '-o', path.join(tmp, `${k}.pem`)]);
    assert.equal(r.status, 0, r.stderr);
  }
});
test.after(() => {
  main.close();
  other.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const put = (url, body, status) => docs.set(url.replace(/^http:\/\//, ''), { body, status });
const get = (url) => docs.get(url.replace(/^http:\/\//, ''));
const pubPem = (k) => crypto.createPublicKey(fs.readFileSync(path.join(tmp, `${k}.pem`))).export({ type: 'spki', format: 'pem' });
const b64u = (s) => Buffer.from(s).toString('base64url');

function resign(jws, change, key = 'issuer') {
  const [h, p] = jws.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url'));
  change(payload);
  const input = `${h}.${b64u(JSON.stringify(payload))}`;
  const sig = crypto.sign('sha256', Buffer.from(input), fs.readFileSync(path.join(tmp, `${key}.pem`)));
  return `${input}.${sig.toString('base64url')}`;
}

function edit(jws, change) { // payload changed, signature kept
  const [h, p, s] = jws.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url'));
  change(payload);
  return `${h}.${b64u(JSON.stringify(payload))}.${s}`;
}

/* A world: issuer, badge, key, revocation list under its own prefix; a badge issued there. */
async function world(proof, now = '2026-11-01T10:00:00Z') {
  const n = ++worldN;
  const P = `http://${A}/w${n}`;
  const w = { P, issuerId: `${P}/issuer`, badgeId: `${P}/badges/b1`, keyId: `${P}/keys/1`, rlId: `${P}/revocations`, aid: `${P}/assertions/1` };
  const issuer = { id: w.issuerId, name: 'Mission Locale de Paris', url: `${P}/`, email: 'badges@example.org' };
  const badge = { id: w.badgeId, name: 'Atelier entretien', description: 'Simulation d\'entretien.', criteria: { narrative: 'Avoir passé une simulation.' },
    image: `${P}/badges/b1/image.png`, validity: { months: 24 } };
  fs.writeFileSync(path.join(tmp, 'issuer.json'), JSON.stringify(issuer));
  fs.writeFileSync(path.join(tmp, 'badge.json'), JSON.stringify(badge));
  const out = path.join(tmp, `w${n}.png`);
  const args = ['issue', '--ob', '2', '--proof', proof, '--issuer', path.join(tmp, 'issuer.json'), '--badge', path.join(tmp, 'badge.json'),
    '--recipient', 'jeune@example.org', '--id', w.aid, '--image', path.join(tmp, 'badge.png'), '--now', now, '-o', out];
  if (proof === 'jws') args.push('--key', path.join(tmp, 'issuer.pem'), '--key-id', w.keyId);
  const r = await blason(args);
  assert.equal(r.status, 0, r.stderr);
  w.text = (await blason(['unbake', out])).stdout.trim();
  const ctx = 'https://w3id.org/openbadges/v2';
  w.issuer = { '@context': ctx, type: 'Issuer', ...issuer };
  if (proof === 'jws') Object.assign(w.issuer, { publicKey: w.keyId, revocationList: w.rlId });
  put(w.issuerId, w.issuer);
  put(w.badgeId, { '@context': ctx, type: 'BadgeClass', id: w.badgeId, name: badge.name, description: badge.description,
    image: badge.image, criteria: badge.criteria, issuer: w.issuerId });
  put(w.keyId, { '@context': ctx, type: 'CryptographicKey', id: w.keyId, owner: w.issuerId, publicKeyPem: pubPem('issuer') });
  put(w.rlId, { '@context': ctx, type: 'RevocationList', id: w.rlId, issuer: w.issuerId, revokedAssertions: [] });
  if (proof === 'hosted') put(w.aid, JSON.parse(w.text));
  return w;
}

async function verify(text, fmt, n) {
  let file = path.join(tmp, `v${n}.txt`);
  fs.writeFileSync(file, text);
  if (fmt !== 'text') {
    const img = fmt === 'png' ? path.join(tmp, 'badge.png') : path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg');
    const out = path.join(tmp, `v${n}.${fmt}`);
    const b = await blason(['bake', img, `@${file}`, '-o', out]);
    assert.equal(b.status, 0, b.stderr);
    file = out;
  }
  const r = await blason(['verify', '--json', '--lang', 'en', '--allow-http', '--allow-private-network', '--now', NOW, file]);
  return { status: r.status, rep: JSON.parse(r.stdout) };
}

const FORMATS = ['text', 'png', 'svg'];
const json = (w) => JSON.parse(w.text);
const hostedGiven = (change) => (w) => { const a = json(w); change(a, w); return JSON.stringify(a); };
const hostedServed = (change) => (w) => { const a = json(w); change(a, w); put(w.aid, a); return w.text; };
const onOther = (u) => u.replace(A, B);

/*
 * [kind, proof, name, make(world) -> badge text, verdict, check id that must be an error].
 */
const CASES = [];
const add = (kind, proof, name, make, verdict, check, now) => CASES.push({ kind, proof, name, make, verdict, check, now });

for (const proof of ['hosted', 'jws']) {
  // Changed recipient: the given badge no longer is what the issuer hosts or signed.
  const recip = {
    identity: (a) => { a.recipient.identity = `sha256$${crypto.createHash('sha256').update('autre@example.org' + a.recipient.salt).digest('hex')}`; },
    salt: (a) => { a.recipient.salt = 'deadsea'; },
    plain: (a) => { a.recipient = { type: 'email', hashed: false, identity: 'autre@example.org' }; },
    type: (a) => { a.recipient.type = 'url'; },
  };
  for (const [k, f] of Object.entries(recip))
    add('recipient', proof, `recipient ${k}`, proof === 'hosted' ? hostedGiven(f) : (w) => edit(w.text, f),
      'invalid', proof === 'hosted' ? 'hosted.mismatch' : 'proof.signature');
  // Changed badge: another BadgeClass (here or on another origin).
  add('badge', proof, 'badge on the same origin', proof === 'hosted' ? hostedGiven((a, w) => { a.badge = `${w.P}/badges/b2`; })
    : (w) => edit(w.text, (a) => { a.badge = `${w.P}/badges/b2`; }), 'invalid', proof === 'hosted' ? 'hosted.mismatch' : 'proof.signature');
  add('badge', proof, 'BadgeClass served for an issuer without the key', (w) => { get(w.badgeId).body.issuer = onOther(w.issuerId);
    put(onOther(w.issuerId), { ...w.issuer, id: onOther(w.issuerId), publicKey: [] }); return w.text; },
  'invalid', proof === 'hosted' ? 'hosted.origin' : 'proof.key_owner');
  // Changed issuer: the BadgeClass is claimed for another issuer.
  add('issuer', proof, 'issuer replaced in the BadgeClass', (w) => {
    const forged = onOther(w.issuerId);
    put(forged, { ...w.issuer, id: forged, publicKey: onOther(w.keyId) });
    get(w.badgeId).body.issuer = forged;
    return w.text;
  }, 'invalid', proof === 'hosted' ? 'hosted.origin' : 'proof.key_owner');
  // Dates: issued with the real key, but expired or not yet valid.
  add('expired', proof, 'issued in 2020 (24 months)', (w) => w.text, 'expired', 'validity.expired', '2020-01-01T10:00:00Z');
  add('future', proof, 'issued in 2030', (w) => w.text, 'not_yet_valid', 'validity.not_yet', '2030-01-01T10:00:00Z');
  add('expired', proof, 'expires moved into the past', proof === 'hosted' ? hostedGiven((a) => { a.expires = '2025-01-01T00:00:00Z'; })
    : (w) => edit(w.text, (a) => { a.expires = '2025-01-01T00:00:00Z'; }), 'invalid', proof === 'hosted' ? 'hosted.mismatch' : 'proof.signature');
  add('future', proof, 'issuedOn moved to 2099', proof === 'hosted' ? hostedGiven((a) => { a.issuedOn = '2099-01-01T00:00:00Z'; })
    : (w) => edit(w.text, (a) => { a.issuedOn = '2099-01-01T00:00:00Z'; }), 'invalid', proof === 'hosted' ? 'hosted.mismatch' : 'proof.signature');
}

// Hosted only.
add('revoked', 'hosted', '410 Gone at the id', (w) => { put(w.aid, { revoked: true }, 410); return w.text; }, 'revoked', 'status.revoked');
add('revoked', 'hosted', 'hosted copy says revoked: true', hostedServed((a) => { a.revoked = true; }), 'revoked', 'status.revoked');
add('revoked', 'hosted', 'given copy says revoked: true', hostedGiven((a) => { a.revoked = true; }), 'revoked', 'status.revoked');
add('revoked', 'hosted', '410 with an empty body', (w) => { put(w.aid, '', 410); return w.text; }, 'revoked', 'status.revoked');
add('revoked', 'hosted', 'no longer hosted (404)', (w) => { docs.delete(w.aid.replace('http://', '')); return w.text; }, 'invalid', 'hosted.not_hosted');
// Given as its URL (so the hosted copy is the badge): the issuer's copy decides.
const byUrl = (change) => (w) => { const a = json(w); change(a); put(w.aid, a); return w.aid; };
add('expired', 'hosted', 'hosted copy expired, badge given by URL', byUrl((a) => { a.issuedOn = '2024-01-01T00:00:00Z'; a.expires = '2025-01-01T00:00:00Z'; }), 'expired', 'validity.expired');
add('future', 'hosted', 'hosted copy issued in 2099, badge given by URL', byUrl((a) => { a.issuedOn = '2099-01-01T00:00:00Z'; a.expires = '2100-01-01T00:00:00Z'; }), 'not_yet_valid', 'validity.not_yet');
add('revoked', 'hosted', 'hosted copy revoked, badge given by URL', byUrl((a) => { a.revoked = true; }), 'revoked', 'status.revoked');
add('expired', 'hosted', 'hosted copy expired while the given one is not', hostedServed((a) => { a.issuedOn = '2024-01-01T00:00:00Z'; a.expires = '2025-01-01T00:00:00Z'; }), 'invalid', 'hosted.mismatch');
add('origin', 'hosted', 'assertion id on another origin', (w) => {
  const a = json(w);
  a.id = onOther(w.aid);
  put(a.id, a);
  return JSON.stringify(a);
}, 'invalid', 'hosted.origin');
add('origin', 'hosted', 'assertion id on another port', (w) => {
  const a = json(w);
  a.id = w.aid.replace(A, `localhost:${main.address().port}`).replace('localhost', '127.0.0.2');
  put(a.id, a);
  return JSON.stringify(a);
}, 'invalid', 'hosted.origin');
add('origin', 'hosted', 'issuer startsWith does not match', (w) => { w.issuer.verification = { startsWith: `${w.P}/other/` }; return w.text; }, 'invalid', 'hosted.origin');
add('origin', 'hosted', 'issuer startsWith list does not match', (w) => { w.issuer.verification = { startsWith: [`${w.P}/x/`, `http://${B}/`] }; return w.text; }, 'invalid', 'hosted.origin');
add('origin', 'hosted', 'issuer allowedOrigins does not list the host', (w) => { w.issuer.verification = { allowedOrigins: ['127.0.0.2', 'example.org'] }; return w.text; }, 'invalid', 'hosted.origin');
add('origin', 'hosted', 'BadgeClass on another origin', (w) => {
  const a = json(w);
  const bc = { ...get(w.badgeId).body, id: onOther(w.badgeId), issuer: onOther(w.issuerId) };
  put(bc.id, bc);
  put(onOther(w.issuerId), { ...w.issuer, id: onOther(w.issuerId) });
  a.badge = bc.id;
  put(w.aid, a);
  return JSON.stringify(a);
}, 'invalid', 'hosted.origin');
add('badge', 'hosted', 'hosted copy names another badge', hostedServed((a, w) => { a.badge = `${w.P}/badges/b2`; }), 'invalid', 'badge.fetch');

// Signed only.
for (const [name, list] of [['id as a string', (w) => [w.aid]], ['id in an object', (w) => [{ id: w.aid }]],
  ['id with a reason', (w) => ['urn:uuid:0', { id: w.aid, revocationReason: 'fraude' }]]])
  add('revocation-list', 'jws', `RevocationList lists the assertion (${name})`, (w) => { get(w.rlId).body.revokedAssertions = list(w); return w.text; }, 'revoked', 'status.revoked');
add('revoked', 'jws', 'issuer signed revoked: true and lists it', (w) => { get(w.rlId).body.revokedAssertions = [w.aid]; return resign(w.text, (a) => { a.revoked = true; }); }, 'revoked', 'status.revoked');
add('key-owner', 'jws', 'publicKey lists another key', (w) => { w.issuer.publicKey = `${w.P}/keys/2`; return w.text; }, 'invalid', 'proof.key_owner');
add('key-owner', 'jws', 'issuer has no publicKey', (w) => { delete w.issuer.publicKey; return w.text; }, 'invalid', 'proof.key_owner');
add('key-owner', 'jws', 'attacker key at the issuer origin, not listed', (w) => {
  put(`${w.P}/keys/evil`, { ...get(w.keyId).body, id: `${w.P}/keys/evil`, publicKeyPem: pubPem('attacker') });
  return resign(w.text, (a) => { a.verification.creator = `${w.P}/keys/evil`; }, 'attacker');
}, 'invalid', 'proof.key_owner');
add('key-owner', 'jws', 'attacker key on another origin', (w) => {
  put(onOther(w.keyId), { ...get(w.keyId).body, id: onOther(w.keyId), publicKeyPem: pubPem('attacker') });
  return resign(w.text, (a) => { a.verification.creator = onOther(w.keyId); a.recipient.identity = 'autre@example.org'; a.recipient.hashed = false; }, 'attacker');
}, 'invalid', 'proof.key_owner');
add('key-swap', 'jws', 'key document serves another key', (w) => { get(w.keyId).body.publicKeyPem = pubPem('attacker'); return w.text; }, 'invalid', 'proof.signature');
add('key-swap', 'jws', 'signed by the attacker with the issuer creator', (w) => resign(w.text, () => {}, 'attacker'), 'invalid', 'proof.signature');
add('key-swap', 'jws', 'key document gone (404)', (w) => { docs.delete(w.keyId.replace('http://', '')); return w.text; }, 'invalid', 'proof.signature');
add('signature', 'jws', 'signature bytes flipped', (w) => { const [h, p, s] = w.text.split('.'); const b = Buffer.from(s, 'base64url'); b[10] ^= 1; return `${h}.${p}.${b.toString('base64url')}`; }, 'invalid', 'proof.signature');
add('signature', 'jws', 'alg none', (w) => { const [, p] = w.text.split('.'); return `${b64u('{"alg":"none"}')}.${p}.AAAA`; }, 'invalid', 'proof.signature');
add('issuer', 'jws', 'creator changed to another URL of the issuer', (w) => edit(w.text, (a) => { a.verification.creator = `${w.P}/keys/2`; }), 'invalid', 'proof.signature');
add('recipient', 'jws', 're-signed by the attacker for another recipient', (w) => resign(w.text, (a) => { a.recipient.identity = 'autre@example.org'; a.recipient.hashed = false; }, 'attacker'), 'invalid', 'proof.signature');

const counts = {};
let variants = 0;

test('the originals, hosted and signed, in JSON/JWS, PNG and SVG, are valid', async () => {
  for (const proof of ['hosted', 'jws']) {
    for (const fmt of FORMATS) {
      const w = await world(proof);
      const v = await verify(w.text, fmt, `orig-${proof}-${fmt}`);
      assert.equal(v.rep.verdict, 'valid', `${proof}/${fmt}: ${JSON.stringify(v.rep.checks.filter((c) => c.status !== 'ok'))}`);
      assert.equal(v.status, 0);
      assert.equal(v.rep.proof, proof === 'hosted' ? 'hosted' : 'ob2-jws');
    }
  }
});

for (const c of CASES) {
  test(`${c.proof}: ${c.name} -> ${c.verdict} (${c.check})`, async () => {
    for (const fmt of FORMATS) {
      const w = await world(c.proof, c.now);
      const text = c.make(w);
      const v = await verify(text, fmt, `${worldN}-${fmt}`);
      const bad = v.rep.checks.filter((x) => x.status !== 'ok');
      assert.equal(v.rep.verdict, c.verdict, `${fmt}: ${JSON.stringify(bad)}`);
      assert.ok(v.rep.checks.some((x) => x.id === c.check && x.status === 'error'), `${fmt}: no error ${c.check} in ${JSON.stringify(bad)}`);
      assert.equal(v.status, 1);
      counts[c.kind] = (counts[c.kind] || 0) + 1;
      variants++;
    }
  });
}

test('at least 50 OB 2.0 variants, every required kind present', () => {
  console.log(`# ${variants} variants: ${JSON.stringify(counts)}`);
  assert.ok(variants >= 50, `${variants} variants`);
  for (const k of ['recipient', 'badge', 'issuer', 'revoked', 'expired', 'future', 'origin', 'revocation-list', 'key-owner'])
    assert.ok(counts[k] > 0, `no ${k} variant`);
});
