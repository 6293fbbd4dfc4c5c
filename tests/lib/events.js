'use strict';
/*
 * tests/lib/events.js: what the event tests share — staff sign-in, an event
 * made through the staff form, claim tokens computed here from the master
 * key (an implementation of the token format of docs/internals/event.md
 * independent of src/core/evtoken.c), claims posted as separate phones.
 */
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { parisLocal: paris } = require('./paris');

const PASSWORD = 'un mot de passe assez long';
const MASTER = 'a1'.repeat(32); // BLASON_MASTER_KEY of the test servers

function tokenKey(masterHex = MASTER) {
  return crypto.createHmac('sha256', Buffer.from(masterHex, 'hex')).update('blason/event-claim/v1').digest();
}

/* <uid>.<kind><n>.<base64url of the first 12 bytes of the HMAC> */
function token(uid, kind, n, masterHex = MASTER) {
  const head = `${uid}.${kind}${n}`;
  const mac = crypto.createHmac('sha256', tokenKey(masterHex)).update(head).digest().subarray(0, 12);
  return `${head}.${mac.toString('base64url')}`;
}

async function signIn(base, email, slug) {
  const r = await fetch(`${base}/connexion`, { method: 'POST', redirect: 'manual',
    headers: { Origin: base }, body: new URLSearchParams({ email, password: PASSWORD, suite: '/espace' }) });
  assert.equal(r.status, 303, `sign-in ${email}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const page = await (await fetch(`${base}/espace/${slug}`, { headers: { Cookie: cookie } })).text();
  const csrf = page.match(/name="csrf" value="([^"]+)"/)[1];
  return { cookie, csrf, base };
}

async function get(s, p, headers = {}) {
  return fetch(s.base + p, { redirect: 'manual', headers: { Cookie: s.cookie, Accept: 'text/html', ...headers } });
}

async function post(s, p, fields, headers = {}) {
  const body = new URLSearchParams({ csrf: s.csrf });
  for (const [k, v] of Object.entries(fields)) {
    for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  }
  return fetch(s.base + p, { method: 'POST', redirect: 'manual', body,
    headers: { Cookie: s.cookie, Origin: s.base, Accept: 'text/html', ...headers } });
}

/* "YYYY-MM-DDTHH:MM" in Paris time for a UTC Date (the EU summer-time rule). */
/* Create an event through the staff form; its uid. */
async function createEvent(s, slug, fields) {
  const now = Date.now();
  const r = await post(s, `/espace/${slug}/evenements/nouveau`, {
    starts: paris(new Date(now - 3600e3)), ends: paris(new Date(now + 3 * 3600e3)), rotate: '30', ...fields });
  const text = await r.text();
  assert.equal(r.status, 303, text.slice(0, 3000));
  const m = new RegExp(`^/espace/${slug}/evenements/([A-Za-z0-9_-]{22})\\?ok=cree$`).exec(r.headers.get('location'));
  assert.ok(m, r.headers.get('location'));
  return m[1];
}

/*
 * One phone claims: POST the form (with its cookie if it has one), follow to
 * the receipt page.  Returns { status, cookie, page, location, text }.
 */
async function claim(base, url, fields, cookie) {
  const r = await fetch(url, { method: 'POST', redirect: 'manual',
    headers: { Origin: base, Accept: 'text/html', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields) });
  const out = { status: r.status, location: r.headers.get('location'), cookie };
  const set = r.headers.get('set-cookie');
  if (set) out.cookie = set.split(';')[0];
  if (r.status === 303) {
    const p = await fetch(base + out.location, { headers: { Cookie: out.cookie, Accept: 'text/html' } });
    out.pageStatus = p.status;
    out.page = await p.text();
    const code = /id="claim-code">([A-Z0-9]{6})</.exec(out.page);
    const award = /href="\/awards\/([A-Za-z0-9_-]{22})\/badge.png"/.exec(out.page);
    const link = /id="claim-link" href="([^"]+)"/.exec(out.page);
    out.code = code && code[1];
    out.award = award && award[1];
    out.link = link && link[1];
  } else {
    out.text = await r.text();
  }
  return out;
}

module.exports = { MASTER, PASSWORD, token, signIn, get, post, paris, createEvent, claim };
