'use strict';
/*
 * Interop with the reference Node baker, openbadges-bakery 1.0.5 (Mozilla),
 * in both directions: what the bakery bakes Blason unbakes byte for byte,
 * and what Blason bakes the bakery extracts byte for byte; Blason's PNGs
 * pass pngcheck and re-baking leaves exactly one badge.
 *
 * Run from the repository root:
 *   node --test --test-reporter=tap tests/interop/
 * Environment: BLASON (default build/blason), FIXTURES (default
 * ../shared/fixtures).  See tests/interop/README.md.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const peer = require('./lib/bakery');
const png = require('./lib/png');
const sources = require('./lib/sources');

const repoRoot = sources.repoRoot;
const BLASON = process.env.BLASON
  ? path.resolve(process.cwd(), process.env.BLASON)
  : path.join(repoRoot, 'build', 'blason');

const images = sources.load();

/* ---- payloads ------------------------------------------------------------ */

const URL_PAYLOAD = 'https://example.org/assertions/interop-7f3a2c';
const URL_PAYLOAD_2 = 'https://badges.example.net/a/interop-rebake-0042';

function recipientHash(email, salt) {
  return 'sha256$' + crypto.createHash('sha256').update(email + salt).digest('hex');
}

// An OB 2.0 hosted Assertion with non-ASCII text, so byte identity covers UTF-8.
const ASSERTION = {
  '@context': 'https://w3id.org/openbadges/v2',
  type: 'Assertion',
  id: 'https://example.org/assertions/interop-json-1',
  recipient: {
    type: 'email',
    hashed: true,
    salt: 'deadsea',
    identity: recipientHash('nobody@example.org', 'deadsea'),
  },
  badge: 'https://example.org/robotics-badge.json',
  verification: { type: 'hosted' },
  issuedOn: '2024-03-01T09:30:00Z',
  narrative: 'Élève a présenté son robot au forum — « très réussi » ✓ 🤖',
};

// An OB 1.0 hosted assertion: the bakery's SVG baker takes verify.url from it.
const ASSERTION_1X = {
  uid: 'interop-1x',
  recipient: recipientHash('nobody@example.org', 'deadsea'),
  salt: 'deadsea',
  badge: 'https://example.org/badge.json',
  verify: { type: 'hosted', url: 'https://example.org/assertions/interop-1x.json' },
  issuedOn: '2013-11-05',
};

function b64url(buf) {
  return Buffer.from(buf).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// A compact JWS: the OB 2.0 signed fixture when present, else one signed here.
function loadJws() {
  const f = path.join(sources.fixturesDir(), 'ob20', 'simple.jwt');
  if (fs.existsSync(f)) return { jws: fs.readFileSync(f, 'utf8').trim(), from: 'ob20/simple.jwt' };
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(ASSERTION));
  const sig = crypto.sign('sha256', Buffer.from(`${head}.${body}`), privateKey);
  return { jws: `${head}.${body}.${b64url(sig)}`, from: 'generated RS256' };
}
const { jws: JWS, from: JWS_FROM } = loadJws();

const PAYLOADS = {
  url: { label: 'hosted URL', text: URL_PAYLOAD },
  json: { label: 'JSON assertion', text: JSON.stringify(ASSERTION) },
  jws: { label: `compact JWS (${JWS_FROM})`, text: JWS },
};
const KINDS = ['url', 'json', 'jws'];

// Bakery options for a payload kind; the bakery serialises objects itself
// with JSON.stringify.  Its SVG baker needs a verify string for JSON: the
// 2.0 Assertion's id (a 2.0 issuer would pass it as `url`).
function bakeryOpts(kind, image, isSvg) {
  if (kind === 'url') return { image, url: URL_PAYLOAD };
  if (kind === 'jws') return { image, signature: JWS };
  return isSvg ? { image, url: ASSERTION.id, assertion: ASSERTION } : { image, assertion: ASSERTION };
}

/* ---- temp files and the Blason binary --------------------------------- */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-interop-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let seq = 0;
function tmpFile(ext, bytes) {
  const f = path.join(tmp, `f${++seq}${ext}`);
  if (bytes !== undefined) fs.writeFileSync(f, bytes);
  return f;
}

