'use strict';
/*
 * Crash safety of issuing (issue 6): a bulk award through the JSON API,
 * `blason serve` killed with SIGKILL part-way while requests are in flight,
 * then restarted on the same database.
 *   - every award whose request got a 2xx reply is there, with its public
 *     documents;
 *   - no award is half-written: every award the API lists has its hosted
 *     assertion, assertion.jws, credential and credential.jwt; every JWS and
 *     VC-JWT verifies with jose against the served JWKS, a sample of Data
 *     Integrity proofs with @digitalbazaar/vc, a sample of hosted URLs and
 *     baked PNG/SVG with `blason verify`;
 *   - the import resumed with the same Idempotency-Keys issues each award at
 *     most once: as many awards as distinct keys;
 *   - SQLite: PRAGMA integrity_check says ok (sqlite3); on PostgreSQL
 *     (BLASON_TEST_DB, set by tests/store/run.sh) the same counts with psql.
 * 10,000 awards; 1,000 in the sanitizer build (about ten times slower), the
 * property does not depend on the count.
 * Run from the repository root: node --test tests/http/
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync, execFile } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const repoRoot = path.resolve(__dirname, '..', '..');
const BUILT = process.env.BLASON
  ? path.resolve(process.cwd(), process.env.BLASON)
  : path.join(repoRoot, 'build', 'blason');
let BLASON; // a copy: the server restarts with the very binary that was killed
const SANITIZED = Boolean(process.env.SANITIZE) || /(^|\/)san$/.test(process.env.BUILD || '');
// BLASON_CRASH_N: another count, for a quick run by hand.
const N_TOTAL = Number(process.env.BLASON_CRASH_N) || (SANITIZED ? 1000 : 10000);
const CLIENTS = 8;
const PG = process.env.BLASON_TEST_DB && process.env.BLASON_TEST_DB.startsWith('postgres')
  ? process.env.BLASON_TEST_DB : null;
const SAMPLE_DI = 100, SAMPLE_HOSTED = 50, SAMPLE_BAKED = 20, SAMPLE_REPLAY = 50;

let tmp, base, port, site, dbFile, server, serverLog = '', token, badges;
const slug = 'crash';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

function blason(args, input) {
  const r = spawnSync(BLASON, [...args, ...site], { encoding: 'utf8', input });
  assert.equal(r.status, 0, `blason ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

// A 2x2 RGB PNG made here, so the PNG path does not depend on our own encoder.
function tinyPng() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0); ihdr.writeUInt32BE(2, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.from([0, 255, 0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function startServer() {
  serverLog = '';
  server = spawn(BLASON, ['serve', '--listen', `127.0.0.1:${port}`, '--access-log', 'off', ...site],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  server.stderr.on('data', (d) => { serverLog += d; });
  server.exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not start: ${serverLog}`);
}

// Run fn over items with `width` of them at a time.
async function pool(items, width, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) { const i = next++; await fn(items[i], i); }
  }));
}

function sample(arr, n) {
  const a = [...arr];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n);
}

function awardBody(n) {
  return JSON.stringify({ email: `p${n}@example.org`, name: `Personne ${n}` });
}

function badgeOf(n) { return badges[n % 2]; }

// One award request; a 503 (a write conflict the server gave up retrying)
// issued nothing, so the client sends the same key again, as an import would.
let retried503 = 0;
async function postAward(n) {
  for (let attempt = 1; ; attempt++) {
    const r = await fetch(`${base}/api/v1/badges/${badgeOf(n).uid}/awards`, {
      method: 'POST', body: awardBody(n),
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`,
        'Idempotency-Key': `bulk-${n}` } });
    const text = await r.text();
    if (r.status !== 503 || attempt === 20) return { status: r.status, text };
    retried503++;
    await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
  }
}

async function listAwards() {
  const all = [];
  for (let offset = 0; ; offset += 500) {
    const r = await fetch(`${base}/api/v1/orgs/${slug}/awards?limit=500&offset=${offset}`,
      { headers: { Authorization: `Bearer ${token}` } });
    const text = await r.text();
    assert.equal(r.status, 200, `list at ${offset}: ${text}`);
    const { items } = JSON.parse(text);
    all.push(...items);
    if (items.length < 500) return all;
  }
}

function sql(query) {
  const r = PG
    ? spawnSync('psql', [PG, '-X', '-A', '-t', '-q', '-c', query], { encoding: 'utf8' })
    : spawnSync('sqlite3', [dbFile, query], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${PG ? 'psql' : 'sqlite3'} ${query}: ${r.stderr}`);
  return r.stdout.trim();
}

function blasonVerify(target, recipient) {
  return new Promise((resolve) => {
    execFile(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network',
      '--recipient', recipient, target], { encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ status: err ? err.code : 0, stdout, stderr });
    });
  });
}

test.before(async () => {
  assert.ok(fs.existsSync(BUILT), `${BUILT} is missing: run make first`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-crash-'));
  BLASON = path.join(tmp, 'blason');
  fs.copyFileSync(BUILT, BLASON);
  fs.chmodSync(BLASON, 0o755);
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dbFile = path.join(tmp, 'blason.db');
  site = ['--db', PG || `sqlite:${dbFile}`, '--data', tmp, '--base-url', base];
  blason(['org', 'add', '--slug', slug, '--name', 'Import massif', '--url', 'https://example.org',
    '--email', 'contact@example.org']);
  blason(['user', 'add', '--email', 'issuer@example.org', '--name', 'issuer', '--org', slug,
    '--role', 'issuer', '--password-file', '-'], 'un mot de passe assez long\n');
  token = blason(['user', 'token', '--email', 'issuer@example.org', '--org', slug, '--name', 'bulk']);
  fs.writeFileSync(path.join(tmp, 'badge.png'), tinyPng());
  badges = [['svg', path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg')],
    ['png', path.join(tmp, 'badge.png')]].map(([kind, image]) => ({ kind,
    uid: blason(['badge', 'add', '--org', slug, '--name', `Import ${kind}`, '--description',
      'Issued in bulk', '--criteria', 'Be there.', '--image', image]).split('/').pop() }));
  await startServer();
});

test.after(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    await server.exited;
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('SIGKILL during a bulk award: nothing acknowledged is lost, nothing is half-written', { timeout: 20 * 60 * 1000 }, async (t) => {
  const t0 = Date.now();
  const jose = await import('jose');
  if (SANITIZED) t.diagnostic(`sanitizer build: ${N_TOTAL} awards instead of 10000 (about ten times slower; the property does not depend on the count)`);

  // 1. The bulk award, killed at a random point between 30% and 70%.
  const killAt = Math.floor(N_TOTAL * (0.3 + 0.4 * Math.random()));
  const acked = new Map(); // key -> { uid, n }
  const lost = new Set(); // n of the requests sent without a 2xx reply
  const refused = []; // non-2xx replies: a test failure
  let sent = 0, killed = false;
  const tIssue = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (!killed && sent < N_TOTAL) {
      const n = sent++;
      if (n === killAt) {
        // The other clients' requests are in flight now.
        killed = true;
        server.kill('SIGKILL');
      }
      try {
        const { status, text } = await postAward(n);
        if (status === 201) acked.set(`bulk-${n}`, { uid: JSON.parse(text).uid, n });
        else refused.push(`${n}: ${status} ${text}`);
      } catch {
        lost.add(n);
      }
    }
  }));
  const issueSecs = (Date.now() - tIssue) / 1000;
  const exit = await server.exited;
  assert.equal(exit.signal, 'SIGKILL', `the server ended by itself before the kill: ${JSON.stringify(exit)} ${serverLog}`);
  const ackedBefore = acked.size;
  const retriedBefore = retried503;
  const rate = ackedBefore / issueSecs;
  const notSent = N_TOTAL - sent;
  t.diagnostic(`killed at request ${killAt} of ${N_TOTAL}: ${ackedBefore} acknowledged in ${issueSecs.toFixed(1)} s (${rate.toFixed(0)} awards/s, ${CLIENTS} clients), ${lost.size} in flight without a reply, ${notSent} not sent yet`);
  if (retriedBefore) t.diagnostic(`${retriedBefore} replies 503 (write conflict given up by the server) before the kill, each sent again`);
  assert.deepEqual(refused.slice(0, 20), [], `${refused.length} requests before the kill neither issued nor lost`);
  assert.ok(ackedBefore > 0);

  if (!PG) {
    // The file as the kill left it, before the server recovers it.
    assert.equal(sql('PRAGMA integrity_check'), 'ok', 'integrity right after the kill');
  }

  // 2. Restart on the same database.
  const tRestart = Date.now();
  await startServer();

  // Every acknowledged award is there, with its documents.
  const missing = [];
  await pool([...acked], CLIENTS, async ([key, { uid }]) => {
    const r = await fetch(`${base}/api/v1/awards/${uid}`, { headers: { Authorization: `Bearer ${token}` } });
    if (r.status !== 200) missing.push(`${key} ${uid}: ${r.status}`);
    await r.arrayBuffer();
  });
  assert.deepEqual(missing, [], 'acknowledged awards missing after the restart');

  // Nothing half-written: every listed award has its four documents, and each verifies.
  const listed = await listAwards();
  const jwks = await (await fetch(`${base}/o/${slug}/jwks.json`)).json();
  const keySet = jose.createLocalJWKSet(jwks);
  const kids = new Set(jwks.keys.map((k) => k.kid));
  const half = [];
  const credentials = new Map();
  await pool(listed, CLIENTS, async (a) => {
    const bad = (what) => half.push(`${a.uid}: ${what}`);
    try {
      const [hosted, jws, cred, jwt] = await Promise.all([
        fetch(`${base}/awards/${a.uid}`, { headers: { Accept: 'application/ld+json' } }),
        fetch(`${base}/awards/${a.uid}/assertion.jws`),
        fetch(`${base}/awards/${a.uid}/credential`),
        fetch(`${base}/awards/${a.uid}/credential.jwt`)]);
      const bodies = await Promise.all([hosted.text(), jws.text(), cred.text(), jwt.text()]);
      const statuses = [hosted.status, jws.status, cred.status, jwt.status];
      if (statuses.some((s) => s !== 200)) return bad(`statuses ${statuses.join(' ')}`);
      const assertion = JSON.parse(bodies[0]);
      if (assertion.id !== `${base}/awards/${a.uid}`) bad(`hosted id ${assertion.id}`);
      const { payload: ob2 } = await jose.compactVerify(bodies[1].trim(), keySet);
      const signed = JSON.parse(Buffer.from(ob2).toString('utf8'));
      // The signed assertion has an urn:uuid id of its own; same badge, same recipient.
      if (signed.badge !== assertion.badge || signed.recipient.identity !== assertion.recipient.identity) {
        bad(`JWS ${JSON.stringify(signed)} is not the hosted ${JSON.stringify(assertion)}`);
      }
      if (!kids.has(signed.verification && signed.verification.creator)) bad('JWS creator not served');
      const credential = JSON.parse(bodies[2]);
      if (!credential.proof) bad('credential without proof');
      const { payload } = await jose.jwtVerify(bodies[3].trim(), keySet);
      if (payload.iss !== `${base}/o/${slug}`) bad(`VC-JWT iss ${payload.iss}`);
      if (payload.jti !== credential.id) bad(`VC-JWT jti ${payload.jti} is not ${credential.id}`);
      credentials.set(a.uid, credential);
    } catch (e) {
      bad(`${e.code || ''} ${e.message}`);
    }
  });
  assert.deepEqual(half.slice(0, 20), [], `${half.length} awards half-written or not verifying`);
  const foundAfter = listed.length;
  assert.ok(foundAfter >= ackedBefore && foundAfter <= ackedBefore + lost.size,
    `${foundAfter} awards after the restart, ${ackedBefore} acknowledged, ${lost.size} lost`);

  // Data Integrity proofs, a sample, with @digitalbazaar/vc.
  const vc = await import('@digitalbazaar/vc');
  const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
  const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const ctx = new Map();
  for (const line of fs.readFileSync(path.join(repoRoot, 'data', 'contexts.list'), 'utf8').split('\n')) {
    const [url, source, , format] = line.trim().split(/\s+/);
    if (!url || url.startsWith('#') || !source.startsWith('npm:')) continue;
    const file = path.join(repoRoot, 'node_modules', source.slice(4));
    const doc = format === 'js' ? require(file) : JSON.parse(fs.readFileSync(file, 'utf8'));
    ctx.set(url, doc.default || doc);
  }
  const fetchedDocs = new Map();
  const documentLoader = async (url) => {
    if (ctx.has(url)) return { contextUrl: null, documentUrl: url, document: ctx.get(url) };
    assert.ok(url.startsWith(base), `only the server's documents are fetched, not ${url}`);
    if (!fetchedDocs.has(url)) {
      const doc = await (await fetch(url, { headers: { Accept: 'application/ld+json' } })).json();
      // The issuer profile as a controller document (its OB 2.0 context does not define it).
      fetchedDocs.set(url, url !== `${base}/o/${slug}` ? doc : {
        '@context': ['https://w3id.org/security/multikey/v1', { assertionMethod:
          { '@id': 'https://w3id.org/security#assertionMethod', '@type': '@id', '@container': '@set' } }],
        id: doc.id, assertionMethod: doc.assertionMethod });
    }
    return { contextUrl: null, documentUrl: url, document: fetchedDocs.get(url) };
  };
  const suite = new DataIntegrityProof({ cryptosuite });
  for (const uid of sample([...credentials.keys()], SAMPLE_DI)) {
    const r = await vc.verifyCredential({ credential: credentials.get(uid), suite, documentLoader,
      checkStatus: async () => ({ verified: true }) });
    assert.ok(r.verified, `${uid}: ${JSON.stringify(r.error || r.results)}`);
  }

  // blason verify online: hosted URLs and baked images.
  const byUid = new Map([...acked.values()].map((v) => [v.uid, v.n]));
  const ackedUids = [...byUid.keys()];
  const verifyTargets = sample(ackedUids, SAMPLE_HOSTED).map((uid) => ({ uid, target: `${base}/awards/${uid}` }));
  for (const uid of sample(ackedUids, SAMPLE_BAKED)) {
    const kind = badgeOf(byUid.get(uid)).kind;
    const file = path.join(tmp, `${uid}.${kind}`);
    const r = await fetch(`${base}/awards/${uid}/badge.${kind}`);
    assert.equal(r.status, 200, `${uid} badge.${kind}`);
    fs.writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    verifyTargets.push({ uid, target: file });
  }
  const verifyFailures = [];
  await pool(verifyTargets, 2, async ({ uid, target }) => {
    const r = await blasonVerify(target, `p${byUid.get(uid)}@example.org`);
    if (r.status !== 0) verifyFailures.push(`${target}: ${r.status} ${r.stdout} ${r.stderr}`);
  });
  assert.deepEqual(verifyFailures, [], 'blason verify');

  const checkSecs = (Date.now() - tRestart) / 1000;

  // 3. The import resumes: every unacknowledged key re-sent, acknowledged ones replayed.
  const tResend = Date.now();
  const resend = [];
  for (let n = 0; n < N_TOTAL; n++) if (!acked.has(`bulk-${n}`)) resend.push(n);
  let committedUnacked = 0;
  const resendErrors = [];
  await pool(resend, CLIENTS, async (n) => {
    let status, text;
    try {
      ({ status, text } = await postAward(n));
    } catch (e) {
      resendErrors.push(`${n}: ${e.message} ${e.cause && e.cause.code} (server ${server.exitCode} ${server.signalCode})`);
      return;
    }
    if (status === 200 && lost.has(n)) committedUnacked++;
    if (status === 201 || (status === 200 && lost.has(n))) {
      acked.set(`bulk-${n}`, { uid: JSON.parse(text).uid, n });
    } else {
      resendErrors.push(`${n}: ${status} ${text}`);
    }
  });
  assert.deepEqual(resendErrors.slice(0, 20), [], `${resendErrors.length} re-sent after the restart failed; server log: ${serverLog.slice(-2000)}`);
  const replayErrors = [];
  await pool(sample([...acked].filter(([, v]) => v.n < killAt), SAMPLE_REPLAY), CLIENTS, async ([key, v]) => {
    const { status, text } = await postAward(v.n);
    const uid = status === 200 ? JSON.parse(text).uid : text;
    if (uid !== v.uid) replayErrors.push(`${key}: ${status} ${uid} not ${v.uid}`);
  });
  assert.deepEqual(replayErrors, [], 'an acknowledged key replayed gives back the same award');

  const resendSecs = (Date.now() - tResend) / 1000;
  const retriedAfter = retried503;
  const final = await listAwards();
  const distinctUids = new Set(final.map((a) => a.uid));
  assert.equal(acked.size, N_TOTAL);
  assert.equal(final.length, N_TOTAL, 'as many awards as distinct keys');
  assert.equal(distinctUids.size, N_TOTAL);
  for (const { uid } of acked.values()) assert.ok(distinctUids.has(uid), `${uid} listed`);

  // The database itself: one award per key, status indexes unique.
  const counts = sql('SELECT count(*), count(DISTINCT idem_key), count(DISTINCT status_index), '
    + 'min(status_index), max(status_index) FROM awards').split('|').map(Number);
  assert.deepEqual(counts.slice(0, 3), [N_TOTAL, N_TOTAL, N_TOTAL], `count, keys, status indexes: ${counts}`);
  server.kill('SIGTERM');
  const end = await server.exited;
  assert.equal(end.code, 0, `server exit after SIGTERM ${JSON.stringify(end)}: ${serverLog.slice(-2000)}`);
  if (!PG) assert.equal(sql('PRAGMA integrity_check'), 'ok', 'integrity after the restart test');

  t.diagnostic(`${PG ? 'PostgreSQL' : 'SQLite'}: ${ackedBefore} acknowledged before the kill, ${lost.size} lost in flight `
    + `(${committedUnacked} of them committed, found by their key), ${foundAfter} found after the restart, `
    + `all ${foundAfter} with four documents verifying (JWS and VC-JWT all, Data Integrity ${Math.min(SAMPLE_DI, foundAfter)}, `
    + `blason verify ${verifyTargets.length}); ${resend.length} re-sent, ${final.length} awards for ${N_TOTAL} keys, `
    + `status indexes ${counts[3]}..${counts[4]}; integrity ${PG ? 'counts' : 'ok'}; ${((Date.now() - t0) / 1000).toFixed(1)} s `
    + `(issue ${issueSecs.toFixed(0)} s, restart and checks ${checkSecs.toFixed(0)} s, re-send ${resendSecs.toFixed(0)} s at ${(resend.length / resendSecs).toFixed(0)} awards/s); `
    + `503 replies sent again: ${retriedBefore} before the kill, ${retriedAfter - retriedBefore} after`);
});
