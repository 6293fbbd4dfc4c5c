'use strict';
/*
 * Pathway progress keyed by the young person (issue 9, over real HTTP): a
 * young person claims the fair badge by QR with a first name only, then the
 * stands give the CV workshop, the interview workshop and a soft skill by
 * their personal code.  None of these awards carries an email, so only the
 * holder links them: the pathway completes, the milestone is awarded once,
 * to that holder (it shows in their backpack), names the same recipient as
 * their awards, and `blason verify` accepts it.  A second young person
 * with one step left sees the pathway as one step away on /sac/parcours.
 * Run from the repository root: node --test tests/http/pathway-holder.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Site, BLASON, repoRoot } = require('../lib/server');
const { MASTER, PASSWORD, token, signIn, post, createEvent, claim } = require('../lib/events');

let S, base, bearer, issuer, ev, pathwayUid, oppUid;
const badges = {};

async function api(method, p, body) {
  const h = { Authorization: `Bearer ${bearer}` };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const r = await fetch(base + p, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, text, json: text.startsWith('{') ? JSON.parse(text) : null };
}

/* The young person's backpack session from their personal link. */
async function backpack(link) {
  const r = await fetch(link, { redirect: 'manual' });
  assert.equal(r.status, 303, `personal link ${link}`);
  return r.headers.get('set-cookie').split(';')[0];
}

async function sacPage(cookie, p) {
  const r = await fetch(base + p, { headers: { Cookie: cookie, Accept: 'text/html' } });
  return { status: r.status, text: await r.text() };
}

async function give(code, key) {
  const r = await post(issuer, `/espace/ml/evenements/${ev}/stand/remettre`, { code, badge: badges[key] },
    { Accept: 'application/json', 'X-CSRF-Token': issuer.csrf });
  const text = await r.text();
  assert.equal(r.status, 200, text);
  return JSON.parse(text).award;
}

