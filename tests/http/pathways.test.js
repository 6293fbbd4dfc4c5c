'use strict';
/*
 * Pathways over real HTTP (issue 9): the "Prêt pour l'emploi" pathway of the
 * issue (fair + CV workshop + interview workshop + any 1 of 3 soft-skill
 * badges -> the milestone badge) built through the API; awards through the
 * API; the milestone appears by itself, once, with the step awards as
 * evidence, and `blason verify` accepts it; revoking a step withdraws it
 * ("parcours incomplet") and earning the step again gives a new one; the
 * funnel counts; bad definitions get a problem+json naming the step;
 * another organisation sees nothing.
 * Run from the repository root: node --test tests/http/pathways.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const { BLASON, Site } = require('../lib/server');
const { apiCall } = require('../lib/api');

let S, base, token, otherToken, adminToken;
const svg = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg'));
const image = `data:image/svg+xml;base64,${svg.toString('base64')}`;
const badges = {};
let pathwayUid;

const call = (method, p, { body, bearer = token } = {}) => apiCall(base, method, p, { body, bearer });

function verify(target, recipient) {
  const r = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network',
    ...(recipient ? ['--recipient', recipient] : []), target], { encoding: 'utf8' });
  return { status: r.status, report: JSON.parse(r.stdout || '{}'), out: r.stdout + r.stderr };
}

async function award(badge, email) {
  const r = await call('POST', `/api/v1/badges/${badges[badge]}/awards`, { body: { email, notify: false } });
  assert.equal(r.status, 201, r.text);
  return r.json.uid;
}

/* The awards of the milestone badge class held by email. */
async function milestones(email) {
  const r = await call('GET', `/api/v1/orgs/ml/awards?badge=${badges.pret}&limit=500`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((a) => a.recipient.email === email);
}

test.before(async () => {
  S = await new Site().start();
  base = S.base;
  for (const slug of ['ml', 'other']) {
    S.cli(['org', 'add', '--slug', slug, '--name', `Org ${slug}`, '--url', 'https://example.org',
      '--email', 'contact@example.org']);
  }
  S.cli(['user', 'add', '--email', 'issuer@example.org', '--name', 'Issuer', '--org', 'ml', '--role', 'issuer',
    '--password-file', '-'], 'un mot de passe assez long\n');
  S.cli(['user', 'add', '--email', 'else@example.org', '--name', 'Else', '--org', 'other', '--role', 'admin',
    '--password-file', '-'], 'un mot de passe assez long\n');
  S.cli(['user', 'add', '--email', 'admin@example.org', '--name', 'Admin', '--org', 'ml', '--role', 'admin',
    '--password-file', '-'], 'un mot de passe assez long\n');
  token = S.cli(['user', 'token', '--email', 'issuer@example.org', '--org', 'ml', '--name', 't']);
  adminToken = S.cli(['user', 'token', '--email', 'admin@example.org', '--org', 'ml', '--name', 't']);
  otherToken = S.cli(['user', 'token', '--email', 'else@example.org', '--org', 'other', '--name', 't']);
  await S.serve();
  const names = {
    forum: 'Participation au forum emploi', cv: 'Atelier CV', entretien: 'Atelier entretien',
    ponctualite: 'Ponctualité', equipe: 'Travail en équipe', communication: 'Communication',
    pret: 'Prêt pour l’emploi',
  };
  for (const [key, name] of Object.entries(names)) {
    const r = await call('POST', '/api/v1/orgs/ml/badges', { body: { name, description: `Badge ${name}`,
      criteria: { narrative: 'Participer' }, image } });
    assert.equal(r.status, 201, r.text);
    badges[key] = r.json.uid;
  }
});

test.after(async () => {
  if (S) await S.stop();
});

function pretDefinition() {
  return {
    root: 'pret',
    steps: [
      { id: 'forum', title: 'Forum emploi', badge: badges.forum },
      { id: 'cv', title: 'Atelier CV', badge: badges.cv },
      { id: 'entretien', title: 'Atelier entretien', badge: badges.entretien },
      { id: 'ponctualite', badge: badges.ponctualite },
      { id: 'equipe', badge: badges.equipe },
      { id: 'communication', badge: badges.communication },
      { id: 'savoir-etre', title: 'Un savoir-être', need: 1, steps: ['ponctualite', 'equipe', 'communication'] },
      { id: 'pret', steps: ['forum', 'cv', 'entretien', 'savoir-etre'] },
    ],
  };
}

test('bad definitions are refused with a problem naming the step', async () => {
  const def = pretDefinition();
  def.steps[6].need = 4;
  let r = await call('POST', '/api/v1/orgs/ml/pathways', { body: { name: 'X', definition: def } });
  assert.equal(r.status, 400, r.text);
  assert.match(r.headers.get('content-type'), /application\/problem\+json/);
  assert.equal(r.json.code, 'invalid');
  assert.match(r.json.detail, /step "savoir-etre": "need" must be between 1 and 3/);
  const cyc = { root: 'a', steps: [{ id: 'a', steps: ['b'] }, { id: 'b', steps: ['a'] }] };
  r = await call('POST', '/api/v1/orgs/ml/pathways', { body: { name: 'X', definition: cyc } });
  assert.equal(r.status, 400);
  assert.match(r.json.detail, /is part of a cycle/);
  // A badge of another organisation, and the milestone as its own step.
  const foreign = pretDefinition();
  foreign.steps[0].badge = 'nopeNOPEnopeNOPEnope12';
  r = await call('POST', '/api/v1/orgs/ml/pathways', { body: { name: 'X', definition: foreign } });
  assert.equal(r.status, 400);
  assert.match(r.json.detail, /not a badge class of this organisation/);
  r = await call('POST', '/api/v1/orgs/ml/pathways', { body: { name: 'X', definition: pretDefinition(), goalBadge: badges.cv } });
  assert.equal(r.status, 400);
  assert.match(r.json.detail, /goal_badge: the milestone cannot be a step/);
});

test('the pathway of the issue is created, and another organisation cannot see it', async () => {
  const r = await call('POST', '/api/v1/orgs/ml/pathways', { body: { name: 'Prêt pour l’emploi',
    description: 'Forum, ateliers et un savoir-être', definition: pretDefinition(), goalBadge: badges.pret } });
  assert.equal(r.status, 201, r.text);
  pathwayUid = r.json.uid;
  assert.equal(r.json.goal.badge, badges.pret);
  assert.equal(r.json.goal.opportunity, null);
  assert.equal(r.json.definition.steps.length, 8);
  assert.deepEqual(r.json.funnel, { started: 0, halfway: 0, completed: 0, withdrawn: 0, opportunityTaken: 0 });
  const list = await call('GET', '/api/v1/orgs/ml/pathways');
  assert.deepEqual(list.json.items.map((p) => p.uid), [pathwayUid]);
  assert.equal((await call('GET', `/api/v1/pathways/${pathwayUid}`, { bearer: otherToken })).status, 404);
  // Updating: the same checks; another organisation cannot.
  const upd = { name: 'Prêt pour l’emploi', description: 'Forum, ateliers et un savoir-être', definition: pretDefinition(),
    goalBadge: badges.pret };
  assert.equal((await call('POST', `/api/v1/pathways/${pathwayUid}`, { body: upd, bearer: otherToken })).status, 404);
  const broken = { ...upd, definition: { root: 'x', steps: [] } };
  const rb = await call('POST', `/api/v1/pathways/${pathwayUid}`, { body: broken });
  assert.equal(rb.status, 400);
  assert.match(rb.json.detail, /^definition: /);
  const ru = await call('POST', `/api/v1/pathways/${pathwayUid}`, { body: { ...upd, description: 'Nouvelle description' } });
  assert.equal(ru.status, 200, ru.text);
  assert.equal(ru.json.description, 'Nouvelle description');
  assert.equal((await call('GET', '/api/v1/orgs/ml/pathways', { bearer: otherToken })).status, 404);
});

test('the milestone is awarded by itself, once, verifiable, with the steps as evidence', async () => {
  const email = 'samia@example.org';
  const steps = {};
  steps.forum = await award('forum', email);
  steps.cv = await award('cv', email);
  steps.equipe = await award('equipe', email);
  let p = (await call('GET', `/api/v1/pathways/${pathwayUid}`)).json;
  assert.equal(p.funnel.started, 1);
  assert.equal(p.funnel.halfway, 1);
  assert.equal(p.funnel.completed, 0);
  assert.equal((await milestones(email)).length, 0, 'not complete yet');

  steps.entretien = await award('entretien', email);
  let m = await milestones(email);
  assert.equal(m.length, 1, 'the milestone appears with the last step');
  assert.equal(m[0].status, 'issued');
  // A second soft skill and the same step again do not award it twice.
  await award('communication', email);
  await award('cv', email);
  assert.equal((await milestones(email)).length, 1);
  p = (await call('GET', `/api/v1/pathways/${pathwayUid}`)).json;
  assert.equal(p.funnel.completed, 1);

  const v = verify(`${base}/awards/${m[0].uid}`, email);
  assert.equal(v.status, 0, v.out);
  assert.equal(v.report.verdict, 'valid', v.out);
  const doc = await (await fetch(`${base}/awards/${m[0].uid}`, { headers: { Accept: 'application/ld+json' } })).json();
  const evidence = [].concat(doc.evidence).map((e) => e.id);
  for (const k of ['forum', 'cv', 'entretien', 'equipe']) {
    assert.ok(evidence.includes(`${base}/awards/${steps[k]}`), `evidence has ${k}: ${JSON.stringify(evidence)}`);
  }
  assert.equal(evidence.length, 4, 'only the awards that completed a step');

  // Revoking a step the milestone stands on withdraws it.
  const rv = await call('POST', `/api/v1/awards/${steps.entretien}/revoke`, { body: { reason: 'erreur' } });
  assert.equal(rv.status, 200, rv.text);
  m = await milestones(email);
  assert.equal(m.length, 1);
  assert.equal(m[0].status, 'revoked');
  assert.equal(m[0].revocationReason, 'parcours incomplet');
  const gone = verify(`${base}/awards/${m[0].uid}`, email);
  assert.equal(gone.report.verdict, 'revoked', gone.out);
  p = (await call('GET', `/api/v1/pathways/${pathwayUid}`)).json;
  assert.equal(p.funnel.completed, 0);
  assert.equal(p.funnel.withdrawn, 1);

  // Revoking a soft skill while another one is held changes nothing.
  steps.entretien = await award('entretien', email);
  m = await milestones(email);
  assert.equal(m.length, 2, 'completed again: a new milestone');
  const fresh = m.find((a) => a.status === 'issued');
  assert.ok(fresh);
  await call('POST', `/api/v1/awards/${steps.equipe}/revoke`, { body: {} });
  assert.equal((await milestones(email)).filter((a) => a.status === 'issued').length, 1);
});

test('each person has their own progress; the audit log records the milestones', async () => {
  for (const k of ['forum', 'cv', 'entretien', 'ponctualite']) await award(k, 'leo@example.org');
  await award('forum', 'ines@example.org');
  assert.equal((await milestones('leo@example.org')).length, 1);
  assert.equal((await milestones('ines@example.org')).length, 0);
  const p = (await call('GET', `/api/v1/pathways/${pathwayUid}`)).json;
  assert.equal(p.funnel.started, 3);
  assert.equal(p.funnel.completed, 2);
  assert.equal(p.funnel.halfway, 2);
  const audit = await call('GET', '/api/v1/orgs/ml/audit?limit=200', { bearer: adminToken });
  assert.equal(audit.status, 200, audit.text);
  const acts = audit.json.items.map((a) => a.action);
  assert.equal(acts.filter((a) => a === 'pathway.milestone').length, 3);
  assert.equal(acts.filter((a) => a === 'pathway.withdraw').length, 1);
  assert.equal(acts.filter((a) => a === 'pathway.create').length, 1);
});

/* ---- the issuer space pages ---- */

async function signIn(email) {
  const r = await fetch(`${base}/connexion`, { method: 'POST', redirect: 'manual', headers: { Origin: base },
    body: new URLSearchParams({ email, password: 'un mot de passe assez long' }) });
  assert.equal(r.status, 303, `sign-in ${email}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const home = await (await fetch(`${base}/espace`, { headers: { Cookie: cookie } })).text();
  return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(home)[1] };
}

function page(s, p) {
  return fetch(base + p, { redirect: 'manual', headers: { Cookie: s.cookie, Accept: 'text/html' } });
}

function postForm(s, p, fields) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries({ csrf: s.csrf, ...fields })) {
    for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  }
  return fetch(base + p, { method: 'POST', redirect: 'manual', body,
    headers: { Cookie: s.cookie, Origin: base, Accept: 'text/html' } });
}

test('pages: the list with its counts, the pathway with its funnel chart and people', async () => {
  const s = await signIn('issuer@example.org');
  const list = await (await page(s, '/espace/ml/parcours')).text();
  assert.match(list, /<a href="\/espace\/ml\/parcours"[^>]*aria-current="page">Parcours<\/a>/);
  assert.match(list, new RegExp(`<a href="/espace/ml/parcours/${pathwayUid}">Prêt pour l’emploi</a></th><td>Prêt pour l’emploi</td><td>3</td><td>2</td><td>2</td>`));
  const one = await (await page(s, `/espace/ml/parcours/${pathwayUid}`)).text();
  assert.match(one, /<svg[^>]*role="img"/);
  assert.match(one, /Opportunité obtenue<\/th><td>0<\/td>/);
  assert.match(one, /Terminé<\/th><td>2<\/td>/);
  assert.match(one, /Au moins 1 parmi : le badge « Ponctualité » ; le badge « Travail en équipe » ; le badge « Communication »/);
  assert.match(one, /<th scope="row">samia@example.org<\/th><td>100 %<\/td>/);
  assert.match(one, /<th scope="row">ines@example.org<\/th><td>25 %<\/td><td>–<\/td>/);
  // Another organisation's member does not reach it.
  const other = await signIn('else@example.org');
  assert.equal((await page(other, `/espace/ml/parcours/${pathwayUid}`)).status, 404);
  assert.equal((await page(other, `/espace/other/parcours/${pathwayUid}`)).status, 404);
});

test('pages: the form builds a pathway, errors are shown next to the fields', async () => {
  const s = await signIn('issuer@example.org');
  const form = await (await page(s, '/espace/ml/parcours/nouveau')).text();
  assert.match(form, /<label for="req-[A-Za-z0-9_-]+">Atelier CV<\/label>/);
  const bad = await postForm(s, '/espace/ml/parcours/nouveau', { name: '', choice: [badges.equipe], choice_need: '3',
    required: [badges.equipe] });
  assert.equal(bad.status, 422);
  const html = await bad.text();
  assert.match(html, /role="alert"/);
  assert.match(html, /id="name" name="name"[^>]*aria-invalid="true" aria-describedby="name-error"/);
  assert.match(html, /Indiquez un nombre entre 1 et 1\./);
  assert.match(html, /Un badge ne peut pas être à la fois obligatoire et au choix\./);
  assert.match(html, /value="3"/, 'values kept');
  const ok = await postForm(s, '/espace/ml/parcours/nouveau', { name: 'Ateliers', required: [badges.cv, badges.entretien],
    ordered: '1', choice: [badges.ponctualite, badges.equipe], choice_need: '2', window: '90', goal: '' });
  assert.equal(ok.status, 303, await ok.text());
  const loc = ok.headers.get('location');
  const uid = /\/espace\/ml\/parcours\/([A-Za-z0-9_-]{22})\?ok=cree$/.exec(loc)[1];
  const api = (await call('GET', `/api/v1/pathways/${uid}`)).json;
  const root = api.definition.steps.find((x) => x.id === api.definition.root);
  assert.equal(root.window, 90 * 86400);
  const ordered = api.definition.steps.find((x) => x.ordered);
  assert.equal(ordered.steps.length, 2);
  assert.equal(api.definition.steps.find((x) => x.id === 'au-choix').need, 2);
  const detail = await (await page(s, loc)).text();
  assert.match(detail, /Le parcours a été créé/);
  assert.match(detail, /Tous ces éléments \(dans l’ordre\) : le badge « Atelier CV » ; le badge « Atelier entretien »/);
  // A viewer may not create one.
  S.cli(['user', 'add', '--email', 'viewer@example.org', '--name', 'V', '--org', 'ml', '--role', 'viewer',
    '--password-file', '-'], 'un mot de passe assez long\n');
  const v = await signIn('viewer@example.org');
  assert.equal((await page(v, '/espace/ml/parcours/nouveau')).status, 403);
});

/* ---- a new or changed pathway looks at the awards already given ---- */

async function held(badge, email) {
  const r = await call('GET', `/api/v1/orgs/ml/awards?badge=${badges[badge]}&limit=500`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((a) => a.recipient.email === email);
}

test('a new pathway scans past awards: progress rows and milestones at once, once; changed steps scan again', async () => {
  let r = await call('POST', '/api/v1/orgs/ml/badges', { body: { name: 'Ateliers terminés', description: 'Les deux ateliers',
    criteria: { narrative: 'Suivre les ateliers' }, image } });
  assert.equal(r.status, 201, r.text);
  badges.ateliers = r.json.uid;
  const noe = { cv: await award('cv', 'noe@example.org'), entretien: await award('entretien', 'noe@example.org') };
  const def = { root: 'r', steps: [{ id: 'cv', title: 'Atelier CV', badge: badges.cv },
    { id: 'entretien', title: 'Atelier entretien', badge: badges.entretien }, { id: 'r', steps: ['cv', 'entretien'] }] };
  const body = { name: 'Ateliers passés', definition: def, goalBadge: badges.ateliers };
  r = await call('POST', '/api/v1/orgs/ml/pathways', { body });
  assert.equal(r.status, 201, r.text);
  const uid = r.json.uid;
  // Before any new award: samia, leo and noe hold both workshops, ines neither.
  for (const email of ['samia@example.org', 'leo@example.org', 'noe@example.org']) {
    const m = await held('ateliers', email);
    assert.equal(m.length, 1, `${email}: one milestone from the past awards`);
    assert.equal(m[0].status, 'issued');
  }
  assert.equal((await held('ateliers', 'ines@example.org')).length, 0);
  let p = (await call('GET', `/api/v1/pathways/${uid}`)).json;
  assert.deepEqual([p.funnel.started, p.funnel.completed], [3, 3]);
  // The evidence is the hook's: the awards that completed each step.
  const m = (await held('ateliers', 'noe@example.org'))[0];
  const doc = await (await fetch(`${base}/awards/${m.uid}`, { headers: { Accept: 'application/ld+json' } })).json();
  assert.deepEqual([].concat(doc.evidence).map((e) => e.id).sort(),
    [`${base}/awards/${noe.cv}`, `${base}/awards/${noe.entretien}`].sort());
  const v = verify(`${base}/awards/${m.uid}`, 'noe@example.org');
  assert.equal(v.report.verdict, 'valid', v.out);
  // Saving it again unchanged, or with only a new name, scans nothing new and awards nothing twice.
  r = await call('POST', `/api/v1/pathways/${uid}`, { body: { ...body, name: 'Ateliers (passés)' } });
  assert.equal(r.status, 200, r.text);
  assert.equal((await held('ateliers', 'noe@example.org')).length, 1);
  // New steps: the forum is now needed too; noe never came, ines did.
  def.steps.push({ id: 'forum', badge: badges.forum });
  def.steps.find((s) => s.id === 'r').steps.push('forum');
  r = await call('POST', `/api/v1/pathways/${uid}`, { body: { ...body, definition: def } });
  assert.equal(r.status, 200, r.text);
  const after = await held('ateliers', 'noe@example.org');
  assert.equal(after.length, 1);
  assert.equal(after[0].status, 'revoked');
  assert.equal(after[0].revocationReason, 'parcours incomplet');
  for (const email of ['samia@example.org', 'leo@example.org']) {
    assert.deepEqual((await held('ateliers', email)).map((a) => a.status), ['issued'], email);
  }
  p = (await call('GET', `/api/v1/pathways/${uid}`)).json;
  assert.deepEqual([p.funnel.started, p.funnel.completed, p.funnel.withdrawn], [4, 2, 1]);
});
