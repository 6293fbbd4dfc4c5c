'use strict';
/*
 * Privacy in the network (issue 9, "Must show"): a partner sees nothing of
 * a young person who has not applied to one of its opportunities, and an
 * application shares only the badges asked for.  A partner employer's
 * staff (session and API token) tries every partner-side page and API with
 * the uids, name and email of Sam, who never applied: each answer is a
 * refusal or says nothing of Sam.  Lina, who holds three badges, applies to
 * an opportunity asking for one: the partner sees that one and no other.
 * Run from the repository root: node --test tests/http/privacy-network.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Site } = require('../lib/server');

const PASSWORD = 'un mot de passe assez long';
const site = new Site();
const holders = {};
const badges = {};
const awards = {};
let chef, bearer, oppUid, pathwayUid;

function form(p, fields, cookie) {
  return fetch(site.base + p, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
    headers: { Origin: site.base, Accept: 'text/html', ...(cookie ? { Cookie: cookie } : {}) } });
}
function get(p, cookie, accept = 'text/html') {
  return fetch(site.base + p, { redirect: 'manual', headers: { Accept: accept, ...(cookie ? { Cookie: cookie } : {}) } });
}
const csrfOf = (html) => /name="csrf" value="([^"]+)"/.exec(html)[1];

/*
 * Nothing of Sam in a body: not the name, the email, the holder or any
 * award uid, except what the request itself carries (a search box or an
 * error message repeats what was asked; callers check the status then).
 */
function noSam(where, body) {
  const asked = decodeURIComponent(where);
  for (const s of ['Sam', holders.Sam.email, holders.Sam.uid, ...Object.values(awards.Sam)]) {
    if (!asked.includes(s)) assert.ok(!body.includes(s), `${where} shows ${s}`);
  }
}

