'use strict';
/*
 * Load test of the claim flow on 127.0.0.1 (issue 8): 500 young people
 * claim the participation badge of one event from the poster's QR code,
 * 20 at a time, each from their own "phone" (no cookie shared), each with
 * an email.  Must hold: done within 60 s, zero errors, zero duplicates (500
 * claims, 500 distinct awards, 500 distinct personal codes; a second round
 * by the same phones issues nothing new), and the badges verify: a sample
 * of 50 with `blason verify` (CLAIMS_VERIFY_ALL=1: all of them).  Prints
 * the measured claims per second.
 * Run from the repository root: node --test tests/http/claims-load.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const path = require('node:path');
const { Site, BLASON, repoRoot } = require('../lib/server');
const { MASTER, PASSWORD, signIn, get, createEvent, claim } = require('../lib/events');

const N = Number(process.env.CLAIMS_N || 500);
const CONCURRENCY = 20;
const BUDGET_MS = 60000;
let S;

test.before(async () => {
  process.env.BLASON_MASTER_KEY = MASTER;
  process.env.BLASON_CLAIM_LIMIT = '100000'; // one address for everyone here
  S = await new Site().start({ config: 'threads = 4\n' });
  S.cli(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale', '--url', 'https://example.org', '--email', 'c@example.org']);
  S.cli(['user', 'add', '--email', 'issuer@example.org', '--name', 'Issuer', '--org', 'ml', '--role', 'issuer',
    '--password-file', '-'], `${PASSWORD}\n`);
  const img = path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg');
  S.cli(['badge', 'add', '--org', 'ml', '--name', 'Salon Paris pour l’Emploi des Jeunes', '--description', 'd',
    '--criteria', 'c', '--image', img]);
  await S.serve();
});

test.after(async () => {
  delete process.env.BLASON_CLAIM_LIMIT;
  delete process.env.BLASON_MASTER_KEY;
  if (S) await S.stop();
});

async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

function verify(url) {
  return new Promise((resolve) => {
    const p = spawn(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network', url]);
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.on('exit', (code) => resolve({ code, verdict: (() => { try { return JSON.parse(out).verdict; } catch { return out; } })() }));
  });
}

test(`${N} claims within 60 s, 20 at a time: no error, no duplicate, badges verify`, async () => {
  const s = await signIn(S.base, 'issuer@example.org', 'ml');
  const form = await (await get(s, '/espace/ml/evenements/nouveau')).text();
  const part = /<option value="([A-Za-z0-9_-]{22})">Salon/.exec(form)[1];
  const ev = await createEvent(s, 'ml', { name: 'Paris pour l’Emploi des Jeunes', participation: part });
  const poster = await (await get(s, `/espace/ml/evenements/${ev}/affiche`)).text();
  const url = /class="url">([^<]+)</.exec(poster)[1];

  const people = Array.from({ length: N }, (_, i) => ({ first_name: `Jeune ${i}`, email: `jeune${i}@example.org` }));
  const t0 = process.hrtime.bigint();
  const res = await pool(people, CONCURRENCY, (p) => claim(S.base, url, p));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rate = (N / (ms / 1000)).toFixed(1);
  console.log(`# claims ${N} in ${(ms / 1000).toFixed(2)} s: ${rate} claims/s (concurrency ${CONCURRENCY})`);

  const errors = res.filter((r) => r.status !== 303 || r.pageStatus !== 200 || !r.award || !r.code);
  assert.equal(errors.length, 0, JSON.stringify(errors.slice(0, 3)).slice(0, 2000));
  assert.ok(ms <= BUDGET_MS, `${N} claims took ${ms} ms`);
  assert.equal(new Set(res.map((r) => r.award)).size, N, 'one award per person');
  assert.equal(new Set(res.map((r) => r.code)).size, N, 'one personal code per person');

  // The same phones claim again (a double tap, a second scan): nothing new is issued.
  const again = await pool(res.slice(0, 50), CONCURRENCY, (r, i) => claim(S.base, url, people[i], r.cookie));
  again.forEach((a, i) => assert.equal(a.award, res[i].award));
  const detail = await (await get(s, `/espace/ml/evenements/${ev}`)).text();
  assert.match(detail, new RegExp(`<strong>${N}</strong> badge\\(s\\) de participation reçu\\(s\\)`));

  const all = process.env.CLAIMS_VERIFY_ALL === '1';
  const sample = all ? res : res.filter((_, i) => i % Math.ceil(N / 50) === 0).slice(0, 50);
  const v = await pool(sample, 2, (r) => verify(`${S.base}/awards/${r.award}`));
  const bad = v.filter((x) => x.verdict !== 'valid');
  assert.equal(bad.length, 0, JSON.stringify(bad.slice(0, 3)));
  console.log(`# verified ${sample.length} claimed badges with blason verify: all valid`);
});
