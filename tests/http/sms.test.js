'use strict';
/*
 * Text messages through an HTTP SMS gateway (sms_url, docs/internals/sms.md)
 * against a real `blason serve`: a small Node HTTP server on 127.0.0.1 plays
 * the gateway (it checks the bearer token and records every request); a
 * backpack sign-in code asked for a phone arrives there and opens the
 * backpack; a gateway answering 500 then 200 gets the message again and it
 * is delivered once; a 400 gives the message up, never tried again, with
 * the status kept.  Every text the gateway gets is GSM-7 (3GPP TS 23.038)
 * in one or two SMS: an answer to an application whose title holds « » ’ –
 * … and no-break spaces arrives fitted, even when the gateway answered 503
 * past the retry schedule and the former 30-minute horizon (the row is
 * back-dated in the database, the clock of this test); a sign-in code
 * whose validity ended while the gateway was down is never sent.  Also the
 * settings' checks at start: a token file others may read, an http://
 * gateway that is not loopback, a claim_limit of 0.
 * Run from the repository root: node --test tests/http/sms.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { BLASON, Site, freePort } = require('../lib/server');

const TOKEN = 'gw-test-token-7f3a9c';
const PASSWORD = 'un mot de passe assez long';
// The GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1) and its extension table (§6.2.1.1,
// two septets each: ESC + code); a text outside them goes as UCS-2, 70 characters an SMS.
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXT = '\f^{}\\[~]|€';
const notGsm = (text) => [...text].filter((c) => !GSM_BASIC.includes(c) && !GSM_EXT.includes(c));
// SMS a GSM-7 text takes: 160 septets alone, 153 per part of a longer one (TS 23.040).
function segments(text) {
  const septets = [...text].reduce((n, c) => n + (GSM_EXT.includes(c) ? 2 : 1), 0);
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}
function assertCheapSms(text) {
  assert.deepEqual(notGsm(text), [], `only GSM-7 characters in ${JSON.stringify(text)}`);
  const n = segments(text);
  assert.ok(n >= 1 && n <= 2, `${n} SMS for ${JSON.stringify(text)}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const site = new Site();
let gateway, gatewayUrl, oppUid;
// « » with no-break spaces, ’, the inclusive ·, – and …: each would make the SMS UCS-2.
const OPP_TITLE = 'Commis·e « cuisine » – l’été…';
const received = [];      // every request the gateway got: {auth, key, type, body}
const script = new Map(); // phone -> statuses to answer in turn (then 200)

function startGateway() {
  gateway = http.createServer((req, res) => {
    let data = '';
    req.on('data', (d) => { data += d; });
    req.on('end', () => {
      let body = null;
      try { body = JSON.parse(data); } catch { /* recorded as null */ }
      const got = { auth: req.headers.authorization, key: req.headers['idempotency-key'],
        type: req.headers['content-type'], method: req.method, path: req.url, body };
      received.push(got);
      let status = 200;
      if (req.headers.authorization !== `Bearer ${TOKEN}`) status = 401;
      else if (body && script.has(body.to) && script.get(body.to).length) status = script.get(body.to).shift();
      got.status = status;
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { id: `m${received.length}` } : { error: status }));
    });
  });
  return new Promise((resolve) => gateway.listen(0, '127.0.0.1', () => resolve(gateway.address().port)));
}

async function post(p, fields, cookie) {
  return fetch(site.base + p, { method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html',
      ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields).toString() });
}
const toPhone = (to) => received.filter((r) => r.body && r.body.to === to);
async function waitFor(to, count, ms = 15000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
    if (toPhone(to).length >= count) return toPhone(to);
  }
  return toPhone(to);
}
async function outbox(to) {
  const r = await fetch(`${site.base}/test/sac/outbox?to=${encodeURIComponent(to)}&channel=sms`);
  assert.equal(r.status, 200);
  return r.json();
}
async function waitOutbox(to, pred, ms = 15000) {
  let m;
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
    m = await outbox(to);
    if (pred(m)) return m;
  }
  return m;
}

