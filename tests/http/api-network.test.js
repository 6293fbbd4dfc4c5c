'use strict';
/*
 * The network and its opportunities in the JSON API (h_api_network.c)
 * against a real `blason serve` (tests/lib/server.js).  A partner employer,
 * invited by the Mission Locale, creates an opportunity through the API
 * (refused fields come back as problem+json naming the field), changes it,
 * ties it to the Mission Locale's pathway; two young people apply through
 * their backpack pages (/sac), one sharing a contact and a hostile
 * message; the partner reads the applications through the API and sees
 * only the shared awards, each with a public URL that answers; answers,
 * the places rule (409 no_places_left), the outcome and a withdrawn
 * application (409 withdrawn); the needs board ranked with supports; the
 * public partner list without contacts; another organisation's token
 * gets 404 everywhere, nobody signed in 401 with a Bearer challenge.
 * Run from the repository root: node --test tests/http/api-network.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Site } = require('../lib/server');
const { apiCall } = require('../lib/api');

const PASSWORD = 'un mot de passe assez long';
const HOSTILE = '<script>alert(1)</script> & "Chef" \'x\' \u00e9\u2014 {{x}}';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Chef&quot; &#39;x&#39;';

const site = new Site();
const tokens = {};
const badges = {};
const holders = {};
const awards = {};
const state = {};

const call = (method, p, { body, raw, bearer, headers } = {}) =>
  apiCall(site.base, method, p, { body: raw !== undefined ? raw : body, bearer, headers });
const as = (who) => ({
  get: (p) => call('GET', p, { bearer: tokens[who] }),
  post: (p, body) => call('POST', p, { body, bearer: tokens[who] }),
  raw: (p, raw) => call('POST', p, { raw, bearer: tokens[who] }),
});
const chef = as('chef');

function page(p, cookie) {
  return fetch(site.base + p, { redirect: 'manual', headers: { Accept: 'text/html', ...(cookie ? { Cookie: cookie } : {}) } });
}
function form(p, fields, cookie) {
  return fetch(site.base + p, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
    headers: { Origin: site.base, Accept: 'text/html', Cookie: cookie } });
}
const csrfOf = (html) => /name="csrf" value="([^"]+)"/.exec(html)[1];

/* The young person applies from the backpack page, sharing the awards it offers checked. */
async function applyFromSac(name, opp, extra = {}) {
  const html = await (await page(`/sac/opportunites/${opp}`, holders[name].cookie)).text();
  const chosen = Object.fromEntries([...html.matchAll(/name="(award-\d+)" value="([^"]+)" checked/g)].map((m) => [m[1], m[2]]));
  // Without the form (not open to them), the token of the backpack's home page.
  const csrf = csrfOf(/name="csrf"/.test(html) ? html : await (await page('/sac', holders[name].cookie)).text());
  return form(`/sac/opportunites/${opp}/postuler`, { csrf, ...chosen, ...extra }, holders[name].cookie);
}

/* A problem+json refusal: its status, code and field. */
function refused(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(r.json.code, code, r.text);
  if (field !== undefined) {
    assert.equal(r.json.field, field, r.text);
    assert.ok(r.json.detail.startsWith(`${field}:`), r.json.detail);
  }
}

test.before(async () => {
  await site.start();
  const img = path.join(site.tmp, 'b.svg');
  fs.writeFileSync(img, '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#0b4f9c"/></svg>');
  site.cli(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale', '--url', 'https://example.org', '--email', 'c@example.org']);
  site.cli(['org', 'add', '--slug', 'autre', '--name', 'Autre asso', '--url', 'https://example.org', '--email', 'c@example.org']);
  // The partner is invited by the Mission Locale; its profile has a contact and a SIRET that stay private to the API.
  site.cli(['partner', 'add', '--network', 'ml', '--slug', 'resto', '--kind', 'employer', '--name', 'Restaurant Le Partage',
    '--email', 'patron@example.org']);
  site.cli(['profile', '--org', 'resto', '--siret', '73282932000074', '--sector', 'Restauration',
    '--contact', 'Contact Secret', '--contact-email', 'secret-contact@example.org']);
  for (const [who, org, role] of [['chef', 'resto', 'issuer'], ['vue', 'resto', 'viewer'], ['voisin', 'autre', 'admin'],
    ['conseil', 'ml', 'issuer']]) {
    site.cli(['user', 'add', '--email', `${who}@example.org`, '--name', who, '--org', org, '--role', role,
      '--password-file', '-'], `${PASSWORD}\n`);
    tokens[who] = site.cli(['user', 'token', '--email', `${who}@example.org`, '--org', org, '--name', 't']);
  }
  for (const [key, name] of [['cv', 'Atelier CV'], ['entretien', 'Atelier entretien'], ['secours', 'Premiers secours']]) {
    badges[key] = site.cli(['badge', 'add', '--org', 'ml', '--name', name, '--description', 'd',
      '--criteria', 'c', '--image', img]).split('/').pop();
  }
  // Lina holds all three; Sam the two workshops; Noa only the CV workshop.
  for (const [name, keys] of [['Lina', ['cv', 'entretien', 'secours']], ['Sam', ['cv', 'entretien']], ['Noa', ['cv']]]) {
    const email = `${name.toLowerCase()}@example.org`;
    const out = site.cli(['holder', 'create', '--first-name', name, '--email', email]).split('\n');
    holders[name] = { link: out[1], email };
    awards[name] = {};
    for (const k of keys) {
      awards[name][k] = site.cli(['award', '--badge', badges[k], '--email', email, '--name', name]).split('/').pop();
      site.cli(['holder', 'claim', '--holder-link', out[1].split('/').pop(), '--award', awards[name][k]]);
    }
  }
  state.need1 = site.cli(['need', 'add', '--org', 'resto', '--title', `Commis ${HOSTILE}`, '--description', 'Deux commis',
    '--people', '2', '--sector', 'Restauration']);
  state.need2 = site.cli(['need', 'add', '--org', 'resto', '--title', 'Plongeurs', '--description', 'Cinq plongeurs',
    '--people', '5']);
  site.cli(['need', 'support', '--org', 'ml', '--need', state.need1, '--comment', 'Nous aussi']);
  await site.serve();
  for (const name of Object.keys(holders)) {
    const r = await page(new URL(holders[name].link).pathname);
    assert.equal(r.status, 303);
    holders[name].cookie = `sac=${/(?:^|,\s*)sac=([^;]+)/.exec(r.headers.get('set-cookie'))[1]}`;
  }
});

test.after(async () => { await site.stop(); });

test('creating an opportunity: each refused field is a 400 problem+json naming it', async () => {
  const ok = { kind: 'immersion', title: 'Immersion', places: 2, badges: [badges.cv] };
  const cases = [
    [{ ...ok, title: '' }, 'invalid', 'title'],
    [{ ...ok, title: 'x'.repeat(201) }, 'too_big', 'title'],
    [{ ...ok, title: 'a\u0007b' }, 'invalid', 'title'],
    [{ ...ok, title: 42 }, 'invalid', 'title'],
    [{ ...ok, kind: 'stage' }, 'invalid', 'kind'],
    [{ ...ok, startDate: '2030-02-30' }, 'invalid', 'startDate'],
    [{ ...ok, startDate: '2030-05-10', endDate: '2030-05-01' }, 'invalid', 'endDate'],
    [{ ...ok, places: 0 }, 'invalid', 'places'],
    [{ ...ok, places: 10001 }, 'invalid', 'places'],
    [{ ...ok, places: '2' }, 'invalid', 'places'],
    [{ ...ok, places: 1.5 }, 'invalid', 'places'],
    [{ ...ok, closed: 'oui' }, 'invalid', 'closed'],
    [{ ...ok, badges: [] }, 'invalid', 'badges'],
    [{ ...ok, badges: badges.cv }, 'invalid', 'badges'],
    [{ ...ok, badges: [badges.cv, 7] }, 'invalid', 'badges'],
    [{ ...ok, badges: ['nopeNOPEnopeNOPEnope12'] }, 'invalid', 'badges'],
    [{ ...ok, badges: Array(21).fill(badges.cv) }, 'invalid', 'badges'],
    [{ ...ok, pathway: 'nopeNOPEnopeNOPEnope12' }, 'invalid', 'pathway'],
    [{ ...ok, description: 'x'.repeat(9000) }, 'too_big', 'description'],
  ];
  for (const [body, code, field] of cases) refused(await chef.post('/api/v1/orgs/resto/opportunities', body), 400, code, field);
  refused(await chef.raw('/api/v1/orgs/resto/opportunities', '{"title": '), 400, 'bad_json');
  refused(await chef.raw('/api/v1/orgs/resto/opportunities', '[1]'), 400, 'invalid');
  // Nothing was created by any of them.
  assert.deepEqual((await chef.get('/api/v1/orgs/resto/opportunities')).json.items, []);
  // A viewer may read but not create.
  refused(await as('vue').post('/api/v1/orgs/resto/opportunities', ok), 403, 'denied');
});

test('the partner creates an opportunity; hostile text round-trips as data; read back and listed', async () => {
  const r = await chef.post('/api/v1/orgs/resto/opportunities', { kind: 'immersion', title: HOSTILE,
    description: `Une semaine en cuisine\n${HOSTILE}`, place: 'Paris 19e', startDate: '2030-05-01', endDate: '2099-05-10',
    places: 2, badges: [badges.cv, badges.entretien] });
  assert.equal(r.status, 201, r.text);
  assert.match(r.headers.get('etag'), /^"v1-[0-9a-f]{16}"$/, 'a new opportunity is at version 1');
  state.opp = r.json.uid;
  assert.match(state.opp, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(r.headers.get('location'), `${site.base}/api/v1/orgs/resto/opportunities/${state.opp}`);
  const one = await chef.get(new URL(r.headers.get('location')).pathname);
  assert.equal(one.status, 200);
  assert.match(one.headers.get('content-type'), /^application\/json/);
  const o = one.json;
  assert.equal(o.title, HOSTILE);
  assert.equal(o.description, `Une semaine en cuisine\n${HOSTILE}`);
  assert.ok(!one.text.includes('&lt;'), 'JSON is not HTML-escaped');
  assert.deepEqual([o.kind, o.place, o.startDate, o.endDate, o.places, o.accepted, o.placesLeft, o.status],
    ['immersion', 'Paris 19e', '2030-05-01', '2099-05-10', 2, 0, 2, 'open']);
  assert.deepEqual(o.organisation, { slug: 'resto', name: 'Restaurant Le Partage' });
  assert.deepEqual(o.requirements.map((q) => [q.uid, q.name, q.issuer]).sort(),
    [[badges.cv, 'Atelier CV', 'Mission Locale'], [badges.entretien, 'Atelier entretien', 'Mission Locale']].sort());
  // Each requirement's URL is the public badge class.
  const bc = await fetch(o.requirements[0].url, { headers: { Accept: 'application/ld+json' } });
  assert.equal(bc.status, 200);
  assert.equal(o.pathway, null);
  // Listed with its requirements and application count.
  const list = await chef.get('/api/v1/orgs/resto/opportunities');
  assert.equal(list.json.items.length, 1);
  assert.equal(list.json.items[0].title, HOSTILE);
  assert.equal(list.json.items[0].applications, 0);
  assert.equal(list.json.items[0].requirements.length, 2);
  // A viewer reads it.
  assert.equal((await as('vue').get(`/api/v1/orgs/resto/opportunities/${state.opp}`)).json.title, HOSTILE);
  // The young person's page shows it escaped.
  const html = await (await page(`/sac/opportunites/${state.opp}`, holders.Lina.cookie)).text();
  assert.ok(html.includes(ESCAPED) && !html.includes('<script>alert'));
});

test('changing an opportunity: the members sent change, the others stay; the network pathway by uid', async () => {
  const p = `/api/v1/orgs/resto/opportunities/${state.opp}`;
  refused(await chef.post(p, { places: -1 }), 400, 'invalid', 'places');
  refused(await chef.post(p, { endDate: '2020-01-01' }), 400, 'invalid', 'endDate');
  refused(await as('vue').post(p, { places: 3 }), 403, 'denied');
  let r = await chef.post(p, { place: 'Paris 20e', places: 3 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.title, r.json.place, r.json.places, r.json.requirements.length], [HOSTILE, 'Paris 20e', 3, 2]);
  // The Mission Locale's pathway, named by the partner's opportunity.
  const pw = await as('conseil').post('/api/v1/orgs/ml/pathways', { name: 'Prêt pour cuisiner',
    definition: { root: 'all', steps: [{ id: 'cv', badge: badges.cv }, { id: 'all', steps: ['cv'] }] } });
  assert.equal(pw.status, 201, pw.text);
  r = await chef.post(p, { pathway: pw.json.uid });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.pathway, { uid: pw.json.uid, name: 'Prêt pour cuisiner', archived: false });
  assert.deepEqual((await chef.get(p)).json.pathway, { uid: pw.json.uid, name: 'Prêt pour cuisiner', archived: false });
  state.pathway = pw.json.uid;
  // The same pathway is not visible to the partner through the pathways API: it is the Mission Locale's.
  assert.equal((await chef.get(`/api/v1/pathways/${pw.json.uid}`)).status, 404);
  r = await chef.post(p, { pathway: null, places: 1, badges: [badges.entretien, badges.cv] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.pathway, null);
  assert.equal(r.json.places, 1);
  assert.equal((await chef.get(p)).json.placesLeft, 1);
});

test('two young people apply from the backpack; the viewer reads, the issuer reads and marks them seen', async () => {
  assert.equal((await applyFromSac('Lina', state.opp, { contact: holders.Lina.email, message: HOSTILE })).status, 303);
  assert.equal((await applyFromSac('Sam', state.opp)).status, 303);
  // Noa lacks a badge: the app refuses her, so the partner never sees her.
  assert.equal((await applyFromSac('Noa', state.opp)).status, 403);
  const p = `/api/v1/orgs/resto/opportunities/${state.opp}/applications`;
  let r = await as('vue').get(p);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((a) => [a.firstName, a.status]), [['Lina', 'sent'], ['Sam', 'sent']],
    'a viewer does not mark them seen');
  r = await chef.get(p);
  assert.equal(r.status, 200);
  const [lina, sam] = r.json.items;
  assert.deepEqual([lina.firstName, lina.status, lina.contact, lina.message], ['Lina', 'seen', holders.Lina.email, HOSTILE]);
  assert.deepEqual([sam.firstName, sam.status, sam.contact, sam.message, sam.outcome], ['Sam', 'seen', null, '', null]);
  assert.match(lina.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // Exactly the shared awards: one per requirement, never the third badge.
  assert.deepEqual(lina.awards.map((a) => a.uid).sort(), [awards.Lina.cv, awards.Lina.entretien].sort());
  assert.deepEqual(sam.awards.map((a) => a.uid).sort(), [awards.Sam.cv, awards.Sam.entretien].sort());
  assert.ok(!r.text.includes(awards.Lina.secours), 'the unshared award is absent');
  for (const t of ['sam@example.org', 'noa@example.org', 'Noa', 'secret-contact']) assert.ok(!r.text.includes(t), t);
  for (const a of lina.awards) {
    assert.equal(a.url, `${site.base}/awards/${a.uid}`);
    assert.equal(a.revoked, false);
    assert.ok(!('recipient' in a) && !r.text.includes('"recipient'), 'no recipient data of the award');
    const hosted = await fetch(a.url, { headers: { Accept: 'application/ld+json' } });
    assert.equal(hosted.status, 200, a.url);
    assert.equal((await hosted.json()).badge, `${site.base}/badges/${a.badge.uid}`);
  }
  assert.equal((await chef.get('/api/v1/orgs/resto/opportunities')).json.items[0].applications, 2);
  state.lina = lina.uid;
  state.sam = sam.uid;
});

test('answers and outcomes: refused values name the field, the places rule is a 409, a withdrawn one too', async () => {
  const ans = (who, uid, body, org = 'resto') => as(who).post(`/api/v1/orgs/${org}/applications/${uid}/answer`, body);
  const out = (who, uid, body, org = 'resto') => as(who).post(`/api/v1/orgs/${org}/applications/${uid}/outcome`, body);
  refused(await ans('chef', state.lina, { status: 'maybe' }), 400, 'invalid', 'status');
  refused(await ans('chef', state.lina, { status: 'accepted', message: 'x'.repeat(2001) }), 400, 'too_big', 'message');
  refused(await ans('chef', state.lina, { status: 'accepted', message: ['x'] }), 400, 'invalid', 'message');
  refused(await ans('vue', state.lina, { status: 'accepted' }), 403, 'denied');
  refused(await out('chef', state.lina, { outcome: 'promoted' }), 400, 'invalid', 'outcome');
  refused(await ans('chef', 'nopeNOPEnopeNOPEnope12', { status: 'seen' }), 404, 'not_found');
  const oppPath = `/api/v1/orgs/resto/opportunities/${state.opp}`;
  const held = await chef.get(oppPath);
  assert.equal(held.json.placesLeft, 1);
  let r = await ans('chef', state.lina, { status: 'accepted', message: `Bienvenue ${HOSTILE}` });
  // The answer comes back as the application now is, in the shape of the applications list.
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.deepEqual([r.json.uid, r.json.firstName, r.json.status, r.json.answer, r.json.outcome, r.json.contact],
    [state.lina, 'Lina', 'accepted', `Bienvenue ${HOSTILE}`, null, holders.Lina.email]);
  assert.match(r.json.answeredAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(r.json.awards.map((a) => a.uid).sort(), [awards.Lina.cv, awards.Lina.entretien].sort());
  const listed = (await chef.get(`/api/v1/orgs/resto/opportunities/${state.opp}/applications`)).json.items
    .find((a) => a.uid === state.lina);
  assert.deepEqual(r.json, listed, 'the same object as in the list');
  // One place: accepting Sam too is refused by the app, with a stable code.
  refused(await ans('chef', state.sam, { status: 'accepted', message: 'Oui' }), 409, 'no_places_left');
  let opp = (await chef.get(`/api/v1/orgs/resto/opportunities/${state.opp}`)).json;
  assert.deepEqual([opp.places, opp.accepted, opp.placesLeft], [1, 1, 0]);
  // The place taken moves the ETag though not the version: a partner revalidating the
  // opportunity it held gets the full body, never a 304 that keeps the free place.
  const poll = await fetch(site.base + oppPath, { headers: { Authorization: `Bearer ${tokens.chef}`,
    'If-None-Match': held.headers.get('etag') } });
  assert.equal(poll.status, 200, 'not a 304 after the place was taken');
  assert.deepEqual([(await poll.json()).placesLeft], [0]);
  const polled = poll.headers.get('etag');
  assert.notEqual(polled, held.headers.get('etag'));
  assert.equal(polled.split('-')[0], held.headers.get('etag').split('-')[0], 'same version');
  const again = await fetch(site.base + oppPath, { headers: { Authorization: `Bearer ${tokens.chef}`, 'If-None-Match': polled } });
  assert.equal(again.status, 304, 'the current ETag still revalidates');
  // If-Match reads only the version: the tag held before the place was taken still changes it.
  r = await call('POST', oppPath, { body: { places: 1 }, bearer: tokens.chef, headers: { 'If-Match': held.headers.get('etag') } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.places, r.json.placesLeft], [1, 0]);
  assert.notEqual(r.headers.get('etag').split('-')[0], held.headers.get('etag').split('-')[0], 'the version moved on');
  r = await ans('chef', state.sam, { status: 'refused', message: 'Complet' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.uid, r.json.status, r.json.answer], [state.sam, 'refused', 'Complet']);
  r = await out('chef', state.lina, { outcome: 'hired' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.uid, r.json.status, r.json.outcome], [state.lina, 'accepted', 'hired']);
  assert.match(r.json.outcomeAt, /^\d{4}-/);
  const apps = (await chef.get(`/api/v1/orgs/resto/opportunities/${state.opp}/applications`)).json.items;
  const lina = apps.find((a) => a.uid === state.lina), sam = apps.find((a) => a.uid === state.sam);
  assert.deepEqual([lina.status, lina.answer, lina.outcome], ['accepted', `Bienvenue ${HOSTILE}`, 'hired']);
  assert.ok(lina.answeredAt && lina.outcomeAt);
  assert.deepEqual([sam.status, sam.answer, sam.outcome], ['refused', 'Complet', null]);
  // The young person reads the answer on the backpack page, escaped.
  const html = await (await page(`/sac/opportunites/${state.opp}`, holders.Lina.cookie)).text();
  assert.ok(html.includes(`Bienvenue ${ESCAPED}`));
  assert.match(html, /Embauché·e/);
  // Sam withdraws: his application can no longer be answered.
  const sac = await (await page('/sac', holders.Sam.cookie)).text();
  r = await form(`/sac/candidatures/${state.sam}/retirer`, { csrf: csrfOf(sac) }, holders.Sam.cookie);
  assert.equal(r.status, 303);
  refused(await ans('chef', state.sam, { status: 'interview' }), 409, 'withdrawn');
  refused(await out('chef', state.sam, { outcome: 'no_follow_up' }), 409, 'withdrawn');
  // Refusing the accepted one frees the place.
  r = await ans('chef', state.lina, { status: 'refused' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.status, r.json.answer, r.json.outcome], ['refused', '', 'hired']);
  opp = (await chef.get(`/api/v1/orgs/resto/opportunities/${state.opp}`)).json;
  assert.deepEqual([opp.accepted, opp.placesLeft], [0, 1]);
  // The place freed moves the ETag again.
  const freed = await fetch(site.base + oppPath, { headers: { Authorization: `Bearer ${tokens.chef}`, 'If-None-Match': polled } });
  assert.equal(freed.status, 200);
  assert.equal((await freed.json()).placesLeft, 1);
});

test('the needs board: ranked by supports, then people, with the supports count', async () => {
  const r = await chef.get('/api/v1/orgs/resto/needs');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((n) => [n.rank, n.uid, n.supports, n.people, n.mine]),
    [[1, state.need1, 1, 2, true], [2, state.need2, 0, 5, true]]);
  assert.equal(r.json.items[0].title, `Commis ${HOSTILE}`);
  assert.deepEqual(r.json.items[0].organisation, { slug: 'resto', name: 'Restaurant Le Partage' });
  assert.equal(r.json.items[0].sector, 'Restauration');
  // A member of another organisation sees the same board, as not theirs.
  const other = await as('voisin').get('/api/v1/orgs/autre/needs');
  assert.deepEqual(other.json.items.map((n) => [n.uid, n.mine]), [[state.need1, false], [state.need2, false]]);
  // More supports move a need up.
  site.cli(['need', 'support', '--org', 'autre', '--need', state.need2]);
  site.cli(['need', 'support', '--org', 'ml', '--need', state.need2]);
  assert.deepEqual((await chef.get('/api/v1/orgs/resto/needs')).json.items.map((n) => [n.uid, n.supports]),
    [[state.need2, 2], [state.need1, 1]]);
});

test('the public partner list: name, slug, kind and page, nothing private', async () => {
  const r = await call('GET', '/api/v1/partners');
  assert.equal(r.status, 200, r.text);
  const bySlug = Object.fromEntries(r.json.items.map((p) => [p.slug, p]));
  assert.deepEqual(Object.keys(bySlug).sort(), ['autre', 'ml', 'resto']);
  assert.deepEqual([bySlug.resto.name, bySlug.resto.kind, bySlug.resto.sector, bySlug.resto.page],
    ['Restaurant Le Partage', 'employer', 'Restauration', `${site.base}/partenaires/resto`]);
  assert.equal(bySlug.ml.kind, 'network');
  for (const secret of ['secret-contact', 'Contact Secret', '73282932000074', 'patron@example.org', 'chef@example.org']) {
    assert.ok(!r.text.includes(secret), secret);
  }
  const pub = await page(new URL(bySlug.resto.page).pathname);
  assert.equal(pub.status, 200);
  assert.match(await pub.text(), /Restaurant Le Partage/);
});

test('another organisation gets 404 everywhere; nobody signed in gets 401', async () => {
  const opp = `/api/v1/orgs/resto/opportunities/${state.opp}`;
  const reads = ['/api/v1/orgs/resto/opportunities', opp, `${opp}/applications`, '/api/v1/orgs/resto/needs',
    `/api/v1/orgs/autre/opportunities/${state.opp}`, `/api/v1/orgs/autre/opportunities/${state.opp}/applications`];
  const writes = [['/api/v1/orgs/resto/opportunities', { kind: 'emploi', title: 'x', badges: [badges.cv] }],
    [opp, { title: 'pris' }], [`/api/v1/orgs/autre/opportunities/${state.opp}`, { title: 'pris' }],
    [`/api/v1/orgs/resto/applications/${state.lina}/answer`, { status: 'accepted' }],
    [`/api/v1/orgs/resto/applications/${state.lina}/outcome`, { outcome: 'hired' }],
    [`/api/v1/orgs/autre/applications/${state.lina}/answer`, { status: 'accepted' }],
    [`/api/v1/orgs/autre/applications/${state.lina}/outcome`, { outcome: 'hired' }]];
  const voisin = as('voisin');
  for (const p of reads) refused(await voisin.get(p), 404, 'not_found');
  for (const [p, body] of writes) refused(await voisin.post(p, body), 404, 'not_found');
  // The Mission Locale's staff are not the partner's either.
  refused(await as('conseil').get(`${opp}/applications`), 404, 'not_found');
  // Without a token or session.
  for (const p of reads.slice(0, 4)) {
    const r = await call('GET', p);
    refused(r, 401, 'unauthenticated');
    assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="blason"', p);
  }
  for (const [p, body] of writes.slice(0, 5)) {
    const r = await call('POST', p, { body });
    refused(r, 401, 'unauthenticated');
    assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="blason"', p);
  }
  for (const bearer of ['blt_notAtokenAtAll', `${tokens.chef.slice(0, -3)}xyz`]) {
    for (const [method, p, body] of [['GET', opp], ['POST', opp, { title: 'pris' }],
      ['POST', `/api/v1/orgs/resto/applications/${state.lina}/answer`, { status: 'accepted' }]]) {
      const r = await call(method, p, { body, bearer });
      refused(r, 401, 'unauthenticated');
      assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="blason", error="invalid_token"', p);
    }
  }
  // Known but lacking the role: 403, no challenge.
  const viewer = await as('vue').post(opp, { title: 'pris' });
  refused(viewer, 403, 'denied');
  assert.equal(viewer.headers.get('www-authenticate'), null);
  // Nothing changed.
  const o = (await chef.get(opp)).json;
  assert.equal(o.title, HOSTILE);
  const lina = (await chef.get(`${opp}/applications`)).json.items.find((a) => a.uid === state.lina);
  assert.deepEqual([lina.status, lina.outcome], ['refused', 'hired']);
  assert.equal((await chef.get('/api/v1/orgs/resto/opportunities')).json.items.length, 1);
});

test('a pathway set through the API survives an edit in the issuer space, whose form does not show it', async () => {
  const p = `/api/v1/orgs/resto/opportunities/${state.opp}`;
  assert.equal((await chef.post(p, { pathway: state.pathway })).status, 200);
  let r = await form('/connexion', { email: 'chef@example.org', password: PASSWORD }, '');
  assert.equal(r.status, 303);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const before = (await chef.get(p)).headers.get('etag');
  const edit = await (await page(`/espace/resto/opportunites/${state.opp}/modifier`, cookie)).text();
  const body = new URLSearchParams({ csrf: csrfOf(edit), kind: 'immersion', title: HOSTILE, place: 'Paris 18e',
    places: '1', action: 'enregistrer' });
  for (const m of edit.matchAll(/name="badge" value="([^"]+)" checked/g)) body.append('badge', m[1]);
  r = await fetch(`${site.base}/espace/resto/opportunites/${state.opp}/modifier`, { method: 'POST', redirect: 'manual', body,
    headers: { Origin: site.base, Accept: 'text/html', Cookie: cookie } });
  assert.equal(r.status, 303);
  const o = (await chef.get(p)).json;
  assert.equal(o.place, 'Paris 18e', 'the form edit went through');
  // The form's edit moves the version on too: a change based on the version before it is refused.
  const after = (await chef.get(p)).headers.get('etag');
  assert.notEqual(after, before);
  refused(await call('POST', p, { body: { place: 'Ailleurs' }, bearer: tokens.chef, headers: { 'If-Match': before } }),
    412, 'version_mismatch');
  assert.equal((await chef.get(p)).json.place, 'Paris 18e');
  assert.deepEqual(o.pathway, { uid: state.pathway, name: 'Prêt pour cuisiner', archived: false });
  assert.equal(o.requirements.length, 2);
});

test('optimistic concurrency: ETag on read and change; a stale If-Match is a 412 that writes nothing', async () => {
  const p = `/api/v1/orgs/resto/opportunities/${state.opp}`;
  const change = (body, ifMatch, who = 'chef') => call('POST', p, { body, bearer: tokens[who],
    headers: ifMatch === undefined ? {} : { 'If-Match': ifMatch } });
  // Two clients read the same version.
  const [a, b] = [await chef.get(p), await as('chef').get(p)];
  const tag = a.headers.get('etag');
  assert.match(tag, /^"v\d+-[0-9a-f]{16}"$/, 'a strong, quoted ETag: the version, then a hash of the body');
  assert.equal(b.headers.get('etag'), tag);
  // The first change goes through and gives the new version.
  const first = await change({ place: 'Lyon 7e' }, tag);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.place, 'Lyon 7e');
  const tag2 = first.headers.get('etag');
  assert.match(tag2, /^"v\d+-[0-9a-f]{16}"$/);
  assert.notEqual(tag2, tag);
  assert.equal((await chef.get(p)).headers.get('etag'), tag2, 'GET gives the ETag of the change');
  // The second, based on the same version, is refused and changes nothing.
  const second = await change({ place: 'Marseille', places: 7 }, tag);
  refused(second, 412, 'version_mismatch');
  assert.match(second.json.detail, /^If-Match/);
  let now = await chef.get(p);
  assert.deepEqual([now.json.place, now.json.places], ['Lyon 7e', b.json.places], 'the first change is kept');
  assert.equal(now.headers.get('etag'), tag2, 'the refusal did not move the version');
  // Read again, redone: it goes through.
  const redo = await change({ place: 'Marseille', places: 7 }, tag2);
  assert.equal(redo.status, 200, redo.text);
  assert.deepEqual([redo.json.place, redo.json.places], ['Marseille', 7]);
  // If-None-Match on the current ETag: 304.
  const cached = await fetch(site.base + p, { headers: { Authorization: `Bearer ${tokens.chef}`, 'If-None-Match': redo.headers.get('etag') } });
  assert.equal(cached.status, 304);
  // A change is never a 304, whatever If-None-Match says: it is written, and its answer shows it.
  for (const inm of ['*', `"x", ${redo.headers.get('etag')}`]) {
    const w = await chef.get(p);
    const post = await call('POST', p, { body: { description: `écrit ${inm}` }, bearer: tokens.chef,
      headers: { 'If-None-Match': inm, 'If-Match': w.headers.get('etag') } });
    assert.equal(post.status, 200, post.text);
    assert.equal(post.json.description, `écrit ${inm}`);
    assert.equal((await chef.get(p)).json.description, `écrit ${inm}`);
  }
  // What cannot match: a weak tag, a tag of another form, a list; "*" matches any version.
  const cur = redo.headers.get('etag');
  for (const bad of [`W/${cur}`, '"abc"', `${tag}, ${cur}`, '"v0"']) refused(await change({ place: 'Nulle part' }, bad), 412, 'version_mismatch');
  assert.equal((await chef.get(p)).json.place, 'Marseille');
  const star = await change({ place: 'Paris 18e' }, '*');
  assert.equal(star.status, 200, star.text);
  // Without If-Match, last write wins as before, and the version moves on.
  const free = await change({ places: 1 });
  assert.equal(free.status, 200, free.text);
  assert.notEqual(free.headers.get('etag'), star.headers.get('etag'));
  // Role and existence are said before the version: 403 and 404, not 412.
  refused(await change({ place: 'x' }, tag, 'vue'), 403, 'denied');
  refused(await call('POST', '/api/v1/orgs/resto/opportunities/nopeNOPEnopeNOPEnope12', { body: { place: 'x' },
    bearer: tokens.chef, headers: { 'If-Match': tag } }), 404, 'not_found');
  // A real race: two changes sent at once on the same version, exactly one wins.
  const base = (await chef.get(p)).headers.get('etag');
  const raced = await Promise.all([change({ description: 'course A' }, base), change({ description: 'course B' }, base)]);
  assert.deepEqual(raced.map((r) => r.status).sort(), [200, 412], raced.map((r) => r.text).join('\n'));
  const winner = raced.find((r) => r.status === 200);
  refused(raced.find((r) => r.status === 412), 412, 'version_mismatch');
  now = await chef.get(p);
  assert.equal(now.json.description, winner.json.description);
  assert.equal(now.headers.get('etag'), winner.headers.get('etag'));
  // Partial changes at once without If-Match: each member sent is kept, none undoes another.
  const parts = await Promise.all([change({ place: 'Bordeaux' }), change({ title: 'Immersion en salle' }),
    change({ description: 'Trois jours' })]);
  for (const r of parts) assert.equal(r.status, 200, r.text);
  now = (await chef.get(p)).json;
  assert.deepEqual([now.place, now.title, now.description], ['Bordeaux', 'Immersion en salle', 'Trois jours']);
});

test('the issuer-space form is based on the version it showed: a change made meanwhile through the API is not undone unseen', async () => {
  const p = `/api/v1/orgs/resto/opportunities/${state.opp}`;
  const edit = `/espace/resto/opportunites/${state.opp}/modifier`;
  let r = await form('/connexion', { email: 'chef@example.org', password: PASSWORD }, '');
  assert.equal(r.status, 303);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  assert.equal((await chef.post(p, { closed: false, place: 'Bordeaux' })).status, 200);
  // A counsellor opens the form: it carries the version it shows.
  const opened = await chef.get(p);
  let html = await (await page(edit, cookie)).text();
  const versionOf = (h) => /<input type="hidden" name="version" value="(\d+)">/.exec(h)[1];
  assert.equal(`"v${versionOf(html)}`, opened.headers.get('etag').split('-')[0]);
  const fields = (h) => {
    const body = new URLSearchParams({ csrf: csrfOf(h), version: versionOf(h), kind: opened.json.kind, title: opened.json.title,
      place: 'Toulouse', places: String(opened.json.places), action: 'enregistrer' });
    for (const m of h.matchAll(/name="badge" value="([^"]+)" checked/g)) body.append('badge', m[1]);
    return body;
  };
  const send = (body) => fetch(site.base + edit, { method: 'POST', redirect: 'manual', body,
    headers: { Origin: site.base, Accept: 'text/html', Cookie: cookie } });
  const filled = fields(html);
  // Meanwhile the partner closes it through the API.
  r = await call('POST', p, { body: { closed: true }, bearer: tokens.chef, headers: { 'If-Match': opened.headers.get('etag') } });
  assert.equal(r.status, 200, r.text);
  const closedTag = r.headers.get('etag');
  // The form, sent as it was filled (open, Toulouse): 409, shown again with the values kept, nothing written.
  r = await send(filled);
  assert.equal(r.status, 409);
  html = await r.text();
  assert.match(html, /role="alert"[^>]*>\s*<p><strong>Cette opportunité a été modifiée entre-temps par quelqu’un d’autre\.<\/strong><\/p>\s*<p>Vérifiez les informations ci-dessous, puis enregistrez à nouveau\.<\/p>/);
  assert.match(html, /name="place" type="text" maxlength="200" value="Toulouse"/);
  assert.equal(`"v${versionOf(html)}`, closedTag.split('-')[0], 'the form now carries the current version');
  const now = await chef.get(p);
  assert.deepEqual([now.json.status, now.json.place], ['closed', 'Bordeaux'], 'the API change stands');
  assert.equal(now.headers.get('etag'), closedTag);
  // Saved again from the form shown: that is a choice made knowing, it goes through.
  r = await send(fields(html));
  assert.equal(r.status, 303);
  const saved = await chef.get(p);
  assert.deepEqual([saved.json.status, saved.json.place], ['open', 'Toulouse']);
  // A version that is not one (tampered) never matches either.
  html = await (await page(edit, cookie)).text();
  const tampered = fields(html);
  tampered.set('version', '12abc');
  tampered.set('place', 'Nulle part');
  assert.equal((await send(tampered)).status, 409);
  assert.equal((await chef.get(p)).json.place, 'Toulouse');
});
