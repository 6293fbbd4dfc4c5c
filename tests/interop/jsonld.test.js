'use strict';
/*
 * Differential test of Blason's JSON-LD toRdf against the reference JS
 * implementation, npm jsonld 9.0.0, with an offline document loader over the
 * same pinned contexts (data/contexts.list).  Both sides' N-Quads are
 * canonicalized with RDFC-1.0 (Blason: tests/tools/ldtool --canon; jsonld:
 * jsonld.canonize) and compared as sets of lines.  Inputs: every OB 3.0
 * fixture that the contexts cover, and 1,000 generated OB 3.0 credentials
 * (random but shaped like the OB 3.0 schema; fixed seed).
 *
 * Environment: LDTOOL (default build/tools/ldtool), FIXTURES (default
 * ../shared/fixtures).  Skips, saying why, when either is missing.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const LDTOOL = process.env.LDTOOL
  ? path.resolve(process.cwd(), process.env.LDTOOL)
  : path.join(repoRoot, 'build', 'tools', 'ldtool');
const FIXTURES = process.env.FIXTURES
  ? path.resolve(process.cwd(), process.env.FIXTURES)
  : path.join(repoRoot, '..', 'shared', 'fixtures');

let jsonld = null;
try {
  jsonld = require('jsonld');
} catch (e) {
  jsonld = null;
}

/* The contexts, read the way scripts/embed.c reads them. */
function loadContexts() {
  const map = new Map();
  const list = fs.readFileSync(path.join(repoRoot, 'data', 'contexts.list'), 'utf8');
  for (const line of list.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [url, source, , format] = line.trim().split(/\s+/);
    let file;
    if (source.startsWith('npm:')) file = path.join(repoRoot, 'node_modules', source.slice(4));
    else file = path.join(FIXTURES, 'contexts', source.slice(8));
    if (!fs.existsSync(file)) continue;
    map.set(url, format === 'js' ? require(file) : JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  return map;
}

function makeLoader(contexts) {
  return async (url) => {
    if (!contexts.has(url)) throw new Error(`offline loader: ${url} not available`);
    return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
  };
}

function blasonCanon(doc) {
  const r = spawnSync(LDTOOL, ['--canon', '-'], { input: JSON.stringify(doc), encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

async function jsCanon(doc, loader) {
  return jsonld.canonize(doc, {
    algorithm: 'RDFC-1.0',
    format: 'application/n-quads',
    documentLoader: loader,
    safe: true,
  });
}

function lines(nq) {
  return nq.split('\n').filter((l) => l.length > 0).sort();
}

/* ---- generated OB 3.0 credentials --------------------------------------- */

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function genCredential(r, i) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const maybe = (p, f) => (r() < p ? f() : undefined);
  const words = ['Teamwork', 'Robotics', 'Élève', 'naïve café', 'Data "quoted"', 'line\nbreak',
    'Ünïcödé ✓ 🤖', 'tab\tchar', 'back\\slash', '中文'];
  const ctx = pick([
    ['https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    ['https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json'],
    ['https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'],
  ]);
  const id = `urn:uuid:${(i * 7919 + 12345).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
  const achievement = {
    id: `https://example.com/achievements/${i}`,
    type: ['Achievement'],
    name: pick(words),
    description: pick(words),
    criteria: r() < 0.5 ? { narrative: pick(words) } : { id: `https://example.com/criteria/${i}` },
  };
  const a2 = {
    achievementType: maybe(0.5, () => pick(['Badge', 'Certificate', 'Competency', 'ext:Custom'])),
    creditsAvailable: maybe(0.3, () => pick([1, 2.5, 30, 0.1])),
    tag: maybe(0.4, () => [pick(words), pick(words)]),
    version: maybe(0.3, () => '1.0'),
    inLanguage: ctx[1].endsWith('3.0.3.json') ? maybe(0.3, () => pick(['en', 'fr-FR'])) : undefined,
    humanCode: maybe(0.2, () => `HC-${i}`),
    fieldOfStudy: maybe(0.2, () => pick(words)),
    image: maybe(0.4, () => ({ id: `https://example.com/img/${i}.png`, type: 'Image',
      caption: maybe(0.5, () => pick(words)) })),
    alignment: maybe(0.4, () => [{
      type: ['Alignment'], targetName: pick(words), targetUrl: `https://example.org/t/${i}`,
      targetType: maybe(0.5, () => pick(['ceasn:Competency', 'CFItem', 'ext:Custom'])),
      targetCode: maybe(0.5, () => `C${i}`),
    }]),
    resultDescription: maybe(0.3, () => [{
      id: `urn:uuid:rd-${i}`, type: ['ResultDescription'], name: pick(words),
      resultType: pick(['Status', 'GradePointAverage', 'ext:Other']),
      allowedValue: maybe(0.5, () => ['A', 'B', 'C']),
      rubricCriterionLevel: maybe(0.4, () => [{ id: `urn:uuid:lvl-${i}`,
        type: ['RubricCriterionLevel'], name: pick(words), points: '5' }]),
    }]),
    creator: maybe(0.3, () => ({ id: `https://example.com/creator/${i}`, type: ['Profile'],
      name: pick(words), email: 'c@example.com' })),
  };
  for (const [k, v] of Object.entries(a2)) if (v !== undefined) achievement[k] = v;
  const subject = {
    id: r() < 0.7 ? `did:example:${i}` : undefined,
    type: ['AchievementSubject'],
    achievement,
  };
  if (r() < 0.4) {
    subject.identifier = [{ type: 'IdentityObject', hashed: r() < 0.5,
      identityHash: `sha256$${i}`, identityType: pick(['emailAddress', 'sourcedId', 'ext:x']),
      salt: maybe(0.5, () => 'deadsea') }];
  }
  if (r() < 0.3) {
    subject.result = [{ type: ['Result'], value: pick(['A', '95']),
      status: maybe(0.5, () => pick(['Completed', 'Enrolled'])) }];
  }
  if (r() < 0.3) subject.creditsEarned = pick([3, 1.5]);
  if (r() < 0.2) subject.activityStartDate = '2024-01-01T00:00:00Z';
  if (subject.id === undefined) delete subject.id;
  const issuer = r() < 0.7
    ? { id: `https://example.com/issuers/${i % 13}`, type: ['Profile'], name: pick(words),
      url: maybe(0.5, () => 'https://example.com'), email: maybe(0.3, () => 'i@example.com'),
      description: maybe(0.3, () => pick(words)) }
    : { id: `did:example:issuer${i}`, type: 'Profile', name: pick(words) };
  for (const k of Object.keys(issuer)) if (issuer[k] === undefined) delete issuer[k];
  const cred = {
    '@context': ctx,
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer,
    validFrom: '2024-0' + (1 + (i % 9)) + '-01T00:00:00Z',
    name: pick(words),
    credentialSubject: subject,
  };
  if (r() < 0.3) cred.validUntil = '2030-01-01T00:00:00Z';
  if (r() < 0.3) cred.description = pick(words);
  if (r() < 0.25) {
    cred.evidence = [{ id: `https://example.com/evidence/${i}`, type: ['Evidence'],
      narrative: pick(words), name: pick(words) }];
  }
  if (ctx.length > 2 && r() < 0.6) {
    cred.credentialSchema = [{ id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
      type: '1EdTechJsonSchemaValidator2019' }];
  }
  if (r() < 0.2) {
    cred.credentialStatus = { id: `https://example.com/status/${i}#23`,
      type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '23',
      statusListCredential: 'https://example.com/status/1' };
  }
  if (r() < 0.5) {
    cred.proof = [{ type: 'DataIntegrityProof', created: '2024-01-01T00:00:00Z',
      verificationMethod: `${issuer.id}#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi`,
      cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod',
      proofValue: 'z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaW' }];
  }
  return cred;
}

/* ---- tests ---------------------------------------------------------------- */

function whySkip() {
  if (!fs.existsSync(LDTOOL)) return `ldtool not built (${LDTOOL})`;
  if (jsonld === null) return 'npm jsonld not installed (npm ci)';
  const probe = spawnSync(LDTOOL, ['-'], {
    input: '{"@context":"https://www.w3.org/ns/credentials/v2","id":"urn:x:1","name":"n"}',
    encoding: 'utf8',
  });
  if (probe.status !== 0 && /not compiled in/.test(probe.stderr)) {
    return 'ldtool built without the compiled-in contexts (build/gen/contexts.c)';
  }
  return false;
}
const skip = whySkip();

async function compare(t, name, doc, loader) {
  const b = blasonCanon(doc);
  let js;
  try {
    js = await jsCanon(doc, loader);
  } catch (e) {
    // The reference refuses the document: Blason must refuse it too.
    assert.notEqual(b.status, 0, `${name}: jsonld refused (${e.message}) but Blason accepted`);
    return 'both-refused';
  }
  assert.equal(b.status, 0, `${name}: Blason failed: ${b.err}`);
  assert.deepEqual(lines(b.out), lines(js), `${name}: N-Quads differ`);
  return 'equal';
}

function jsonFiles(dir) {
  const out = [];
  for (const f of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isDirectory()) out.push(...jsonFiles(p));
    else if (f.endsWith('.json')) out.push(p);
  }
  return out;
}

test('JSON-LD toRdf: OB 3.0 and OB 2.0 fixtures vs npm jsonld', { skip }, async (t) => {
  const loader = makeLoader(loadContexts());
  const dir = path.join(FIXTURES, 'ob30');
  if (!fs.existsSync(dir)) return t.skip(`no fixtures at ${dir}`);
  let n = 0;
  let equal = 0;
  for (const f of [...jsonFiles(dir), ...jsonFiles(path.join(FIXTURES, 'ob20'))]) {
    let doc;
    try {
      doc = JSON.parse(fs.readFileSync(f, 'utf8'));
    } catch (e) {
      continue; // ob20/redirected-validation-subject.json has comments
    }
    if ((await compare(t, path.relative(FIXTURES, f), doc, loader)) === 'equal') equal++;
    n++;
  }
  t.diagnostic(`${equal} of ${n} fixtures equal, ${n - equal} refused by both (safe mode)`);
  const vec = path.join(FIXTURES, 'ob30-spec-test-vector', 'signed-credential.json');
  if (fs.existsSync(vec)) {
    const doc = JSON.parse(fs.readFileSync(vec, 'utf8'));
    delete doc.proof;
    const b = blasonCanon(doc);
    assert.equal(b.status, 0, b.err);
    assert.equal(b.out, fs.readFileSync(path.join(FIXTURES, 'ob30-spec-test-vector',
      'document-canon.txt'), 'utf8'));
    n++;
  }
  t.diagnostic(`${n} fixture documents compared`);
  assert.ok(equal >= 80);
});

test('JSON-LD toRdf: 1,000 generated OB 3.0 credentials vs npm jsonld', { skip }, async (t) => {
  const loader = makeLoader(loadContexts());
  const r = rng(20261128);
  let equal = 0;
  for (let i = 0; i < 1000; i++) {
    const doc = genCredential(r, i);
    if ((await compare(t, `generated #${i}`, doc, loader)) === 'equal') equal++;
  }
  t.diagnostic(`${equal} of 1000 equal, the rest refused by both`);
  assert.ok(equal >= 960);
});

test('JSON-LD safe mode: undefined term is refused by both', { skip }, async () => {
  const loader = makeLoader(loadContexts());
  const doc = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'ob30', 'simple.json'), 'utf8'));
  doc.credentialSubject.foo = 'bar';
  const b = blasonCanon(doc);
  assert.notEqual(b.status, 0);
  assert.match(b.err, /JSON-LD: term "foo" at \/credentialSubject\/foo is not defined/);
  await assert.rejects(jsCanon(doc, loader));
});