test.before(async () => {
  gatewayUrl = `http://127.0.0.1:${await startGateway()}/v1/messages`;
  await site.start();
  const tokenFile = path.join(site.tmp, 'sms.token');
  fs.writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  fs.writeFileSync(site.conf, `test_routes = true\nsms_url = ${gatewayUrl}\nsms_token_file = ${tokenFile}\n` +
    'sms_from = MissionLoc\nsms_retry = 1,1\n');
  for (const [name, phone] of [['Sam', '07 00 00 00 11'], ['Ines', '07 00 00 00 12'], ['Noa', '07 00 00 00 13'],
    ['Eli', '07 00 00 00 15']]) {
    site.cli(['holder', 'create', '--first-name', name, '--phone', phone]);
  }
  // Lou holds a badge of the Mission Locale and may apply to a partner's immersion.
  for (const [slug, name] of [['ml', 'Mission Locale'], ['resto', 'Restaurant l’Épicerie']]) {
    site.cli(['org', 'add', '--slug', slug, '--name', name, '--url', 'https://example.org', '--email', 'c@example.org']);
  }
  site.cli(['user', 'add', '--email', 'chef@example.org', '--name', 'chef', '--org', 'resto', '--role', 'issuer',
    '--password-file', '-'], `${PASSWORD}\n`);
  const img = path.join(site.tmp, 'b.svg');
  fs.writeFileSync(img, '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30"/></svg>');
  const badge = site.cli(['badge', 'add', '--org', 'ml', '--name', 'Atelier CV', '--description', 'd',
    '--criteria', 'c', '--image', img]).split('/').pop();
  const lou = site.cli(['holder', 'create', '--first-name', 'Lou', '--phone', '07 00 00 00 14']).split('\n');
  const award = site.cli(['award', '--badge', badge, '--email', 'lou@example.org', '--name', 'Lou']).split('/').pop();
  site.cli(['holder', 'claim', '--holder-link', lou[1].split('/').pop(), '--award', award]);
  oppUid = site.cli(['opportunity', 'add', '--org', 'resto', '--kind', 'immersion', '--title', OPP_TITLE,
    '--places', '2', '--badges', badge]);
  await site.serve();
});

test.after(async () => {
  await site.stop();
  if (gateway) await new Promise((r) => gateway.close(r));
});

test('a sign-in code reaches the gateway, with the token, and opens the backpack', async () => {
  let r = await post('/sac/connexion', { identifiant: '07 00 00 00 11' });
  assert.equal(r.status, 200);
  const got = await waitFor('+33700000011', 1);
  assert.equal(got.length, 1, 'one request to the gateway');
  const [m] = got;
  assert.equal(m.method, 'POST');
  assert.equal(m.path, '/v1/messages');
  assert.equal(m.auth, `Bearer ${TOKEN}`);
  assert.match(m.type, /^application\/json/);
  assert.deepEqual(Object.keys(m.body).sort(), ['from', 'text', 'to']);
  assert.equal(m.body.from, 'MissionLoc');
  assert.ok(m.key && m.key.length > 4, 'an idempotency key');
  const code = /code est (\d{6})/.exec(m.body.text)[1];
  assertCheapSms(m.body.text);
  // The outbox row is marked sent.
  const row = await waitOutbox('+33700000011', (x) => x.sent_at > 0);
  assert.ok(row.sent_at > 0);
  assert.equal(row.attempts, 1);
  // The code read from the gateway signs in.
  r = await post('/sac/code', { identifiant: '+33700000011', code });
  assert.equal(r.status, 303);
  const cookie = /(?:^|,\s*)sac=([^;]+)/.exec(r.headers.get('set-cookie') || '');
  assert.ok(cookie, 'a backpack session');
  const home = await (await fetch(`${site.base}/sac`, { headers: { Cookie: `sac=${cookie[1]}` } })).text();
  assert.match(home, /Bonjour Sam/);
  await sleep(2500); // a further round of the sender: still sent once
  assert.equal(toPhone('+33700000011').length, 1);
});

test('a gateway answering 500 then 200: tried again, delivered once', async () => {
  script.set('+33700000012', [500]);
  const r = await post('/sac/connexion', { identifiant: '0700000012' });
  assert.equal(r.status, 200);
  const got = await waitFor('+33700000012', 2);
  assert.equal(got.length, 2, 'a second attempt after the 500');
  assert.equal(got[0].body.text, got[1].body.text, 'the same message');
  assert.equal(got[0].key, got[1].key, 'the same idempotency key');
  const row = await waitOutbox('+33700000012', (x) => x.sent_at > 0);
  assert.ok(row.sent_at > 0, 'marked sent');
  assert.equal(row.attempts, 2);
  assert.equal(row.last_error ?? null, null, 'the error of the first attempt is cleared');
  await sleep(3500); // longer than the retry delay and a poll: nothing more
  assert.equal(toPhone('+33700000012').length, 2);
});

