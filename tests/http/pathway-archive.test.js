'use strict';
/*
 * Archiving a pathway and bringing it back, over real HTTP: through the API
 * (`archived` on the update route, hidden from lists unless ?archived=1)
 * and through the issuer pages (a POST button with the CSRF token, the list
 * hides archived ones unless ?archives=1).  While archived, an award that
 * would complete it moves nobody and issues no milestone; the young
 * person who had started it sees it as closed on /sac/parcours, the one
 * who had not does not see it; an opportunity that named it keeps it, a
 * new one naming it is refused with a problem naming the field "pathway".
 * Restored, the award given meanwhile counts: the milestone is issued and
 * `blason verify` accepts it.
 * Run from the repository root: node --test tests/http/pathway-archive.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { BLASON, Site } = require('../lib/server');
const { apiCall } = require('../lib/api');
const { PASSWORD, signIn, get, post } = require('../lib/events');

const site = new Site();
const tokens = {};
const badges = {};
const holders = {};
const pw = {};

const call = (method, p, { body, bearer = tokens.conseil } = {}) => apiCall(site.base, method, p, { body, bearer });

async function award(key, who) {
  const r = await call('POST', `/api/v1/badges/${badges[key]}/awards`, { body: { email: holders[who].email, notify: false } });
  assert.equal(r.status, 201, r.text);
  // Into their backpack, as a claim does: the map counts the backpack's awards.
  site.cli(['holder', 'claim', '--holder-link', holders[who].link.split('/').pop(), '--award', r.json.uid]);
  return r.json.uid;
}

const milestones = async () =>
  (await call('GET', `/api/v1/orgs/ml/awards?badge=${badges.goal}&limit=50`)).json.items;

/* The young person's map, and the article of one pathway in it (null when absent). */
async function sacMap(who) {
  const r = await fetch(`${site.base}/sac/parcours`, { headers: { Cookie: holders[who].cookie, Accept: 'text/html' } });
  assert.equal(r.status, 200);
  return r.text();
}
function article(html, uid) {
  const m = new RegExp(`<article class="sacpw" aria-labelledby="pw-${uid}">([\\s\\S]*?)</article>`).exec(html);
  return m ? m[1] : null;
}

