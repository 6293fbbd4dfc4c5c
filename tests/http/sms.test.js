'use strict';
/*
 * Text messages through an HTTP SMS gateway (sms_url, docs/internals/sms.md)
 * against a real `blason serve`: a small Node HTTP server on 127.0.0.1 plays
 * the gateway (it checks the bearer token and records every request); a
 * backpack sign-in code asked for a phone arrives there and opens the
 * backpack; a gateway answering 500 then 200 gets the message again and it
 * is delivered once; a 400 gives the message up, never tried again, with
 * the status kept.  Also the settings' checks at start: a token file others
 * may read, an http:// gateway that is not loopback, a claim_limit of 0.
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
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const site = new Site();
let gateway, gatewayUrl;
const received = [];      // every request the gateway got: {auth, key, type, body}
const script = new Map(); // phone -> statuses to answer in turn (then 200)

function startGateway() {
  gateway = http.createServer((req, res) => {
    let data = '';
    req.on('data', (d) => { data += d; });
    req.on('end', () => {
      let body = null;
      try { body = JSON.parse(data); } catch { /* recorded as null */ }
      received.push({ auth: req.headers.authorization, key: req.headers['idempotency-key'],
        type: req.headers['content-type'], method: req.method, path: req.url, body });
      let status = 200;
      if (req.headers.authorization !== `Bearer ${TOKEN}`) status = 401;
      else if (body && script.has(body.to) && script.get(body.to).length) status = script.get(body.to).shift();
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
  for (const [name, phone] of [['Sam', '07 00 00 00 11'], ['Ines', '07 00 00 00 12'], ['Noa', '07 00 00 00 13']]) {
    site.cli(['holder', 'create', '--first-name', name, '--phone', phone]);
  }
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