test('a gateway answering 400: given up at once, status kept, never tried again', async () => {
  script.set('+33700000013', [400, 400, 400]);
  const r = await post('/sac/connexion', { identifiant: '+33 7 00 00 00 13' });
  assert.equal(r.status, 200);
  assert.equal((await waitFor('+33700000013', 1)).length, 1);
  const row = await waitOutbox('+33700000013', (x) => x.next_attempt_at === -1);
  assert.equal(row.next_attempt_at, -1, 'given up');
  assert.equal(row.sent_at, 0);
  assert.equal(row.attempts, 1);
  assert.match(row.last_error, /HTTP 400/);
  await sleep(3500);
  assert.equal(toPhone('+33700000013').length, 1, 'not retried');
  assert.ok(!site.log.includes(TOKEN), 'the token never reaches the log');
});

// The database of the site (SQLite file, or BLASON_TEST_DB's PostgreSQL): the clock of these tests.
function sql(query) {
  const db = process.env.BLASON_TEST_DB || `sqlite:${path.join(site.tmp, 'blason.db')}`;
  const r = db.startsWith('postgres')
    ? spawnSync('psql', [db, '-X', '-A', '-t', '-q', '-c', query], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-cmd', '.timeout 5000', db.replace(/^sqlite:/, ''), query], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${query}: ${r.stderr}`);
  return r.stdout.trim();
}
const csrfOf = (html) => /name="csrf" value="([^"]+)"/.exec(html)[1];
const page = (p, cookie) => fetch(site.base + p, { redirect: 'manual', headers: { Accept: 'text/html', Cookie: cookie } });

// A young person signs in with the code the gateway got: the phone is proven.
async function codeSignIn(phone) {
  const before = toPhone(phone).length;
  assert.equal((await post('/sac/connexion', { identifiant: phone })).status, 200);
  const got = await waitFor(phone, before + 1);
  const code = /code est (\d{6})/.exec(got[got.length - 1].body.text)[1];
  const r = await post('/sac/code', { identifiant: phone, code });
  assert.equal(r.status, 303);
  return `sac=${/(?:^|,\s*)sac=([^;]+)/.exec(r.headers.get('set-cookie'))[1]}`;
}