function needBlason() {
  let ok = false;
  try {
    fs.accessSync(BLASON, fs.constants.X_OK);
    ok = fs.statSync(BLASON).isFile();
  } catch (_) {
    ok = false;
  }
  if (!ok)
    assert.fail(
      `Blason binary not found or not executable at ${BLASON}: build it with "make build/blason" ` +
        'from the repository root, or set BLASON=/path/to/blason'
    );
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { maxBuffer: 64 << 20, timeout: 30000 });
  if (r.error) throw r.error;
  return r;
}

function describeRun(r, args) {
  return (
    `blason ${args.map((a) => (a.length > 80 ? a.slice(0, 77) + '...' : a)).join(' ')}` +
    ` exited ${r.status}${r.signal ? ' (signal ' + r.signal + ')' : ''}; stderr: ${r.stderr.toString().trim()}`
  );
}

// blason bake: URL and JWS are passed on the command line, JSON as @FILE.
function blasonBake(image, ext, kind, text) {
  needBlason();
  const input = tmpFile(ext, image);
  const out = tmpFile(ext);
  const payloadArg = kind === 'json' ? '@' + tmpFile('.json', text) : text;
  const args = ['bake', input, payloadArg, '-o', out];
  const r = run(BLASON, args);
  assert.equal(r.status, 0, describeRun(r, args));
  return fs.readFileSync(out);
}

function blasonUnbake(image, ext) {
  needBlason();
  const args = ['unbake', tmpFile(ext, image)];
  const r = run(BLASON, args);
  assert.equal(r.status, 0, describeRun(r, args));
  return r.stdout;
}

/* ---- checks ---------------------------------------------------------- */

function snippet(buf, at) {
  const from = Math.max(0, at - 20);
  return JSON.stringify(buf.toString('utf8', from, Math.min(buf.length, at + 40)));
}

function sameBytes(actual, expected, what) {
  if (typeof actual === 'string') actual = Buffer.from(actual, 'utf8');
  if (typeof expected === 'string') expected = Buffer.from(expected, 'utf8');
  assert.ok(Buffer.isBuffer(actual), `${what}: got ${typeof actual}, not bytes`);
  if (actual.equals(expected)) return;
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  assert.fail(
    `${what}: not byte-identical (got ${actual.length} bytes, expected ${expected.length}; ` +
      `first difference at byte ${i}: got ${snippet(actual, i)}, expected ${snippet(expected, i)})`
  );
}

// Text chunks (tEXt, zTXt, iTXt) whose keyword is "openbadges", found by
// walking the chunks (CRCs checked).
function openbadgesChunks(bytes) {
  return png.badgeChunks(bytes, 'openbadges');
}

// Blason's PNG badge: one uncompressed iTXt "openbadges" right after IHDR.
function checkBlasonPngBadge(bytes, text) {
  const found = openbadgesChunks(bytes);
  assert.equal(found.length, 1, `expected one openbadges chunk, found ${found.map((c) => c.type).join(', ') || 'none'}`);
  const c = found[0];
  assert.equal(c.type, 'iTXt');
  assert.equal(c.index, 1, 'the iTXt chunk is right after IHDR');
  const f = png.parseITXt(c);
  assert.equal(f.compressed, 0, 'compression flag 0');
  assert.equal(f.method, 0, 'compression method 0');
  sameBytes(f.text, text, 'iTXt text');
}

const SVG_START_TAG = /<openbadges:assertion\b([^>]*)>/g;

function svgBadgeElements(bytes) {
  return [...bytes.toString('utf8').matchAll(SVG_START_TAG)];
}

function svgVerifyAttr(attrs) {
  const m = /\sverify\s*=\s*("([^"]*)"|'([^']*)')/.exec(attrs);
  if (!m) return null;
  const raw = m[2] !== undefined ? m[2] : m[3];
  return raw
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function pngcheck(file) {
  const r = spawnSync('pngcheck', ['-q', file], { encoding: 'utf8' });
  if (r.error) assert.fail(`cannot run pngcheck (Debian package pngcheck): ${r.error.message}`);
  return r;
}

