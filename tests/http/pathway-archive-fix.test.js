'use strict';
/*
 * Archiving a pathway, the reviewer's four points, over real HTTP:
 *  - the pathway page of an archived pathway lists the open opportunities
 *    that still name it (own organisation: linked; a partner's: title and
 *    organisation only; closed ones left out), and the notice after
 *    archiving points to them;
 *  - an archived pathway is frozen: a step badge that expires after the
 *    archiving keeps the map "Parcours terminé" and the opportunity open
 *    to the young person (the clock is moved by shifting the stored times
 *    into the past, SQLite only);
 *  - POST /api/v1/pathways/{uid} changes names and the archived state in
 *    one go, refuses what it cannot apply (goalBadge without definition,
 *    a non-string name), and a refused body changes nothing.
 * Run from the repository root: node --test tests/http/pathway-archive-fix.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Site } = require('../lib/server');
const { apiCall } = require('../lib/api');
const { PASSWORD, signIn, get, post } = require('../lib/events');

const site = new Site();
const tokens = {};
const badges = {};
const pw = {};
let lina;

const call = (method, p, { body, bearer = tokens.conseil } = {}) => apiCall(site.base, method, p, { body, bearer });

async function award(key) {
  const r = await call('POST', `/api/v1/badges/${badges[key]}/awards`, { body: { email: lina.email, notify: false } });
  assert.equal(r.status, 201, r.text);
  site.cli(['holder', 'claim', '--holder-link', lina.link.split('/').pop(), '--award', r.json.uid]);
  return r.json.uid;
}

async function sacMap() {
  const r = await fetch(`${site.base}/sac/parcours`, { headers: { Cookie: lina.cookie, Accept: 'text/html' } });
  assert.equal(r.status, 200);
  return r.text();
}
function article(html, uid) {
  const m = new RegExp(`<article class="sacpw" aria-labelledby="pw-${uid}">([\\s\\S]*?)</article>`).exec(html);
  return m ? m[1] : null;
}

async function newPathway(name) {
  const r = await call('POST', '/api/v1/orgs/ml/pathways', { body: { name,
    definition: { root: 'all', steps: [{ id: 'cv', badge: badges.cv }, { id: 'entretien', badge: badges.entretien },
      { id: 'all', steps: ['cv', 'entretien'] }] } } });
  assert.equal(r.status, 201, r.text);
  return r.json.uid;
}

const audit = async () =>
  (await call('GET', '/api/v1/orgs/ml/audit?limit=200', { bearer: tokens.admin })).json.items.map((i) => i.action);

test.before(async () => {
  await site.start();
  const img = path.join(site.tmp, 'b.svg');
  fs.writeFileSync(img, '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#0b4f9c"/></svg>');
  for (const [slug, name] of [['ml', 'Mission Locale'], ['asso', 'Association Tremplin']])
    site.cli(['org', 'add', '--slug', slug, '--name', name, '--url', 'https://example.org', '--email', `c@${slug}.example.org`]);
  for (const [who, org, role] of [['conseil', 'ml', 'issuer'], ['admin', 'ml', 'admin'], ['partenaire', 'asso', 'issuer']]) {
    site.cli(['user', 'add', '--email', `${who}@example.org`, '--name', who, '--org', org, '--role', role,
      '--password-file', '-'], `${PASSWORD}\n`);
    tokens[who] = site.cli(['user', 'token', '--email', `${who}@example.org`, '--org', org, '--name', 't']);
  }
  for (const [key, name] of [['cv', 'Atelier CV'], ['entretien', 'Atelier entretien']])
    badges[key] = site.cli(['badge', 'add', '--org', 'ml', '--name', name, '--description', 'd',
      '--criteria', 'c', '--image', img]).split('/').pop();
  const out = site.cli(['holder', 'create', '--first-name', 'Lina', '--email', 'lina@example.org']).split('\n');
  lina = { link: out[1], email: 'lina@example.org' };
  await site.serve();
  const r = await fetch(lina.link, { redirect: 'manual' });
  assert.equal(r.status, 303);
  lina.cookie = r.headers.get('set-cookie').split(';')[0];
  pw.cycle = await newPathway('Cycle d’ateliers');
  pw.api = await newPathway('Parcours API');
});

test.after(async () => { await site.stop(); });

test('page: the open opportunities that still name an archived pathway, linked when they are ours', async () => {
  const mk = async (org, bearer, title, extra = {}) => {
    const r = await call('POST', `/api/v1/orgs/${org}/opportunities`, { bearer,
      body: { kind: 'immersion', title, places: 1, pathway: pw.cycle, ...extra } });
    assert.equal(r.status, 201, r.text);
    return r.json.uid;
  };
  const ours = await mk('ml', tokens.conseil, 'Immersion cuisine');
  await mk('asso', tokens.partenaire, 'Stage <accueil> & co');
  await mk('ml', tokens.conseil, 'Immersion fermée', { closed: true });

  const s = await signIn(site.base, 'conseil@example.org', 'ml');
  const pagePath = `/espace/ml/parcours/${pw.cycle}`;
  // Active: no such list.
  assert.doesNotMatch(await (await get(s, pagePath)).text(), /opportunites-parcours/);
  const r = await post(s, `${pagePath}/archiver`, {});
  assert.equal(r.status, 303);
  const html = await (await get(s, r.headers.get('location'))).text();
  assert.match(html, /aucune nouvelle opportunité ne peut le demander/);
  assert.match(html, /role="status"><span>Le parcours est archivé\.<\/span> <a href="#opportunites-parcours">/);
  const m = /<section class="pathway-naming" aria-labelledby="opportunites-parcours">([\s\S]*?)<\/section>/.exec(html);
  assert.ok(m, html);
  const items = [...m[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((x) => x[1]);
  assert.equal(items.length, 2, m[1]);
  assert.ok(items.includes(`<a href="/espace/ml/opportunites/${ours}">Immersion cuisine</a> <span class="pathway-naming-org">Mission Locale</span>`), items.join('\n'));
  // The partner's: escaped title and its organisation, no link into a space we are not staff of.
  assert.ok(items.includes('<span>Stage &lt;accueil&gt; &amp; co</span> <span class="pathway-naming-org">Association Tremplin</span>'), items.join('\n'));
  assert.doesNotMatch(m[1], /Immersion fermée|\/espace\/asso/);
  // The linked page answers for this staff member.
  assert.equal((await get(s, `/espace/ml/opportunites/${ours}`)).status, 200);
  // Without the flash, the list is still there.
  assert.match(await (await get(s, pagePath)).text(), /Opportunités ouvertes qui demandent encore ce parcours/);
});

test('frozen: a step badge expiring after the archiving keeps the pathway done and its opportunity open', async (t) => {
  if (process.env.BLASON_TEST_DB || spawnSync('sqlite3', ['-version']).status !== 0) {
    t.skip('needs the SQLite file and the sqlite3 tool');
    return;
  }
  const db = path.join(site.tmp, 'blason.db');
  const sql = (q) => {
    const r = spawnSync('sqlite3', [db, q], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  const uid = await newPathway('Cycle gelé');
  await award('cv');
  const late = await award('entretien');
  const opp = await call('POST', '/api/v1/orgs/ml/opportunities', { body: { kind: 'entretien', title: 'Entretien boulangerie',
    places: 1, pathway: uid } });
  assert.equal(opp.status, 201, opp.text);
  assert.match(article(await sacMap(), uid), /Parcours terminé/);
  let r = await call('POST', `/api/v1/pathways/${uid}`, { body: { archived: true } });
  assert.equal(r.status, 200, r.text);

  // Time passes: her badges were issued 1000 s ago, the pathway archived 500 s ago,
  // and the "entretien" badge expired 100 s ago, after the archiving.
  sql(`UPDATE awards SET issued_at = issued_at - 1000 WHERE recipient_email = '${lina.email}'`);
  sql(`UPDATE pathways SET archived = CAST(strftime('%s','now') AS INTEGER) - 500 WHERE uid = '${uid}'`);
  sql(`UPDATE awards SET expires_at = CAST(strftime('%s','now') AS INTEGER) - 100 WHERE uid = '${late}'`);
  assert.equal(sql(`SELECT expires_at < CAST(strftime('%s','now') AS INTEGER) AND expires_at > archived
    FROM awards, pathways WHERE awards.uid = '${late}' AND pathways.uid = '${uid}'`), '1');

  const map = await sacMap();
  const a = article(map, uid);
  assert.ok(a, map);
  assert.match(a, /Ce parcours est fermé\./);
  assert.match(a, /Parcours terminé/);
  assert.doesNotMatch(a, /non obtenu/);
  // The opportunity that names it still counts it as completed.
  assert.match(map, new RegExp(`<a href="/sac/opportunites/${opp.json.uid}">Entretien boulangerie</a>`));

  // Control: expired BEFORE the archiving, the step is not obtained.
  sql(`UPDATE awards SET expires_at = CAST(strftime('%s','now') AS INTEGER) - 600 WHERE uid = '${late}'`);
  const b = article(await sacMap(), uid);
  assert.doesNotMatch(b, /Parcours terminé/);
  assert.match(b, /Atelier entretien<\/a>\s*<span class="sacpw-state">\(non obtenu\)/);
});

test('API: name and archived state in one change; what cannot apply is refused and changes nothing', async () => {
  const p = `/api/v1/pathways/${pw.api}`;
  const count = (actions, a) => actions.filter((x) => x === a).length;
  const before = await audit();
  let r = await call('POST', p, { body: { archived: true, name: 'Parcours API (2026)', description: 'fini' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.archived, r.json.name, r.json.description], [true, 'Parcours API (2026)', 'fini']);
  assert.equal(r.json.definition.steps.length, 3, 'the steps are kept');
  let actions = await audit();
  for (const a of ['pathway.archive', 'pathway.update'])
    assert.equal(count(actions, a), count(before, a) + 1, a);

  // Refused, each with a problem naming the field, and nothing written.
  for (const [body, field] of [
    [{ archived: false, goalBadge: badges.cv }, /^goal_badge: only together with the definition/],
    [{ archived: false, name: 5 }, /^name: a string is expected/],
    [{ archived: false, name: '' }, /^name:/],
    [{ archived: false, name: 'x', definition: { root: 'x', steps: [{ id: 'x', badge: 'nope' }] } }, /^definition:/],
    [{}, /^definition: required/],
  ]) {
    r = await call('POST', p, { body });
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    assert.match(r.json.detail, field);
  }
  r = await call('GET', p);
  assert.deepEqual([r.json.archived, r.json.name], [true, 'Parcours API (2026)']);

  // A name alone, while archived: renamed, still archived.
  r = await call('POST', p, { body: { name: 'Parcours API' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.archived, r.json.name, r.json.description], [true, 'Parcours API', 'fini']);
  // Restored with new steps in the same request.
  r = await call('POST', p, { body: { archived: false, name: 'Parcours API', definition: { root: 'cv',
    steps: [{ id: 'cv', badge: badges.cv }] } } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.archived, r.json.definition.steps.length, r.json.description], [false, 1, '']);
  // A new pathway cannot be born archived.
  r = await call('POST', '/api/v1/orgs/ml/pathways', { body: { name: 'x', archived: true,
    definition: { root: 'cv', steps: [{ id: 'cv', badge: badges.cv }] } } });
  assert.equal(r.status, 400, r.text);
  assert.match(r.json.detail, /^archived: a new pathway cannot be archived/);
  actions = await audit();
  assert.equal(count(actions, 'pathway.restore'), count(before, 'pathway.restore') + 1);
});
