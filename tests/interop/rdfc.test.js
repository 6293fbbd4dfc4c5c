'use strict';
/*
 * Differential test of Blason's RDFC-1.0 (src/core/rdfc.c) against the
 * reference JavaScript implementation, rdf-canonize 5.0.0 (Digital Bazaar),
 * algorithm 'RDFC-1.0'.  A seeded generator makes well over 1,000 varied
 * datasets (chains, stars, cycles and random graphs of blank nodes,
 * isomorphic copies side by side, literals with every escape, languages and
 * datatypes, named graphs named by IRIs and blank nodes, OB 3.0-shaped
 * credentials), writes each as N-Quads, and canonicalizes each with
 * rdf-canonize and with tests/tools/canontool (all datasets in one process,
 * separated by a marker line); the outputs must be equal byte for byte.
 * A part of the datasets is also run with SHA-384.
 *
 * Run from the repository root:
 *   node --test --test-reporter=tap tests/interop/
 * Environment: CANONTOOL (default build/tools/canontool), RDFC_SEED (the
 * generator's seed, default 20240521), RDFC_COUNT (datasets, default 1200).
 *
 * Generated text avoids U+E000..U+FFFF: rdf-canonize sorts with JavaScript's
 * UTF-16 order, RDFC-1.0 (and Blason) with code point order, and the two
 * differ only when such characters meet characters above U+FFFF.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const canonize = require('rdf-canonize');

const repoRoot = path.resolve(__dirname, '..', '..');
const TOOL = process.env.CANONTOOL
  ? path.resolve(process.cwd(), process.env.CANONTOOL)
  : path.join(repoRoot, 'build', 'tools', 'canontool');
const SEED = Number(process.env.RDFC_SEED || 20240521);
const COUNT = Number(process.env.RDFC_COUNT || 1200);
const MARKER = '#--rdfc--\n';

/* ---- a seeded generator --------------------------------------------------- */