function assertPngcheck(bytes, what) {
  const f = tmpFile('.png', bytes);
  const r = pngcheck(f);
  assert.equal(r.status, 0, `pngcheck -q rejects ${what}: ${(r.stdout + r.stderr).trim()}`);
}

// The peer must have done its part, so a failure points at the right side.
async function bakeryBake(opts, expectedText) {
  const baked = await peer.bake(opts);
  sameBytes(Buffer.from(await peer.extract(baked), 'utf8'), expectedText, "the bakery's own extract of its bake");
  return baked;
}

/* ---- tests ----------------------------------------------------------- */

test(`setup: openbadges-bakery ${require('openbadges-bakery/package.json').version} loaded` +
  ` (bitwriter shim ${peer.shim.shimmed ? 'installed' : 'not needed'}); images from ${images.from}`, () => {
  if (peer.shim.shimmed) assert.match(String(peer.shim.probeError && peer.shim.probeError.message), /\S/);
  assert.ok(images.png.length > 0 && images.svg.length > 0);
});

// 1. bakery bakes, Blason unbakes.
for (const src of images.png) {
  for (const kind of KINDS) {
    const p = PAYLOADS[kind];
    test(`bakery bakes a ${p.label} into PNG ${src.name}; blason unbake returns the same bytes`, async () => {
      const baked = await bakeryBake(bakeryOpts(kind, src.bytes, false), p.text);
      sameBytes(blasonUnbake(baked, '.png'), p.text, 'blason unbake');
    });
  }
}

for (const src of images.svg) {
  for (const kind of KINDS) {
    const p = PAYLOADS[kind];
    test(`bakery bakes a ${p.label} into SVG ${src.name}; blason unbake returns the same bytes`, async () => {
      const baked = await bakeryBake(bakeryOpts(kind, src.bytes, true), p.text);
      sameBytes(blasonUnbake(baked, '.svg'), p.text, 'blason unbake');
    });
  }
}

test(`bakery bakes an OB 1.x assertion (verify.url, no url option) into SVG ${images.svg[0].name}; blason unbake returns the JSON body`, async () => {
  const text = JSON.stringify(ASSERTION_1X);
  const baked = await bakeryBake({ image: images.svg[0].bytes, assertion: ASSERTION_1X }, text);
  const els = svgBadgeElements(baked);
  assert.equal(els.length, 1);
  assert.equal(svgVerifyAttr(els[0][1]), ASSERTION_1X.verify.url, "the bakery's verify attribute is verify.url");
  sameBytes(blasonUnbake(baked, '.svg'), text, 'blason unbake');
});

// 2. Blason bakes, bakery extracts.
for (const src of images.png) {
  for (const kind of KINDS) {
    const p = PAYLOADS[kind];
    test(`blason bakes a ${p.label} into PNG ${src.name}; bakery extract returns the same bytes`, async () => {
      const out = blasonBake(src.bytes, '.png', kind, p.text);
      checkBlasonPngBadge(out, p.text);
      sameBytes(await peer.extract(out), p.text, 'bakery extract');
    });
  }
}

for (const src of images.svg) {
  for (const kind of KINDS) {
    const p = PAYLOADS[kind];
    test(`blason bakes a ${p.label} into SVG ${src.name}; bakery extract returns the same bytes`, async () => {
      const out = blasonBake(src.bytes, '.svg', kind, p.text);
      const els = svgBadgeElements(out);
      assert.equal(els.length, 1, 'one <openbadges:assertion> element');
      // verify= is the URL or JWS itself, or for JSON the Assertion's id.
      assert.equal(svgVerifyAttr(els[0][1]), kind === 'json' ? ASSERTION.id : p.text, 'verify attribute');
      sameBytes(await peer.extract(out), p.text, 'bakery extract');
    });
  }
}

