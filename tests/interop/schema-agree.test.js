'use strict';
/*
 * Does `blason verify --offline --json` agree with 1EdTech's JSON Schemas
 * (AchievementCredential / EndorsementCredential, draft 2019-09, checked by
 * ajv's Ajv2019 + ajv-formats as in schemas.test.js)?  Blason has no JSON
 * Schema engine: ob3.c's validators must impose the same constraints.
 *
 * Documents: every OB 3.0 JSON fixture in fixtures/ob30, plus mutations of
 * three valid credentials (simple.json, complete.json, endorsement-valid.json):
 * for every member at every depth, drop it, give it a value of each wrong
 * JSON type, an empty array, a bad date or a bad enum value.  ajv is the
 * oracle; the rule is:
 *   ajv rejects -> blason reports a structure error (check id structure.*,
 *                  status error);
 *   ajv accepts -> blason reports no structure error.
 * The proof no longer matches a mutated document; that is not looked at
 * (only structure.* checks are compared).
 *
 * Deliberate differences (each one is asserted, so it cannot grow silently):
 *  D1 JSON-LD single values.  The schema wants arrays for `type`, `proof`,
 *     `evidence`... and single objects for `credentialStatus` /
 *     `refreshService`; in JSON-LD a single value and a one-element array
 *     are the same thing, the spec digest (§12.6) says readers must accept
 *     both, and 1EdTech's own fixtures (single `proof`, VCDM 1.1 single
 *     `type`) are VALID upstream.  The document is normalised (wrapped or
 *     unwrapped where ajv complains about exactly that) before ajv judges it.
 *  D2 VCDM 1.1 credentials (@context VC 1.1, issuanceDate): the schemas are
 *     VCDM 2.0 only; 1EdTech checks 1.1 against its AnyAchievementCredential
 *     schema and expects a warning.  ajv judges the 2.0 rewrite (context and
 *     date names); blason must also give the structure.outdated warning.
 *  D3 Rules the schema cannot express but the data model states as MUST:
 *     an AchievementSubject needs an id or an identifier, a Criteria an id or
 *     a narrative, validUntil not before validFrom, a hashed identityHash
 *     is alg$hex, URI members are URIs (the schema types them as plain
 *     strings).  Blason may report these where ajv accepts; only these
 *     paths/codes are allowed (see D3_ALLOWED).
 *
 * Run from the repository root: node --test --test-reporter=tap tests/interop/
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const Ajv2019 = require('ajv/dist/2019');
const addFormats = require('ajv-formats');

const sources = require('./lib/sources');

const repoRoot = sources.repoRoot;
const FIXTURES = sources.fixturesDir();
const BLASON = process.env.BLASON
  ? path.resolve(process.cwd(), process.env.BLASON)
  : path.join(repoRoot, 'build', 'blason');
const NOW = '2026-11-28T10:00:00Z';
const VC1 = 'https://www.w3.org/2018/credentials/v1';
const VC2 = 'https://www.w3.org/ns/credentials/v2';

const haveFixtures = fs.existsSync(path.join(FIXTURES, 'schemas', 'ob30')) &&
  fs.existsSync(path.join(FIXTURES, 'ob30'));
const skip = haveFixtures ? false : `fixtures not found at ${FIXTURES}`;

// D3: [path regexp, blason structure code] pairs blason may add where ajv accepts.
const D3_ALLOWED = [
  [/(^|\.)credentialSubject\.id$/, 'structure.missing'], // id or identifier
  [/criteria$/, 'structure.missing'], // id or narrative
  [/(^|\.)(validUntil|expirationDate)$/, 'structure.value'], // before validFrom
  [/identityHash$/, 'structure.format'], // hashed: alg$hex
  [/(^|\.)(id|url|targetUrl|achievedLevel|resultDescription|requiredLevel|issuer|statusListCredential)$/,
    'structure.format'], // URI syntax
];

function readJson(p) {
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

let ajvs;
function validators() {
  if (ajvs) return ajvs;
  const ajv = new Ajv2019({ strict: true, strictTuples: false, allErrors: true });
  addFormats(ajv);
  const dir = path.join(FIXTURES, 'schemas', 'ob30');
  ajvs = {
    achievement: ajv.compile(readJson(path.join(dir, 'achievementcredential.json'))),
    endorsement: ajv.compile(readJson(path.join(dir, 'endorsementcredential.json'))),
  };
  return ajvs;
}

function isEndorsement(doc) {
  const t = doc && doc.type;
  return t === 'EndorsementCredential' ||
    (Array.isArray(t) && t.includes('EndorsementCredential'));
}

function pointerParts(ptr) {
  return ptr === '' ? [] : ptr.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

// D1: wrap single values where ajv wants an array, unwrap one-element
// arrays where it wants one object/string (type, credentialStatus,
// refreshService).  Returns the normalised copy.
function normalise(doc, validate) {
  const d = structuredClone(doc);
  for (let round = 0; round < 32; round++) {
    if (validate(d)) return d;
    let changed = false;
    for (const e of validate.errors) {
      if (e.keyword !== 'type') continue;
      const parts = pointerParts(e.instancePath);
      if (parts.length === 0) continue;
      let parent = d;
      for (const p of parts.slice(0, -1)) parent = parent[p];
      const key = parts[parts.length - 1];
      const v = parent[key];
      if (e.params.type === 'array' && !Array.isArray(v) && key !== '@context') {
        parent[key] = [v];
        changed = true;
      } else if ((e.params.type === 'string' || e.params.type === 'object') &&
        Array.isArray(v) && v.length === 1 &&
        ['type', 'credentialStatus', 'refreshService'].includes(key) &&
        (e.params.type === 'string' ? typeof v[0] === 'string' : typeof v[0] === 'object')) {
        parent[key] = v[0];
        changed = true;
      }
    }
    if (!changed) return d;
  }
  return d;
}

// D2: the VCDM 2.0 form of a VCDM 1.1 credential, for ajv.
function vcdm2(doc) {
  if (!doc || !Array.isArray(doc['@context']) || doc['@context'][0] !== VC1) return doc;
  const d = structuredClone(doc);
  d['@context'][0] = VC2;
  if ('issuanceDate' in d) { d.validFrom = d.issuanceDate; delete d.issuanceDate; }
  if ('expirationDate' in d) { d.validUntil = d.expirationDate; delete d.expirationDate; }
  return d;
}

// ajv's judgement: { ok, raw, errors }.
function ajvJudge(doc) {
  const v = isEndorsement(doc) ? validators().endorsement : validators().achievement;
  const d2 = vcdm2(doc);
  const raw = v(d2);
  if (raw) return { ok: true, raw: true, errors: [] };
  const n = normalise(d2, v);
  const ok = v(n);
  return { ok, raw: false, errors: ok ? [] : v.errors.map((e) => `${e.instancePath} ${e.message}`) };
}

function runBlason(doc) {
  return new Promise((resolve, reject) => {
    const p = spawn(BLASON, ['verify', '--offline', '--json', '--lang', 'en', '--now', NOW, '-']);
    const out = [];
    const err = [];
    p.stdout.on('data', (b) => out.push(b));
    p.stderr.on('data', (b) => err.push(b));
    p.on('error', reject);
    p.on('close', (code) => {
      try {
        resolve({ code, rep: JSON.parse(Buffer.concat(out).toString('utf8')) });
      } catch (e) {
        reject(new Error(`blason exit ${code}: ${Buffer.concat(err)}`));
      }
    });
    p.stdin.end(JSON.stringify(doc));
  });
}

async function pool(items, n, fn) {
  const res = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      res[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: n }, worker));
  return res;
}

const DATE_KEYS = new Set(['validFrom', 'validUntil', 'awardedDate', 'issuanceDate',
  'expirationDate', 'activityStartDate', 'activityEndDate', 'created', 'dateOfBirth']);
const ENUM_KEYS = new Set(['achievementType', 'identityType', 'identifierType', 'resultType',
  'status', 'targetType']);

// Every mutation of doc: [label, mutated document].
function mutations(doc) {
  const out = [];
  function at(pathArr, f) {
    const d = structuredClone(doc);
    let parent = d;
    for (const p of pathArr.slice(0, -1)) parent = parent[p];
    f(parent, pathArr[pathArr.length - 1]);
    return d;
  }
  function walk(node, pathArr) {
    if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, pathArr.concat(i)));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    // Image, IdentityObject and IdentifierEntry are closed (additionalProperties: false).
    out.push([`${pathArr.join('.')}: extra member`, at(pathArr.concat('xExtra'), (o, key) => { o[key] = 'x'; })]);
    for (const [k, v] of Object.entries(node)) {
      const p = pathArr.concat(k);
      const label = p.join('.');
      // The proof's own inner values only matter for the shape: keep them few.
      const set = (what, val) => out.push([`${label}: ${what}`, at(p, (o, key) => { o[key] = val; })]);
      out.push([`${label}: dropped`, at(p, (o, key) => { delete o[key]; })]);
      if (typeof v === 'string') {
        set('number', 42);
        if (DATE_KEYS.has(k)) {
          set('bad date', '2024-13-45T10:00:00Z');
          set('date without time', '2024-01-15');
          if (k !== 'dateOfBirth') set('no timezone', '2024-01-15T10:00:00');
        }
        if (ENUM_KEYS.has(k)) set('bad enum', 'NotAnEnumValue');
        if (k === 'inLanguage') set('bad language', 'English');
        if (k === 'type' && p.length > 1) set('other type', 'SomethingElse');
      } else if (Array.isArray(v)) {
        set('empty array', []);
        set('number', 42);
        if (v.length > 0 && typeof v[0] === 'string') set('array of number', [7]);
        if (k === 'type') set('other type', ['SomethingElse']);
      } else if (typeof v === 'object' && v !== null) {
        set('number', 42);
        set('array', []);
      } else if (typeof v === 'boolean') {
        set('string', 'true');
      } else if (typeof v === 'number') {
        set('string', '12');
      }
      walk(v, p);
    }
  }
  walk(doc, []);
  return out;
}

function structureProblems(rep) {
  return rep.checks.filter((c) => c.id.startsWith('structure.') && c.status === 'error');
}

// The path blason names in the message: "Required field X is missing." etc.
function blasonPath(check) {
  const m = /field (\S+?) (is|has)/.exec(check.message) ||
    /\(([^)]*)\) is missing or wrong/.exec(check.message);
  return m ? m[1] : '';
}

function d3Only(problems) {
  return problems.every((c) => D3_ALLOWED.some(([re, id]) => c.id === id && re.test(blasonPath(c))));
}

async function judgeAll(cases) {
  const results = await pool(cases, 4, async ([label, doc]) => {
    const aj = ajvJudge(doc);
    const { rep } = await runBlason(doc);
    const sp = structureProblems(rep);
    const v11 = Array.isArray(doc['@context']) && doc['@context'][0] === VC1;
    let verdict;
    if (!aj.ok) verdict = sp.length > 0 ? 'agree-reject' : 'MISSED';
    else if (sp.length === 0) verdict = aj.raw ? 'agree-accept' : 'D1-accept';
    else verdict = d3Only(sp) ? 'D3' : 'EXTRA';
    if (v11 && !rep.checks.some((c) => c.id === 'structure.outdated')) verdict = 'D2-NO-WARNING';
    return { label, verdict, ajv: aj.errors.slice(0, 3), blason: sp.map((c) => `${c.id} ${blasonPath(c)}: ${c.detail}`).slice(0, 3) };
  });
  return results;
}

function summary(results) {
  const count = {};
  for (const r of results) count[r.verdict] = (count[r.verdict] || 0) + 1;
  return count;
}

function assertAgree(results) {
  const bad = results.filter((r) => ['MISSED', 'EXTRA', 'D2-NO-WARNING'].includes(r.verdict));
  assert.equal(bad.length, 0, `${bad.length} disagreements of ${results.length}:\n` +
    bad.slice(0, 40).map((r) => `${r.verdict} ${r.label}\n   ajv: ${r.ajv.join('; ')}\n   blason: ${r.blason.join('; ')}`).join('\n'));
}

test('ajv rejects the known-bad fixtures (the oracle works)', { skip }, () => {
  const bad = ajvJudge(readJson(path.join(FIXTURES, 'ob30', 'simple-err-issuer.json')));
  assert.equal(bad.ok, false);
  const good = ajvJudge(readJson(path.join(FIXTURES, 'ob30', 'simple.json')));
  assert.equal(good.ok, true);
});

test('every OB 3.0 JSON fixture: blason and the schema agree', { skip }, async (t) => {
  const dir = path.join(FIXTURES, 'ob30');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'))
    .concat(['simple.1ob', 'bit-string-list/credential-status-revoked.json',
      'bit-string-list/credential-status-revoked-blank-nodes.json', 'sd/derivedcredential.json']);
  const cases = files.map((f) => [f, readJson(path.join(dir, f))]);
  const results = await judgeAll(cases);
  t.diagnostic(`fixtures: ${JSON.stringify(summary(results))}`);
  assertAgree(results);
  // complete.json: upstream INVALID only because its credentialSchema cannot
  // be fetched (MANIFEST); its content conforms, for ajv and for blason.
  const complete = results.find((r) => r.label === 'complete.json');
  assert.equal(complete.verdict, 'agree-accept');
  // simple-err-issuer.json: the schema's failure (no issuer) must be ours too.
  assert.equal(results.find((r) => r.label === 'simple-err-issuer.json').verdict, 'agree-reject');
});

for (const base of ['simple.json', 'complete.json', 'endorsement-valid.json']) {
  test(`mutations of ${base}: blason and the schema agree`, { skip }, async (t) => {
    const doc = readJson(path.join(FIXTURES, 'ob30', base));
    const cases = mutations(doc);
    assert.ok(cases.length >= 100 || base !== 'complete.json', `only ${cases.length} mutations`);
    const results = await judgeAll(cases);
    const s = summary(results);
    t.diagnostic(`${base}: ${cases.length} mutations: ${JSON.stringify(s)}`);
    if (process.env.SCHEMA_AGREE_DUMP) {
      fs.writeFileSync(`${process.env.SCHEMA_AGREE_DUMP}.${base}`, JSON.stringify(results, null, 1));
    }
    // Both directions are exercised: a mutation set that ajv always rejects
    // or always accepts would prove nothing.
    assert.ok((s['agree-reject'] || 0) > 0 && (s['agree-accept'] || 0) + (s['D1-accept'] || 0) > 0);
    assertAgree(results);
  });
}