test.before(async () => {
  await site.start();
  const img = path.join(site.tmp, 'b.svg');
  fs.writeFileSync(img, '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#0b4f9c"/></svg>');
  for (const [slug, name] of [['ml', 'Mission Locale'], ['resto', 'Restaurant Le Partage']]) {
    site.cli(['org', 'add', '--slug', slug, '--name', name, '--url', 'https://example.org', '--email', 'c@example.org']);
  }
  site.cli(['user', 'add', '--email', 'chef@example.org', '--name', 'Chef', '--org', 'resto', '--role', 'admin',
    '--password-file', '-'], `${PASSWORD}\n`);
  bearer = site.cli(['user', 'token', '--email', 'chef@example.org', '--org', 'resto', '--name', 't']).trim();
  for (const [key, name] of [['cv', 'Atelier CV'], ['entretien', 'Atelier entretien'], ['secours', 'Premiers secours']]) {
    badges[key] = site.cli(['badge', 'add', '--org', 'ml', '--name', name, '--description', 'd',
      '--criteria', 'c', '--image', img]).split('/').pop().trim();
  }
  const def = path.join(site.tmp, 'pw.json');
  fs.writeFileSync(def, JSON.stringify({ root: 'r', steps: [{ id: 'cv', badge: badges.cv },
    { id: 'e', badge: badges.entretien }, { id: 'r', steps: ['cv', 'e'] }] }));
  pathwayUid = site.cli(['pathway', 'add', '--org', 'ml', '--name', 'Ateliers', '--definition', def]).trim();
  for (const [name, email] of [['Lina', 'lina@example.org'], ['Sam', 'sam@example.org']]) {
    const out = site.cli(['holder', 'create', '--first-name', name, '--email', email]).split('\n');
    holders[name] = { uid: out[0].split(' ')[1], link: out[1], email };
    awards[name] = {};
    for (const k of ['cv', 'entretien', 'secours']) {
      awards[name][k] = site.cli(['award', '--badge', badges[k], '--email', email, '--name', name]).split('/').pop().trim();
      site.cli(['holder', 'claim', '--holder-link', out[1].split('/').pop(), '--award', awards[name][k]]);
    }
  }
  oppUid = site.cli(['opportunity', 'add', '--org', 'resto', '--kind', 'immersion', '--title', 'Immersion en cuisine',
    '--places', '2', '--badges', badges.cv]).trim();
  await site.serve();
  const r = await form('/connexion', { email: 'chef@example.org', password: PASSWORD });
  assert.equal(r.status, 303);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  chef = { cookie, csrf: csrfOf(await (await get('/espace/resto', cookie)).text()) };
  // Lina applies, sharing the one award asked for.
  const s = await get(new URL(holders.Lina.link).pathname);
  holders.Lina.cookie = /(?:^|,\s*)(sac=[^;]+)/.exec(s.headers.get('set-cookie'))[1];
  const page = await (await get(`/sac/opportunites/${oppUid}`, holders.Lina.cookie)).text();
  const chosen = Object.fromEntries([...page.matchAll(/name="(award-\d+)" value="([^"]+)" checked/g)].map((m) => [m[1], m[2]]));
  assert.deepEqual(Object.values(chosen), [awards.Lina.cv], 'only the award asked for is offered');
  const ap = await form(`/sac/opportunites/${oppUid}/postuler`, { csrf: csrfOf(page), ...chosen }, holders.Lina.cookie);
  assert.equal(ap.status, 303, await ap.text());
});

test.after(async () => { await site.stop(); });

test('an application shares only the badges asked for', async () => {
  const html = await (await get(`/espace/resto/opportunites/${oppUid}`, chef.cookie)).text();
  assert.match(html, />Lina</);
  assert.ok(html.includes(`/awards/${awards.Lina.cv}`), 'the shared award');
  for (const k of ['entretien', 'secours']) assert.ok(!html.includes(awards.Lina[k]), `not ${k}`);
  assert.ok(!html.includes('Premiers secours') && !html.includes('Atelier entretien'), 'not even the names of the others');
  assert.ok(!html.includes(holders.Lina.uid), 'not the holder id');
  noSam('the applications', html);
});

test('the partner sees nothing of a young person who did not apply: pages', async () => {
  const pages = ['/espace/resto', '/espace/resto/opportunites', `/espace/resto/opportunites/${oppUid}`,
    '/espace/resto/attributions', '/espace/resto/attributions?q=sam', `/espace/resto/attributions?q=${holders.Sam.email}`,
    '/espace/resto/attributions.csv', '/espace/resto/parcours', '/espace/resto/besoins', '/espace/resto/reconnaissances',
    '/espace/resto/partenaires', '/espace/resto/badges',
    ...Object.values(awards.Sam).flatMap((a) => [`/espace/resto/attributions/${a}`, `/espace/ml/attributions/${a}`,
      `/espace/resto/attributions/${a}/recommandation`]),
    `/espace/ml/parcours/${pathwayUid}`, '/espace/ml/attributions', '/espace/ml/parcours'];
  for (const p of pages) {
    const r = await get(p, chef.cookie);
    const body = await r.text();
    assert.ok([200, 403, 404].includes(r.status), `${p}: ${r.status}`);
    noSam(p, body);
    // Whatever was asked, no link to any of Sam's awards (beyond repeating the uid asked for).
    for (const a of Object.values(awards.Sam).filter((x) => !p.includes(x))) {
      assert.ok(!body.includes(`href="/espace/resto/attributions/${a}`) && !body.includes(`/awards/${a}`), `${p} links ${a}`);
    }
  }
  // State-changing forms with Sam's awards: refused, and nothing of Sam in the answer.
  for (const a of Object.values(awards.Sam)) {
    for (const [p, f] of [[`/espace/resto/attributions/${a}/recommandation`, { tutor_name: 'X', tutor_email: 'x@example.org' }],
      ['/espace/resto/attributions/revocation', { award: a, reason: 'x' }]]) {
      const r = await form(p, { csrf: chef.csrf, ...f }, chef.cookie);
      assert.ok(r.status >= 400, `${p} with ${a}: ${r.status}`);
      noSam(`${p} ${a}`, await r.text());
    }
  }
});

test('the partner sees nothing of a young person who did not apply: API', async () => {
  const call = (p) => fetch(site.base + p, { headers: { Authorization: `Bearer ${bearer}` } });
  const paths = ['/api/v1/orgs/resto/awards', `/api/v1/orgs/resto/awards?q=${holders.Sam.email}`, '/api/v1/orgs/ml/awards',
    '/api/v1/orgs/resto/pathways', `/api/v1/pathways/${pathwayUid}`, '/api/v1/orgs/ml/pathways',
    ...Object.values(awards.Sam).map((a) => `/api/v1/awards/${a}`)];
  for (const p of paths) {
    const r = await call(p);
    const body = await r.text();
    assert.ok([200, 403, 404].includes(r.status), `${p}: ${r.status}`);
    noSam(p, body);
  }
  for (const a of Object.values(awards.Sam)) {
    assert.equal((await call(`/api/v1/awards/${a}`)).status, 404, `the award ${a} is not found`);
    const r = await fetch(`${site.base}/api/v1/awards/${a}/revoke`, { method: 'POST',
      headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' }, body: '{"reason":"x"}' });
    assert.ok([403, 404].includes(r.status), `revoke ${a}: ${r.status}`);
    noSam(`/api/v1/awards/${a}/revoke`, await r.text());
  }
});