// 3. pngcheck on Blason's output, from a plain and from a bakery-baked image.
for (const src of images.png) {
  test(`pngcheck -q accepts blason's bake of the plain PNG ${src.name}`, () => {
    assertPngcheck(src.bytes, `the source image ${src.name}`);
    const out = blasonBake(src.bytes, '.png', 'json', PAYLOADS.json.text);
    assertPngcheck(out, "blason's baked PNG");
  });

  test(`pngcheck -q accepts blason's re-bake of a bakery-baked PNG ${src.name}`, async () => {
    const baked = await bakeryBake(bakeryOpts('json', src.bytes, false), PAYLOADS.json.text);
    assertPngcheck(baked, 'the bakery-baked image');
    const out = blasonBake(baked, '.png', 'jws', JWS);
    assertPngcheck(out, "blason's re-baked PNG");
  });
}

// 4. Re-baking over the other side's badge leaves exactly one badge.
for (const src of images.png) {
  test(`blason re-bakes a bakery-baked PNG ${src.name}: exactly one openbadges chunk, the new payload`, async () => {
    const baked = await bakeryBake(bakeryOpts('json', src.bytes, false), PAYLOADS.json.text);
    assert.equal(openbadgesChunks(baked).length, 1, 'the bakery wrote one openbadges chunk');
    const out = blasonBake(baked, '.png', 'url', URL_PAYLOAD_2);
    const chunks = openbadgesChunks(out);
    assert.equal(chunks.length, 1, `openbadges chunks after re-bake: ${chunks.map((c) => c.type).join(', ')}`);
    checkBlasonPngBadge(out, URL_PAYLOAD_2);
    sameBytes(await peer.extract(out), URL_PAYLOAD_2, 'bakery extract after re-bake');
    sameBytes(blasonUnbake(out, '.png'), URL_PAYLOAD_2, 'blason unbake after re-bake');
  });

  test(`bakery re-bakes a blason-baked PNG ${src.name}: blason unbakes the new payload from the only chunk`, async () => {
    const out = blasonBake(src.bytes, '.png', 'json', PAYLOADS.json.text);
    const rebaked = await bakeryBake({ image: out, url: URL_PAYLOAD_2 }, URL_PAYLOAD_2);
    assert.equal(openbadgesChunks(rebaked).length, 1, 'one openbadges chunk after the bakery re-bake');
    assertPngcheck(rebaked, "the bakery's re-bake of blason's PNG");
    sameBytes(blasonUnbake(rebaked, '.png'), URL_PAYLOAD_2, 'blason unbake');
  });
}

for (const src of images.svg) {
  test(`blason re-bakes a bakery-baked SVG ${src.name}: one element, the new payload`, async () => {
    const baked = await bakeryBake(bakeryOpts('json', src.bytes, true), PAYLOADS.json.text);
    const out = blasonBake(baked, '.svg', 'jws', JWS);
    const els = svgBadgeElements(out);
    assert.equal(els.length, 1, 'one <openbadges:assertion> element after re-bake');
    assert.equal(svgVerifyAttr(els[0][1]), JWS);
    sameBytes(await peer.extract(out), JWS, 'bakery extract after re-bake');
    sameBytes(blasonUnbake(out, '.svg'), JWS, 'blason unbake after re-bake');
  });

  test(`bakery re-bakes a blason-baked SVG ${src.name}: blason unbakes the new payload`, async () => {
    const out = blasonBake(src.bytes, '.svg', 'jws', JWS);
    const rebaked = await bakeryBake(bakeryOpts('json', out, true), PAYLOADS.json.text);
    assert.equal(svgBadgeElements(rebaked).length, 1, 'the bakery left one <openbadges:assertion> element');
    sameBytes(blasonUnbake(rebaked, '.svg'), PAYLOADS.json.text, 'blason unbake');
  });
}

// 5. Legacy images baked by other bakers: both extractors agree.
for (const src of images.baked) {
  test(`blason unbake of ${src.name} equals the bakery's extract`, async () => {
    const expected = await peer.extract(src.bytes);
    assert.equal(typeof expected, 'string');
    sameBytes(blasonUnbake(src.bytes, path.extname(src.name)), expected, 'blason unbake');
  });
}