test.before(async () => {
  process.env.BLASON_MASTER_KEY = MASTER;
  S = await new Site().start();
  base = S.base;
  S.cli(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale', '--url', 'https://example.org', '--email', 'c@example.org']);
  S.cli(['org', 'add', '--slug', 'emp', '--name', 'Boulangerie', '--url', 'https://example.org', '--email', 'b@example.org']);
  S.cli(['user', 'add', '--email', 'issuer@example.org', '--name', 'Issuer', '--org', 'ml', '--role', 'issuer',
    '--password-file', '-'], `${PASSWORD}\n`);
  bearer = S.cli(['user', 'token', '--email', 'issuer@example.org', '--org', 'ml', '--name', 't']);
  await S.serve();
  const svg = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg'));
  const image = `data:image/svg+xml;base64,${svg.toString('base64')}`;
  const names = { forum: 'Participation au salon', cv: 'Atelier CV', entretien: 'Atelier entretien',
    ponctualite: 'Ponctualité', equipe: 'Travail en équipe', communication: 'Communication',
    pret: 'Prêt pour l’emploi' };
  for (const [key, name] of Object.entries(names)) {
    const r = await api('POST', '/api/v1/orgs/ml/badges', { name, description: `Badge ${name}`,
      criteria: { narrative: 'Participer' }, image });
    assert.equal(r.status, 201, r.text);
    badges[key] = r.json.uid;
  }
  const definition = { root: 'pret', steps: [
    { id: 'forum', title: 'Salon', badge: badges.forum }, { id: 'cv', title: 'Atelier CV', badge: badges.cv },
    { id: 'entretien', title: 'Atelier entretien', badge: badges.entretien },
    { id: 'ponctualite', badge: badges.ponctualite }, { id: 'equipe', badge: badges.equipe },
    { id: 'communication', badge: badges.communication },
    { id: 'soft', title: 'Un savoir-être', need: 1, steps: ['ponctualite', 'equipe', 'communication'] },
    { id: 'pret', steps: ['forum', 'cv', 'entretien', 'soft'] }] };
  const p = await api('POST', '/api/v1/orgs/ml/pathways', { name: 'Prêt pour l’emploi', definition, goalBadge: badges.pret });
  assert.equal(p.status, 201, p.text);
  pathwayUid = p.json.uid;
  // A partner's job dating that requires the pathway (and no badge of its own).
  oppUid = S.cli(['opportunity', 'add', '--org', 'emp', '--kind', 'entretien', '--title', 'Job dating vente',
    '--place', 'Paris 19e', '--places', '3', '--pathway', pathwayUid]).trim();
  issuer = await signIn(base, 'issuer@example.org', 'ml');
  ev = await createEvent(issuer, 'ml', { name: 'Salon de l’emploi', place: 'Paris', participation: badges.forum,
    stands: [badges.cv, badges.entretien, badges.ponctualite] });
});

test.after(async () => {
  delete process.env.BLASON_MASTER_KEY;
  if (S) await S.stop(); // fails on a crash or a sanitizer report
});

test('claimed by QR and given at the stands: the pathway completes for the holder, the milestone is theirs', async () => {
  const url = `${base}/r/${token(ev, 'r', Math.floor(Date.now() / 30000))}`;
  const yp = await claim(base, url, { first_name: 'Nora' });
  assert.equal(yp.status, 303, yp.text);
  assert.ok(yp.code && yp.link && yp.award);
  const steps = [yp.award, await give(yp.code, 'cv'), await give(yp.code, 'entretien')];
  let funnel = (await api('GET', `/api/v1/pathways/${pathwayUid}`)).json.funnel;
  assert.equal(funnel.started, 1, 'one person (the holder), not one per award');
  assert.equal(funnel.completed, 0);
  const cookie = await backpack(yp.link);
  let sac = await sacPage(cookie, '/sac');
  assert.doesNotMatch(sac.text, /Prêt pour l’emploi/);
  assert.match(sac.text, /href="\/sac\/parcours"/);
  // The progress map: three steps done, the soft skills next, each linked to where to earn it.
  let map = await sacPage(cookie, '/sac/parcours');
  assert.equal(map.status, 200);
  assert.match(map.text, /<h2 id="pw-[^"]+">Prêt pour l’emploi<\/h2>/);
  assert.match(map.text, /Plus qu’une étape/);
  assert.match(map.text, new RegExp(`<a href="/badges/${badges.cv}">Atelier CV</a>\\s*<span class="sacpw-state">\\(fait\\)`));
  assert.match(map.text, new RegExp(`<a href="/badges/${badges.equipe}">Travail en équipe</a>\\s*<span class="sacpw-state">\\(à faire maintenant\\)`));
  assert.match(map.text, /Un savoir-être : 1 au choix parmi 3/);
  assert.equal((await fetch(`${base}/sac/parcours`, { redirect: 'manual' })).status, 303, 'private: no session, no map');
  // One badge from the pathway: the job dating is one step away, not open.
  let opps = /<h2>À une étape<\/h2>([\s\S]*?)<\/ul>/.exec(map.text);
  assert.ok(opps, 'the one-step-away list');
  assert.match(opps[1], new RegExp(`href="/sac/opportunites/${oppUid}">Job dating vente</a>`));
  assert.doesNotMatch(map.text, /Opportunités ouvertes pour vous/);
  steps.push(await give(yp.code, 'ponctualite'));
  funnel = (await api('GET', `/api/v1/pathways/${pathwayUid}`)).json.funnel;
  assert.equal(funnel.started, 1);
  assert.equal(funnel.completed, 1);
  // The milestone: once, in the holder's backpack, with the steps as evidence.
  const list = await api('GET', `/api/v1/orgs/ml/awards?badge=${badges.pret}&limit=50`);
  assert.equal(list.json.items.length, 1, list.text);
  const m = list.json.items[0];
  assert.equal(m.status, 'issued');
  sac = await sacPage(cookie, '/sac');
  assert.match(sac.text, /Prêt pour l’emploi/);
  assert.match(sac.text, new RegExp(m.uid));
  map = await sacPage(cookie, '/sac/parcours');
  assert.match(map.text, /Parcours terminé/);
  assert.doesNotMatch(map.text, /à faire maintenant/);
  // Complete: the job dating is open to them now.
  opps = /<h2>Opportunités ouvertes pour vous<\/h2>([\s\S]*?)<\/ul>/.exec(map.text);
  assert.ok(opps, 'the open list');
  assert.match(opps[1], new RegExp(`href="/sac/opportunites/${oppUid}">Job dating vente</a>`));
  assert.doesNotMatch(map.text, /<h2>À une étape<\/h2>/);
  // The same recipient as the awards that led to it: the holder's URL in OB 3.0.
  const cred = async (uid) => (await (await fetch(`${base}/awards/${uid}/credential`)).json());
  const mc = await cred(m.uid);
  const fc = await cred(yp.award);
  assert.ok(mc.credentialSubject.id, 'the milestone names the holder');
  assert.equal(mc.credentialSubject.id, fc.credentialSubject.id);
  const doc = await (await fetch(`${base}/awards/${m.uid}`, { headers: { Accept: 'application/ld+json' } })).json();
  const evidence = [].concat(doc.evidence).map((e) => e.id).sort();
  assert.deepEqual(evidence, steps.map((u) => `${base}/awards/${u}`).sort());
  const v = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network', `${base}/awards/${m.uid}`],
    { encoding: 'utf8' });
  assert.equal(JSON.parse(v.stdout).verdict, 'valid', v.stdout + v.stderr);
  // Given again at a stand: nothing new.
  await give(yp.code, 'cv');
  assert.equal((await api('GET', `/api/v1/orgs/ml/awards?badge=${badges.pret}&limit=50`)).json.items.length, 1);
});
