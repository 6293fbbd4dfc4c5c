'use strict';
/*
 * The 1EdTech OB 2.0 hosted fixtures (fixtures/ob20, MANIFEST.md) verified by
 * `blason verify` over real HTTP.  A Node http server on 127.0.0.1 serves
 * ob20/assets/ and, at its id, the assertion itself (the issuer hosts it, as
 * hosted verification requires).  The documents name https://example.org/,
 * so the server rewrites that origin in the bytes it serves to
 * http://127.0.0.1:PORT/f/<fixture>/ (one prefix per fixture, so each
 * fixture's assertion lives at its own id), and the bare host "example.org"
 * of allowedOrigins to "127.0.0.1"; the input file gets the same rewrite.
 * blason runs with --allow-http --allow-private-network (the server is
 * local) and must give the verdict and first error of the table below.
 * The signed fixtures (simple*.jwt) cannot be rewritten (the key URL is
 * inside the signed payload): they stay in tests/unit/test_verify.c, whose
 * fetch callback maps the same URLs to the same files.
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
const FIXTURES = process.env.FIXTURES
  ? path.resolve(process.cwd(), process.env.FIXTURES)
  : path.resolve(repoRoot, '..', 'shared', 'fixtures');
const OB20 = path.join(FIXTURES, 'ob20');

/*
 * fixture -> [verdict, first error check id or null].  MANIFEST "VALID" is
 * valid here because the assertion is really hosted at its id (the unit
 * test's VALID_WITH_WARNINGS comes from hosted.unreachable); "WARNING" is
 * valid_with_warnings; so are the three allowed-origins VALIDs, whose
 * BadgeClass and Issuer have ids without the ".json" of the URL they are
 * served from (doc.id_mismatch) and an inline @context (structure.context
 * warning: terms not checked); the future issuedOn is not_yet_valid (a date
 * verdict, exit status 1 like invalid).
 */
const TABLE = {
  'basic-assertion.json': ['valid', null],
  'simple-badge.png': ['valid', null],
  'basic-assertion-expired.json': ['expired', 'validity.expired'],
  'basic-assertion-expired-before-issued.json': ['invalid', 'structure.value'], // expires < issuedOn
  'basic-assertion-in-future.json': ['not_yet_valid', 'validity.not_yet'],
  'basic-assertion-invalid-context.json': ['invalid', 'structure.context'],
  'basic-assertion-invalid-type.json': ['invalid', 'structure.value'],
  'basic-assertion-no-public-key.json': ['valid', null],
  'basic-assertion-with-allowed-origins.json': ['valid_with_warnings', null], // see below
  'basic-assertion-with-allowed-origins-valid-starts-with.json': ['valid_with_warnings', null], // see below
  'basic-assertion-with-allowed-origins-invalid-starts-with.json': ['invalid', 'hosted.origin'],
  'basic-assertion-with-allowed-origins-valid-multiple-starts-with.json': ['valid_with_warnings', null], // see below
  'basic-assertion-with-allowed-origins-invalid-multiple-starts-with.json': ['invalid', 'hosted.origin'],
  'basic-assertion-with-language.json': ['valid', null],
  'assertion-with-endorsements.json': ['valid', null],
  'assertion-with-data-image.json': ['invalid', 'structure.format'],
  'assertion-with-extension-node-basic.json': ['valid', null],
  'assertion-with-multiple-extensions.json': ['valid', null],
  'warning-with-redirection.json': ['valid_with_warnings', null],
  'warning-issuer-non-http.json': ['valid_with_warnings', null],
};

let server, base, tmp;
const unknown = [];

function rewrite(text, name) {
  return text
    .replace(/https?:\/\/(www\.)?example\.org(?=[/"])/g, `${base}/f/${name}`)
    .replace(/"example\.org"/g, '"127.0.0.1"');
}

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-ob20-'));
  server = http.createServer((req, res) => {
    const m = /^\/f\/([^/]+)\/(.*)$/.exec(req.url);
    const name = m && decodeURIComponent(m[1]);
    const rel = m && m[2];
    let file = null;
    if (m && !rel.includes('..')) {
      if (fs.existsSync(path.join(OB20, 'assets', rel)) && rel !== '') file = path.join(OB20, 'assets', rel);
      else if (fs.existsSync(path.join(tmp, `${name}.hosted`))) {
        // The fixture's own id: the issuer hosts the assertion there.
        const hosted = JSON.parse(fs.readFileSync(path.join(tmp, `${name}.hosted`), 'utf8'));
        if (hosted.id === `${base}${req.url}`) file = path.join(tmp, `${name}.hosted`);
      }
    }
    if (!file) {
      unknown.push(req.url);
      res.writeHead(404);
      return res.end();
    }
    const isJson = !/\.(png|svg)$/.test(file);
    res.writeHead(200, { 'Content-Type': isJson ? 'application/ld+json' : 'image/png' });
    res.end(isJson ? rewrite(fs.readFileSync(file, 'utf8'), name) : fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
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

// The fixture as the verifier receives it, rewritten; PNGs are unbaked, rewritten and re-baked.
async function prepare(name) {
  let json;
  if (name.endsWith('.png')) {
    const r = await blason(['unbake', path.join(OB20, name)]);
    assert.equal(r.status, 0, r.stderr);
    json = rewrite(r.stdout, name);
  } else {
    json = rewrite(fs.readFileSync(path.join(OB20, name), 'utf8'), name);
  }
  fs.writeFileSync(path.join(tmp, `${name}.hosted`), json);
  if (!name.endsWith('.png')) return path.join(tmp, `${name}.hosted`);
  const out = path.join(tmp, name);
  const b = await blason(['bake', path.join(OB20, name), `@${path.join(tmp, `${name}.hosted`)}`, '-o', out]);
  assert.equal(b.status, 0, b.stderr);
  return out;
}

const EXIT = { valid: 0, valid_with_warnings: 0, invalid: 1, revoked: 1, expired: 1, not_yet_valid: 1, error: 2 };
let passed = 0;

for (const [name, [verdict, first]] of Object.entries(TABLE)) {
  test(`ob20/${name} over HTTP: ${verdict}${first ? `, first error ${first}` : ''}`, async (t) => {
    if (!fs.existsSync(OB20)) return t.skip(`no fixtures at ${OB20}`);
    const file = await prepare(name);
    const r = await blason(['verify', '--json', '--lang', 'en', '--allow-http', '--allow-private-network',
      '--now', '2026-11-28T12:00:00Z', file]);
    const rep = JSON.parse(r.stdout);
    const err = rep.checks.find((c) => c.status === 'error');
    const why = JSON.stringify(rep.checks.filter((c) => c.status !== 'ok'));
    assert.equal(rep.verdict, verdict, why);
    assert.equal(err ? err.id : null, first, why);
    assert.equal(r.status, EXIT[verdict]);
    // The documents really came over HTTP: the badge and the issuer were fetched.
    assert.ok(rep.issuer.id && rep.issuer.id.includes(`/f/${name}/`) || verdict !== 'valid', JSON.stringify(rep.issuer));
    passed++;
  });
}

test('every hosted fixture of the table was checked and nothing unexpected was requested', (t) => {
  if (!fs.existsSync(OB20)) return t.skip(`no fixtures at ${OB20}`);
  assert.equal(passed, Object.keys(TABLE).length);
  assert.deepEqual(unknown.filter((u) => !u.endsWith('/beths-robot-work.html')), []);
});