function mulberry32(a) {
  return function () {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let rand = mulberry32(SEED);
const int = (n) => Math.floor(rand() * n);
const pick = (a) => a[int(a.length)];
const chance = (p) => rand() < p;

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const PREDS = [
  'http://example.org/vocab#p',
  'http://example.org/vocab#q',
  'https://schema.org/name',
  RDF + 'type',
  'urn:ex:r',
];
const IRIS = [
  'http://example.org/a',
  'http://example.org/b',
  'https://example.com/x/y?z=1#frag',
  'urn:uuid:4c6a5d1e-0f43-4b1c-9a8e-0b3f3c2d1e0f',
  'did:example:ebfeb1f712ebc6f1c276e12ec21',
  'http://example.org/caf\u00e9',
  'http://example.org/\u221e',
  'http://example.org/\u{1F303}',
  'mailto:someone@example.org',
];
const DATATYPES = [
  XSD + 'integer',
  XSD + 'dateTime',
  XSD + 'boolean',
  XSD + 'string',
  'http://example.org/dt',
  RDF + 'JSON',
];
const LANGS = ['en', 'en-US', 'de-CH-1996', 'fr', 'EN-gb'];
const CHARS = [
  'a', 'b', 'z', 'A', '0', ' ', '.', '"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0000',
  '\u0001', '\u001f', '\u007f', '\u0080', '\u00e9', '\u00a0', '\u221e', '\u2028', '\u{1F303}',
  '\u{10FFFF}', "'", '<', '>', '#', '_:',
];

function randText(max) {
  let s = '';
  const n = int(max + 1);
  for (let i = 0; i < n; i++) s += chance(0.6) ? pick(['a', 'b', 'c', 'x', ' ']) : pick(CHARS);
  return s;
}

/* Write a literal's text as N-Quads: required escapes, random optional ones. */
function quoteLiteral(s) {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += chance(0.5) ? '\\n' : '\\u000A';
    else if (ch === '\r') out += chance(0.5) ? '\\r' : '\\u000d';
    else if (c < 0x20 || c === 0x7f) {
      out += chance(0.5) ? ch : '\\u' + c.toString(16).padStart(4, '0');
    } else if (c > 0x7f && chance(0.3)) {
      out += c > 0xffff ? '\\U' + c.toString(16).padStart(8, '0') : '\\u' + c.toString(16).padStart(4, '0');
    } else out += ch;
  }
  return '"' + out + '"';
}

function writeIri(iri) {
  if (chance(0.2)) {
    let out = '';
    for (const ch of iri) {
      const c = ch.codePointAt(0);
      out += c > 0x7f ? (c > 0xffff ? '\\U' + c.toString(16).padStart(8, '0') : '\\u' + c.toString(16).padStart(4, '0')) : ch;
    }
    return '<' + out + '>';
  }
  return '<' + iri + '>';
}

const iri = (v) => ({ t: 'iri', v });
const bn = (v) => ({ t: 'bn', v });

function literal() {
  const r = int(3);
  const v = randText(6);
  if (r === 0) return { t: 'lit', v };
  if (r === 1) return { t: 'lit', v, lang: pick(LANGS) };
  return { t: 'lit', v, dt: pick(DATATYPES) };
}

function termText(t) {
  if (t.t === 'iri') return writeIri(t.v);
  if (t.t === 'bn') return '_:' + t.v;
  let s = quoteLiteral(t.v);
  if (t.lang) s += '@' + t.lang;
  else if (t.dt) s += '^^' + writeIri(t.dt);
  return s;
}

function nquads(quads) {
  return quads
    .map((q) => [q[0], q[1], q[2], q[3]].filter(Boolean).map(termText).join(' ') + ' .\n')
    .join('');
}

/* Blank-node labels in several spellings the grammar allows. */
function labeler() {
  const style = int(4);
  const base = int(1000);
  return (i) => ['b' + i, 'n' + (base + i * 7), '_x.' + i, 'g' + i + '-' + base][style];
}

const anyObject = (L, nb) => (chance(0.4) && nb > 0 ? bn(L(int(nb))) : chance(0.5) ? iri(pick(IRIS)) : literal());

/* ---- shapes ---------------------------------------------------------------- */

function chain(L) {
  const n = 1 + int(8);
  const q = [];
  for (let i = 0; i + 1 < n; i++) q.push([bn(L(i)), iri(pick(PREDS.slice(0, 2))), bn(L(i + 1))]);
  if (chance(0.7)) q.push([bn(L(n - 1)), iri(PREDS[2]), literal()]);
  if (chance(0.5)) q.push([iri(pick(IRIS)), iri(PREDS[0]), bn(L(0))]);
  if (q.length === 0) q.push([bn(L(0)), iri(PREDS[0]), literal()]);
  return q;
}

function star(L) {
  const k = 1 + int(6);
  const same = chance(0.5);
  const q = [];
  for (let i = 1; i <= k; i++) {
    q.push([bn(L(0)), iri(same ? PREDS[0] : pick(PREDS)), bn(L(i))]);
    if (chance(0.6)) q.push([bn(L(i)), iri(PREDS[2]), same ? { t: 'lit', v: 'leaf' } : literal()]);
  }
  return q;
}

function cycles(L) {
  const copies = 1 + int(3);
  const n = 2 + int(5);
  const q = [];
  for (let c = 0; c < copies; c++) {
    for (let i = 0; i < n; i++) {
      q.push([bn(L(c * n + i)), iri(PREDS[0]), bn(L(c * n + ((i + 1) % n)))]);
    }
    if (chance(0.3)) q.push([bn(L(c * n)), iri(PREDS[1]), literal()]);
  }
  return q;
}

function randomGraph(L) {
  const n = 1 + int(6);
  const m = 1 + int(10);
  const preds = PREDS.slice(0, 1 + int(3));
  const q = [];
  for (let i = 0; i < m; i++) {
    const s = chance(0.85) ? bn(L(int(n))) : iri(pick(IRIS));
    q.push([s, iri(pick(preds)), anyObject(L, n)]);
  }
  return q;
}

function graphs(L) {
  const q = [];
  const n = 1 + int(5);
  for (let i = 0; i < 2 + int(8); i++) {
    const g = pick([null, iri(pick(IRIS)), bn(L(int(n))), bn(L(n + int(2)))]);
    const s = chance(0.7) ? bn(L(int(n + 2))) : iri(pick(IRIS));
    q.push([s, iri(pick(PREDS)), anyObject(L, n + 2), g]);
  }
  return q;
}

function literals(L) {
  const q = [];
  const s = chance(0.5) ? iri(pick(IRIS)) : bn(L(0));
  for (let i = 0; i < 2 + int(10); i++) q.push([s, iri(pick(PREDS)), literal()]);
  return q;
}

/* Two isomorphic copies of a random piece (automorphisms, ties). */
function twins(L) {
  const piece = randomGraph((i) => 'p' + i);
  const n = 8;
  const q = [];
  for (let c = 0; c < 2; c++) {
    for (const t of piece) {
      const map = (x) => (x && x.t === 'bn' ? bn(L(c * n + Number(x.v.slice(1)))) : x);
      q.push([map(t[0]), t[1], map(t[2])]);
    }
  }
  return q;
}

/* An OB 3.0 OpenBadgeCredential as JSON-LD toRdf would give it. */
function credential(L) {
  const OB = 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#';
  const CRED = 'https://www.w3.org/2018/credentials#';
  const SCH = 'https://schema.org/';
  const id = iri('urn:uuid:' + (1e8 + int(9e8)) + '-5c3e-4b0d-8f5e-0a1b2c3d4e5f');
  const issuer = chance(0.5) ? iri('https://example.edu/issuers/' + int(1e6)) : bn(L(0));
  const subj = chance(0.6) ? bn(L(1)) : iri('did:example:' + int(1e9));
  const ach = chance(0.5) ? iri('https://example.com/achievements/' + int(1e4)) : bn(L(2));
  const crit = bn(L(3));
  const img = bn(L(4));
  const dt = (v) => ({ t: 'lit', v, dt: XSD + 'dateTime' });
  const q = [
    [id, iri(RDF + 'type'), iri(CRED + 'VerifiableCredential')],
    [id, iri(RDF + 'type'), iri(OB + 'OpenBadgeCredential')],
    [id, iri(SCH + 'name'), { t: 'lit', v: randText(12) }],
    [id, iri(CRED + 'issuer'), issuer],
    [id, iri(CRED + 'validFrom'), dt('2010-01-01T00:00:00Z')],
    [id, iri(CRED + 'credentialSubject'), subj],
    [issuer, iri(RDF + 'type'), iri(OB + 'Profile')],
    [issuer, iri(SCH + 'name'), { t: 'lit', v: 'Example University' }],
    [issuer, iri(OB + 'email'), { t: 'lit', v: 'info@example.edu' }],
    [subj, iri(RDF + 'type'), iri(OB + 'AchievementSubject')],
    [subj, iri(OB + 'achievement'), ach],
    [ach, iri(RDF + 'type'), iri(OB + 'Achievement')],
    [ach, iri(SCH + 'name'), { t: 'lit', v: 'Badge ' + randText(8), lang: pick(['en', 'fr']) }],
    [ach, iri(SCH + 'description'), { t: 'lit', v: randText(20) }],
    [ach, iri(OB + 'criteria'), crit],
    [crit, iri(OB + 'narrative'), { t: 'lit', v: randText(30) }],
    [ach, iri(SCH + 'image'), img],
    [img, iri(RDF + 'type'), iri(OB + 'Image')],
    [img, iri(OB + 'caption'), { t: 'lit', v: randText(6) }],
  ];
  /* Results and alignments: repeated blank nodes of one shape. */
  const k = int(6);
  for (let i = 0; i < k; i++) {
    const r = bn(L(10 + i));
    q.push([subj, iri(OB + 'result'), r]);
    q.push([r, iri(RDF + 'type'), iri(OB + 'Result')]);
    q.push([r, iri(OB + 'value'), { t: 'lit', v: chance(0.5) ? 'A' : randText(3) }]);
  }
  for (let i = 0; i < int(4); i++) {
    const a = bn(L(20 + i));
    q.push([ach, iri(OB + 'alignment'), a]);
    q.push([a, iri(OB + 'targetName'), { t: 'lit', v: 'Skill' }]);
    q.push([a, iri(OB + 'targetUrl'), { t: 'lit', v: 'https://example.org/s/' + int(3), dt: XSD + 'anyURI' }]);
  }
  if (chance(0.3)) {
    const ev = bn(L(30));
    q.push([id, iri(CRED + 'evidence'), ev]);
    q.push([ev, iri(SCH + 'name'), { t: 'lit', v: randText(5) }]);
  }
  if (chance(0.3)) {
    /* A proof in its own graph, named by a blank node. */
    const g = bn(L(31));
    const pr = bn(L(32));
    q.push([id, iri('https://w3id.org/security#proof'), g]);
    q.push([pr, iri(RDF + 'type'), iri('https://w3id.org/security#DataIntegrityProof'), g]);
    q.push([pr, iri('http://purl.org/dc/terms/created'), dt('2024-05-21T10:00:00Z'), g]);
  }
  return q;
}

const SHAPES = { chain, star, cycles, randomGraph, graphs, literals, twins, credential };

function shuffle(a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function generate(count) {
  const names = Object.keys(SHAPES);
  const out = [];
  for (let i = 0; i < count; i++) {
    const name = names[i % names.length];
    const q = SHAPES[name](labeler());
    /* Sometimes two shapes in one dataset, sometimes a repeated quad. */
    if (chance(0.15)) q.push(...SHAPES[pick(names)]((k) => 'm' + k));
    if (chance(0.1)) q.push(q[int(q.length)]);
    out.push({ name, sha384: i % 10 === 9, text: nquads(shuffle(q)) });
  }
  return out;
}

/* ---- running both ------------------------------------------------------------ */

function runTool(datasets, extraArgs) {
  const input = datasets.map((d) => d.text + MARKER).join('');
  const r = spawnSync(TOOL, extraArgs, { input, maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, `canontool failed: ${r.stderr}`);
  const parts = r.stdout.toString('utf8').split(MARKER);
  assert.equal(parts.length, datasets.length + 1, 'one answer per dataset');
  return parts.slice(0, datasets.length);
}

async function compare(datasets, algo) {
  const ours = runTool(datasets, algo === 'sha384' ? ['--sha384'] : []);
  const bad = [];
  for (let i = 0; i < datasets.length; i++) {
    const want = await canonize.canonize(datasets[i].text, {
      algorithm: 'RDFC-1.0',
      inputFormat: 'application/n-quads',
      messageDigestAlgorithm: algo,
      maxWorkFactor: Infinity,
    });
    if (ours[i] !== want) bad.push({ i, shape: datasets[i].name, input: datasets[i].text, want, got: ours[i] });
  }
  return bad;
}

function report(bad) {
  return bad
    .slice(0, 3)
    .map((b) => `dataset ${b.i} (${b.shape})\n--- input\n${b.input}--- rdf-canonize\n${b.want}--- blason\n${b.got}`)
    .join('\n');
}

const toolThere = fs.existsSync(TOOL);

test('canontool is built', () => {
  assert.ok(
    toolThere,
    `${TOOL} not found: build it with \`make build/tools/canontool\` (or set CANONTOOL)`,
  );
});

test(`${COUNT} generated datasets: Blason equals rdf-canonize (RDFC-1.0, SHA-256 and SHA-384)`, { skip: !toolThere }, async (t) => {
  rand = mulberry32(SEED);
  const all = generate(COUNT);
  const by256 = all.filter((d) => !d.sha384);
  const by384 = all.filter((d) => d.sha384);
  const bad = [...(await compare(by256, 'sha256')), ...(await compare(by384, 'sha384'))];
  const shapes = {};
  for (const d of all) shapes[d.name] = (shapes[d.name] || 0) + 1;
  const withBnodes = all.filter((d) => d.text.includes('_:')).length;
  t.diagnostic(`datasets: ${all.length} (${by384.length} with SHA-384), ${withBnodes} with blank nodes; shapes ${JSON.stringify(shapes)}`);
  assert.ok(all.length >= 1000);
  assert.equal(bad.length, 0, `${bad.length} of ${all.length} differ:\n${report(bad)}`);
});

test('the W3C suite inputs: Blason equals rdf-canonize', { skip: !toolThere }, async (t) => {
  const dir = path.resolve(repoRoot, process.env.FIXTURES || '../shared/fixtures', 'rdf-canon', 'tests', 'rdfc10');
  if (!fs.existsSync(dir)) {
    t.skip(`${dir} not found`);
    return;
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('-in.nq') && f !== 'test074-in.nq' && f !== 'test075-in.nq');
  const datasets = files.map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
  const bad = await compare(datasets, 'sha256');
  assert.equal(bad.length, 0, `${bad.length} differ:\n${report(bad)}`);
});