test.before(async () => {
  await site.start();
  const img = path.join(site.tmp, 'b.svg');
  fs.writeFileSync(img, '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#0b4f9c"/></svg>');
  site.cli(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale', '--url', 'https://example.org', '--email', 'c@example.org']);
  for (const [who, role] of [['conseil', 'issuer'], ['vue', 'viewer'], ['admin', 'admin']]) {
    site.cli(['user', 'add', '--email', `${who}@example.org`, '--name', who, '--org', 'ml', '--role', role,
      '--password-file', '-'], `${PASSWORD}\n`);
    tokens[who] = site.cli(['user', 'token', '--email', `${who}@example.org`, '--org', 'ml', '--name', 't']);
  }
  for (const [key, name] of [['cv', 'Atelier CV'], ['entretien', 'Atelier entretien'], ['secours', 'Premiers secours'],
    ['goal', 'Cycle d’ateliers terminé']]) {
    badges[key] = site.cli(['badge', 'add', '--org', 'ml', '--name', name, '--description', 'd',
      '--criteria', 'c', '--image', img]).split('/').pop();
  }
  for (const name of ['Lina', 'Sam']) {
    const email = `${name.toLowerCase()}@example.org`;
    const out = site.cli(['holder', 'create', '--first-name', name, '--email', email]).split('\n');
    holders[name] = { link: out[1], email };
  }
  await site.serve();
  for (const name of Object.keys(holders)) {
    const r = await fetch(holders[name].link, { redirect: 'manual' });
    assert.equal(r.status, 303);
    holders[name].cookie = r.headers.get('set-cookie').split(';')[0];
  }
  let r = await call('POST', '/api/v1/orgs/ml/pathways', { body: { name: 'Cycle d’ateliers 2026', goalBadge: badges.goal,
    definition: { root: 'all', steps: [{ id: 'cv', badge: badges.cv }, { id: 'entretien', badge: badges.entretien },
      { id: 'all', steps: ['cv', 'entretien'] }] } } });
  assert.equal(r.status, 201, r.text);
  pw.cycle = r.json.uid;
  r = await call('POST', '/api/v1/orgs/ml/pathways', { body: { name: 'Secourisme',
    definition: { root: 'all', steps: [{ id: 's', badge: badges.secours }, { id: 'all', steps: ['s'] }] } } });
  assert.equal(r.status, 201, r.text);
  pw.secours = r.json.uid;
});

test.after(async () => { await site.stop(); });

test('API: archived, hidden from the list, awards move nobody, opportunities refuse it, restored it counts', async () => {
  await award('cv', 'Lina');
  let one = await call('GET', `/api/v1/pathways/${pw.cycle}`);
  assert.equal(one.json.archived, false);
  assert.equal(one.json.archivedAt, undefined);
  // Her email's row, then her backpack's once claimed (docs/internals/pathway.md, known limits).
  const started = one.json.funnel.started;
  assert.ok(started >= 1);
  // An opportunity names it while it is active.
  const opp = await call('POST', '/api/v1/orgs/ml/opportunities', { body: { kind: 'immersion', title: 'Immersion cuisine',
    places: 2, pathway: pw.cycle } });
  assert.equal(opp.status, 201, opp.text);

  // A viewer may not archive; a non-boolean is refused; nothing changed.
  assert.equal((await call('POST', `/api/v1/pathways/${pw.cycle}`, { body: { archived: true }, bearer: tokens.vue })).status, 403);
  let r = await call('POST', `/api/v1/pathways/${pw.cycle}`, { body: { archived: 'oui' } });
  assert.equal(r.status, 400, r.text);
  assert.match(r.json.detail, /^archived: true or false/);
  assert.equal((await call('GET', `/api/v1/pathways/${pw.cycle}`)).json.archived, false);

  r = await call('POST', `/api/v1/pathways/${pw.cycle}`, { body: { archived: true } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.archived, true);
  assert.ok(Math.abs(Date.parse(r.json.archivedAt) - Date.now()) < 120e3, r.json.archivedAt);
  assert.equal(r.json.name, 'Cycle d’ateliers 2026', 'the rest is unchanged');
  assert.equal(r.json.definition.steps.length, 3);
  // Hidden from the list unless asked for.
  let list = await call('GET', '/api/v1/orgs/ml/pathways');
  assert.deepEqual(list.json.items.map((p) => p.uid), [pw.secours]);
  list = await call('GET', '/api/v1/orgs/ml/pathways?archived=1');
  assert.deepEqual(list.json.items.map((p) => [p.uid, p.archived]).sort(), [[pw.cycle, true], [pw.secours, false]].sort());

  // The award that would complete it moves nobody and issues no milestone.  Times are
  // in seconds and the archiving second still counts: the award comes a second later.
  await new Promise((res) => setTimeout(res, 1100));
  await award('entretien', 'Lina');
  one = await call('GET', `/api/v1/pathways/${pw.cycle}`);
  assert.deepEqual([one.json.funnel.started, one.json.funnel.completed], [started, 0]);
  assert.deepEqual(await milestones(), []);

  // Lina had started it: her map shows it closed, the late badge not counted, nothing to do.
  await award('secours', 'Sam');
  let map = await sacMap('Lina');
  let a = article(map, pw.cycle);
  assert.ok(a, `the closed pathway stays on the map of who started it: ${map}`);
  assert.match(a, /Ce parcours est fermé\./);
  assert.match(a, /Atelier entretien<\/a>\s*<span class="sacpw-state">\(non obtenu\)/);
  assert.doesNotMatch(a, /à faire maintenant|Parcours terminé|Plus qu’une étape/);
  // Sam never started it: not on his map, where the active pathway is.
  map = await sacMap('Sam');
  assert.equal(article(map, pw.cycle), null);
  assert.ok(article(map, pw.secours));

  // The opportunity that named it keeps it; sending it back unchanged is fine.
  const op = `/api/v1/orgs/ml/opportunities/${opp.json.uid}`;
  r = await call('GET', op);
  assert.deepEqual(r.json.pathway, { uid: pw.cycle, name: 'Cycle d’ateliers 2026', archived: true });
  r = await call('POST', op, { body: { title: 'Immersion en cuisine', pathway: pw.cycle } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.pathway.uid, pw.cycle);
  // Named anew: a problem+json naming the field.
  for (const [p, body] of [['/api/v1/orgs/ml/opportunities', { kind: 'immersion', title: 'Autre', places: 1, pathway: pw.cycle }]]) {
    r = await call('POST', p, { body });
    assert.equal(r.status, 400, r.text);
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
    assert.equal(r.json.field, 'pathway');
    assert.match(r.json.detail, /^pathway: the pathway \S+ is archived/);
  }
  const other = await call('POST', '/api/v1/orgs/ml/opportunities', { body: { kind: 'immersion', title: 'Sans parcours',
    places: 1, badges: [badges.cv] } });
  assert.equal(other.status, 201, other.text);
  r = await call('POST', `/api/v1/orgs/ml/opportunities/${other.json.uid}`, { body: { pathway: pw.cycle } });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.field, 'pathway');

  // The issuer-space form: the archived pathway is not offered; posted all the same (a page
  // opened before it was archived), it is refused next to its field, in French, values kept.
  const s = await signIn(site.base, 'conseil@example.org', 'ml');
  let html = await (await get(s, '/espace/ml/opportunites/nouvelle')).text();
  assert.match(html, new RegExp(`<option value="${pw.secours}">Secourisme</option>`));
  assert.doesNotMatch(html, new RegExp(pw.cycle));
  r = await post(s, '/espace/ml/opportunites/nouvelle', { kind: 'immersion', title: 'Immersion boulangerie', places: '2',
    pathway: pw.cycle, action: 'enregistrer' });
  assert.equal(r.status, 422);
  html = await r.text();
  assert.match(html, /role="alert"[\s\S]*<a href="#pathway">Ce parcours est archivé : il ne peut plus être demandé\./);
  assert.match(html, /<p class="field-message" id="pathway-error">Ce parcours est archivé/);
  assert.match(html, /<select id="pathway" name="pathway" aria-invalid="true" aria-describedby="pathway-error">/);
  assert.match(html, /value="Immersion boulangerie"/);
  // The opportunity that names it: shown selected, marked, and kept when saved.
  const edit = `/espace/ml/opportunites/${opp.json.uid}/modifier`;
  html = await (await get(s, edit)).text();
  assert.match(html, new RegExp(`<option value="${pw.cycle}" selected>Cycle d’ateliers 2026 \\(archivé\\)</option>`));
  r = await post(s, edit, { kind: 'immersion', title: 'Immersion en cuisine', places: '3', pathway: pw.cycle,
    action: 'enregistrer' });
  assert.equal(r.status, 303, (await r.text()).slice(0, 2000));
  r = await call('GET', op);
  assert.deepEqual([r.json.places, r.json.pathway.uid], [3, pw.cycle]);

  // Archiving again changes nothing (one audit row).
  r = await call('POST', `/api/v1/pathways/${pw.cycle}`, { body: { archived: true } });
  assert.equal(r.status, 200);

  // Restored: the award given meanwhile counts now, the milestone is issued and verifies.
  r = await call('POST', `/api/v1/pathways/${pw.cycle}`, { body: { archived: false } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.archived, false);
  assert.equal(r.json.archivedAt, undefined);
  assert.deepEqual([r.json.funnel.started, r.json.funnel.completed], [started, 1]);
  const ms = await milestones();
  assert.equal(ms.length, 1);
  assert.equal(ms[0].recipient.email, holders.Lina.email);
  const v = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network', `${site.base}/awards/${ms[0].uid}`],
    { encoding: 'utf8' });
  assert.equal(JSON.parse(v.stdout).verdict, 'valid', v.stdout + v.stderr);
  a = article(await sacMap('Lina'), pw.cycle);
  assert.doesNotMatch(a, /Ce parcours est fermé/);
  assert.match(a, /Parcours terminé/);
  list = await call('GET', '/api/v1/orgs/ml/pathways');
  assert.equal(list.json.items.length, 2);
  const actions = (await call('GET', '/api/v1/orgs/ml/audit?limit=200', { bearer: tokens.admin })).json.items.map((i) => i.action);
  assert.equal(actions.filter((x) => x === 'pathway.archive').length, 1);
  assert.equal(actions.filter((x) => x === 'pathway.restore').length, 1);
});

test('issuer pages: the button archives with the CSRF token, the list hides it, the button brings it back', async () => {
  const s = await signIn(site.base, 'conseil@example.org', 'ml');
  const pagePath = `/espace/ml/parcours/${pw.secours}`;
  let html = await (await get(s, pagePath)).text();
  assert.match(html, new RegExp(`<form class="pathway-archive" method="post" action="${pagePath}/archiver">`));
  assert.match(html, /Archiver ce parcours<\/button>/);
  // Without the token: refused, nothing archived.
  let r = await fetch(`${site.base}${pagePath}/archiver`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({}),
    headers: { Cookie: s.cookie, Origin: site.base, Accept: 'text/html' } });
  assert.equal(r.status, 403);
  assert.equal((await call('GET', `/api/v1/pathways/${pw.secours}`)).json.archived, false);
  // A viewer sees no button and may not post.
  const vue = await signIn(site.base, 'vue@example.org', 'ml');
  assert.doesNotMatch(await (await get(vue, pagePath)).text(), /pathway-archive/);
  assert.equal((await post(vue, `${pagePath}/archiver`, {})).status, 403);

  r = await post(s, `${pagePath}/archiver`, {});
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `${pagePath}?ok=archive`);
  html = await (await get(s, `${pagePath}?ok=archive`)).text();
  assert.match(html, /Le parcours est archivé\./);
  assert.match(html, /Parcours archivé le \d{1,2} \S+ \d{4} :/);
  assert.match(html, new RegExp(`action="${pagePath}/reactiver"`));
  assert.match(html, /Réactiver ce parcours<\/button>/);
  // Out of the default list, in the list with archives, tagged.
  let list = await (await get(s, '/espace/ml/parcours')).text();
  assert.doesNotMatch(list, /Secourisme/);
  assert.match(list, /href="\/espace\/ml\/parcours\?archives(?:=|&#61;)1">Voir aussi les parcours archivés/);
  list = await (await get(s, '/espace/ml/parcours?archives=1')).text();
  assert.match(list, new RegExp(`<a href="${pagePath}">Secourisme</a> <span class="tag">archivé</span>`));
  assert.match(list, /Masquer les parcours archivés/);

  r = await post(s, `${pagePath}/reactiver`, {});
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `${pagePath}?ok=reactive`);
  html = await (await get(s, `${pagePath}?ok=reactive`)).text();
  assert.match(html, /Le parcours est de nouveau actif\./);
  assert.doesNotMatch(html, /Parcours archivé le/);
  list = await (await get(s, '/espace/ml/parcours')).text();
  assert.match(list, /Secourisme/);
  assert.equal((await call('GET', `/api/v1/pathways/${pw.secours}`)).json.archived, false);
});