test('an answer notice waits out a gateway down past the schedule and the old 30 minutes, then arrives GSM-7', async () => {
  const phone = '+33700000014';
  const lou = await codeSignIn(phone);
  let html = await (await page(`/sac/opportunites/${oppUid}`, lou)).text();
  const chosen = Object.fromEntries([...html.matchAll(/name="(award-\d+)" value="([^"]+)" checked/g)].map((m) => [m[1], m[2]]));
  let r = await post(`/sac/opportunites/${oppUid}/postuler`, { csrf: csrfOf(html), ...chosen }, lou);
  assert.equal(r.status, 303, 'Lou applies');
  r = await fetch(`${site.base}/connexion`, { method: 'POST', redirect: 'manual',
    body: new URLSearchParams({ email: 'chef@example.org', password: PASSWORD }), headers: { Origin: site.base, Accept: 'text/html' } });
  assert.equal(r.status, 303);
  const chef = r.headers.get('set-cookie').split(';')[0];
  const csrf = csrfOf(await (await fetch(`${site.base}/espace`, { headers: { Cookie: chef } })).text());
  html = await (await page(`/espace/resto/opportunites/${oppUid}`, chef)).text();
  const app = /\/espace\/resto\/candidatures\/([A-Za-z0-9_-]{22})\/reponse/.exec(html)[1];
  // The gateway is down (503) when the partner answers.
  script.set(phone, Array(1000).fill(503));
  r = await fetch(`${site.base}/espace/resto/candidatures/${app}/reponse`, { method: 'POST', redirect: 'manual',
    body: new URLSearchParams({ csrf, status: 'interview', answer: 'Venez mardi', opportunity: oppUid }),
    headers: { Origin: site.base, Accept: 'text/html', Cookie: chef } });
  assert.equal(r.status, 303, 'the answer is recorded');
  const notices = () => toPhone(phone).filter((x) => /répondu/.test(x.body.text));
  // sms_retry = 1,1: three attempts make the schedule; a fourth and fifth come all the same.
  for (const end = Date.now() + 20000; notices().length < 5 && Date.now() < end;) await sleep(100);
  assert.ok(notices().length >= 5, `tried past the schedule (${notices().length} attempts)`);
  let row = await outbox(phone);
  assert.equal(row.sent_at, 0);
  assert.notEqual(row.next_attempt_at, -1, 'not given up while the gateway is down');
  assert.match(row.last_error, /HTTP 503/);
  const ttl = row.expires_at - row.created_at;
  assert.equal(ttl, 72 * 3600, 'a notice is worth sending for 72 hours');
  assert.equal(new Set(notices().map((x) => x.key)).size, 1, 'one idempotency key for every attempt');
  // Two hours pass (the row is queued two hours earlier), then the gateway comes back.
  sql(`UPDATE outbox SET created_at = created_at - 7200, expires_at = expires_at - 7200 WHERE to_addr = '${phone}' AND sent_at = 0`);
  await sleep(1500);
  script.set(phone, []);
  row = await waitOutbox(phone, (x) => x.sent_at > 0);
  assert.ok(row.sent_at > 0, `delivered after the gateway recovered: ${row.last_error}`);
  const ok = notices().filter((x) => x.status === 200);
  assert.equal(ok.length, 1, 'delivered once');
  const text = ok[0].body.text;
  assert.match(text, /^Blason : Restaurant l'Épicerie a répondu à votre candidature "Commis\.e " cuisine " - l'été\.\.\." : un entretien vous est proposé\. http/);
  assertCheapSms(text);
});

test('a sign-in code whose validity ended while the gateway was down is never sent', async () => {
  const phone = '+33700000015';
  script.set(phone, Array(1000).fill(503));
  assert.equal((await post('/sac/connexion', { identifiant: phone })).status, 200);
  assert.ok((await waitFor(phone, 1)).length >= 1);
  let row = await outbox(phone);
  assert.equal(row.expires_at - row.created_at, 15 * 60, 'the message expires with the code');
  // Fifteen minutes pass: the code's expiry is moved into the past, then the gateway comes back.
  sql(`UPDATE outbox SET expires_at = created_at - 1 WHERE to_addr = '${phone}' AND channel = 'sms'`);
  await sleep(1500); // an attempt under way when the row changed ends on a 503
  script.set(phone, []);
  row = await waitOutbox(phone, (x) => x.next_attempt_at === -1);
  assert.equal(row.next_attempt_at, -1, 'given up');
  assert.equal(row.last_error, 'expired: not sent');
  const tries = toPhone(phone).length;
  await sleep(3000);
  assert.equal(toPhone(phone).length, tries, 'never tried again');
  assert.deepEqual(toPhone(phone).filter((x) => x.status === 200), [], 'the gateway never accepted it');
  assert.ok(Number(sql("SELECT count(*) FROM audit_log WHERE action = 'outbox.expired'")) >= 1, 'the drop is audited');
});

// Settings refused at start: `blason serve` exits non-zero and names the setting.
async function serveWith(conf) {
  const file = path.join(site.tmp, 'bad.conf');
  fs.writeFileSync(file, conf);
  return spawnSync(BLASON, ['serve', '--listen', `127.0.0.1:${await freePort()}`, '--config', file, ...site.args],
    { encoding: 'utf8', timeout: 20000 });
}

test('a token file others may read, a plain-http gateway elsewhere, a claim_limit of 0 are refused', async () => {
  const open = path.join(site.tmp, 'open.token');
  fs.writeFileSync(open, TOKEN, { mode: 0o644 });
  fs.chmodSync(open, 0o644);
  let r = await serveWith(`sms_url = ${gatewayUrl}\nsms_token_file = ${open}\n`);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /sms_token_file: .*chmod 600/);
  r = await serveWith(`sms_url = http://192.0.2.7/send\nsms_token_file = ${open}\n`);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /sms_url: http:\/\/ only to a loopback address/);
  r = await serveWith(`sms_url = ${gatewayUrl}\n`);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /sms_token_file: required/);
  r = await serveWith('claim_limit = 0\n');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /claim_limit: must be at least 1/);
  r = await serveWith('claim_limit = 2000000\n');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /claim_limit/);
});
