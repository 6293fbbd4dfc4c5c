'use strict';
/*
 * Opportunities and applications (h_opportunity.c, h_sac_opps.c) against a
 * real `blason serve` (tests/lib/server.js): a partner employer offers an
 * immersion requiring two badge classes of the Mission Locale; a young
 * person holding both (and a third) applies from the backpack; the partner
 * sees exactly the two shared awards, answers and records the outcome,
 * which the young person reads; a young person missing one badge sees the
 * opportunity "à une étape" and is refused; another organisation sees
 * nothing.  Hostile text comes back escaped everywhere.
 * Run from the repository root: node --test tests/http/opportunities.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Site } = require('../lib/server');

const PASSWORD = 'un mot de passe assez long';
const HOSTILE = '<script>alert(1)</script> & "Chef" \'x\'';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Chef&quot; &#39;x&#39;';

const site = new Site();
const staff = {};
const holders = {};
const badges = {};
const awards = {};
let oppUid;

function form(p, fields, cookie) {
  return fetch(site.base + p, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
    headers: { Origin: site.base, Accept: 'text/html', ...(cookie ? { Cookie: cookie } : {}) } });
}
function get(p, cookie) {
  return fetch(site.base + p, { redirect: 'manual', headers: { Accept: 'text/html', ...(cookie ? { Cookie: cookie } : {}) } });
}
const csrfOf = (html) => /name="csrf" value="([^"]+)"/.exec(html)[1];

async function signIn(who, email) {
  const r = await form('/connexion', { email, password: PASSWORD });
  assert.equal(r.status, 303, `sign-in ${email}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const home = await (await fetch(`${site.base}/espace`, { headers: { Cookie: cookie } })).text();
  staff[who] = { cookie, csrf: csrfOf(home) };
}
const sget = (who, p) => get(p, staff[who].cookie);
const spost = (who, p, fields) => form(p, { csrf: staff[who].csrf, ...fields }, staff[who].cookie);

async function holderSession(name, link) {
  const r = await get(new URL(link).pathname);
  assert.equal(r.status, 303);
  const m = /(?:^|,\s*)sac=([^;]+)/.exec(r.headers.get('set-cookie') || '');
  assert.ok(m, 'a sac cookie is set');
  holders[name].cookie = `sac=${m[1]}`;
}

test.before(async () => {
  await site.start({ config: 'test_routes = true\n' });
  const img = path.join(site.tmp, 'b.svg');
  fs.writeFileSync(img, '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#0b4f9c"/></svg>');
  for (const [slug, name] of [['ml', 'Mission Locale'], ['resto', 'Restaurant Le Partage'], ['autre', 'Autre asso']]) {
    site.cli(['org', 'add', '--slug', slug, '--name', name, '--url', 'https://example.org', '--email', 'c@example.org']);
  }
  for (const [email, org, role] of [['chef@example.org', 'resto', 'issuer'], ['voisin@example.org', 'autre', 'admin'],
    ['vue@example.org', 'resto', 'viewer']]) {
    site.cli(['user', 'add', '--email', email, '--name', email.split('@')[0], '--org', org, '--role', role,
      '--password-file', '-'], `${PASSWORD}\n`);
  }
  for (const [key, name] of [['cv', 'Atelier CV'], ['entretien', 'Atelier entretien'], ['secours', 'Premiers secours']]) {
    badges[key] = site.cli(['badge', 'add', '--org', 'ml', '--name', name, '--description', 'd',
      '--criteria', 'c', '--image', img]).split('/').pop();
  }
  // Lina holds all three; Sam only the CV workshop.
  for (const [name, email, keys] of [['Lina', 'lina@example.org', ['cv', 'entretien', 'secours']], ['Sam', 'sam@example.org', ['cv']]]) {
    const out = site.cli(['holder', 'create', '--first-name', name, '--email', email]).split('\n');
    holders[name] = { link: out[1], email };
    awards[name] = {};
    for (const k of keys) {
      awards[name][k] = site.cli(['award', '--badge', badges[k], '--email', email, '--name', name]).split('/').pop();
      site.cli(['holder', 'claim', '--holder-link', out[1].split('/').pop(), '--award', awards[name][k]]);
    }
  }
  await site.serve();
  await signIn('chef', 'chef@example.org');
  await signIn('voisin', 'voisin@example.org');
  await signIn('vue', 'vue@example.org');
  // Lina proves her email (a code, as on /sac/connexion): answers are told to proven addresses only.
  await form('/sac/connexion', { identifiant: holders.Lina.email });
  const mail = await (await fetch(`${site.base}/test/sac/outbox?to=${encodeURIComponent(holders.Lina.email)}&channel=email`)).json();
  const r = await form('/sac/code', { identifiant: holders.Lina.email, code: /(\d{6})/.exec(mail.text)[1] });
  assert.equal(r.status, 303);
  holders.Lina.cookie = 'sac=' + /(?:^|,\s*)sac=([^;]+)/.exec(r.headers.get('set-cookie'))[1];
  await holderSession('Sam', holders.Sam.link);
});

test.after(async () => { await site.stop(); });

test('the partner creates an opportunity: French errors next to the fields, network badge search, two requirements', async () => {
  let r = await spost('chef', '/espace/resto/opportunites/nouvelle', {
    kind: 'immersion', title: '', start_date: '2030-05-10', end_date: '2030-05-01', places: '0', action: 'enregistrer' });
  assert.equal(r.status, 422);
  let html = await r.text();
  assert.match(html, /role="alert"/);
  assert.match(html, /id="title-error">Donnez un titre/);
  assert.match(html, /id="places"[^>]*aria-invalid="true"/);
  // The search finds the Mission Locale's badge classes from the partner's space.
  r = await spost('chef', '/espace/resto/opportunites/nouvelle', {
    kind: 'immersion', title: HOSTILE, places: '2', q: 'atelier', action: 'chercher' });
  assert.equal(r.status, 200);
  html = await r.text();
  assert.ok(html.includes(`value="${badges.cv}"`) && html.includes(`value="${badges.entretien}"`));
  assert.ok(!html.includes(`value="${badges.secours}"`), 'only names matching the search');
  assert.ok(html.includes(`value="${ESCAPED}"`), 'the title is kept, escaped');
  // No badge chosen: refused, said next to the badges.
  r = await spost('chef', '/espace/resto/opportunites/nouvelle', { kind: 'immersion', title: 'x', places: '1', action: 'enregistrer' });
  assert.equal(r.status, 422);
  assert.match(await r.text(), /id="badges-error">Choisissez au moins un badge/);
  // A viewer may not create.
  r = await spost('vue', '/espace/resto/opportunites/nouvelle', { kind: 'immersion', title: 'x', places: '1', badge: badges.cv });
  assert.equal(r.status, 403);
  const body = new URLSearchParams({ csrf: staff.chef.csrf, kind: 'immersion', title: HOSTILE, description: 'Une semaine en cuisine',
    place: 'Paris 19e', start_date: '2030-05-01', end_date: '2099-05-10', places: '2', action: 'enregistrer' });
  body.append('badge', badges.cv);
  body.append('badge', badges.entretien);
  r = await fetch(`${site.base}/espace/resto/opportunites/nouvelle`, { method: 'POST', redirect: 'manual', body,
    headers: { Origin: site.base, Accept: 'text/html', Cookie: staff.chef.cookie } });
  assert.equal(r.status, 303, r.status === 303 ? '' : /form-error-summary[^]*?<\/ul>/.exec(await r.text())?.[0]);
  oppUid = /\/espace\/resto\/opportunites\/([A-Za-z0-9_-]{22})$/.exec(r.headers.get('location'))[1];
  html = await (await sget('chef', `/espace/resto/opportunites/${oppUid}`)).text();
  assert.ok(html.includes(ESCAPED) && !html.includes('<script>alert'));
  assert.match(html, /Atelier CV/);
  assert.match(html, /Atelier entretien/);
  assert.match(html, /Aucune candidature/);
  assert.match(await (await sget('chef', '/espace/resto/opportunites')).text(), /0 candidature/);
});

test('another organisation sees nothing of the opportunity', async () => {
  for (const p of [`/espace/autre/opportunites/${oppUid}`, `/espace/resto/opportunites/${oppUid}`,
    `/espace/autre/opportunites/${oppUid}/modifier`]) {
    assert.equal((await sget('voisin', p)).status, 404, p);
  }
  assert.doesNotMatch(await (await sget('voisin', '/espace/autre/opportunites')).text(), /alert\(1\)/);
});

test('a young person missing one badge sees it one step away and cannot apply', async () => {
  let html = await (await get('/sac/opportunites', holders.Sam.cookie)).text();
  const step = html.split('À une étape')[1].split('Mes candidatures')[0];
  assert.ok(step.includes(ESCAPED), 'listed one step away');
  assert.match(step, /Il vous manque le badge « Atelier entretien »/);
  assert.ok(!html.split('À une étape')[0].includes(ESCAPED), 'not among the open ones');
  html = await (await get(`/sac/opportunites/${oppUid}`, holders.Sam.cookie)).text();
  assert.doesNotMatch(html, />Postuler</);
  const csrf = csrfOf(await (await get('/sac', holders.Sam.cookie)).text());
  const r = await form(`/sac/opportunites/${oppUid}/postuler`, { csrf, 'award-0': awards.Sam.cv }, holders.Sam.cookie);
  assert.equal(r.status, 403);
  assert.match(await r.text(), /role="alert"[^]*il vous manque au moins un des badges/);
});

test('the holder applies, sharing exactly the two required awards', async () => {
  let html = await (await get('/sac/opportunites', holders.Lina.cookie)).text();
  assert.ok(html.split('Ouvertes pour vous')[1].split('À une étape')[0].includes(ESCAPED));
  html = await (await get(`/sac/opportunites/${oppUid}`, holders.Lina.cookie)).text();
  assert.match(html, /seulement ces badges/);
  assert.match(html, /Restaurant Le Partage/);
  const chosen = [...html.matchAll(/name="(award-\d+)" value="([^"]+)" checked/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(chosen.map((c) => c[1]).sort(), [awards.Lina.cv, awards.Lina.entretien].sort());
  assert.ok(!html.includes(awards.Lina.secours), 'the third badge is not offered');
  const csrf = csrfOf(html);
  const fields = Object.fromEntries(chosen);
  // No CSRF token: refused.
  let r = await form(`/sac/opportunites/${oppUid}/postuler`, fields, holders.Lina.cookie);
  assert.equal(r.status, 403);
  // The third award in place of a required one: refused.
  r = await form(`/sac/opportunites/${oppUid}/postuler`, { csrf, 'award-0': awards.Lina.cv, 'award-1': awards.Lina.secours }, holders.Lina.cookie);
  assert.equal(r.status, 422);
  // Someone else's award: refused.
  r = await form(`/sac/opportunites/${oppUid}/postuler`, { csrf, 'award-0': awards.Sam.cv, 'award-1': awards.Lina.entretien }, holders.Lina.cookie);
  assert.equal(r.status, 422);
  // A contact that is not hers: refused.
  r = await form(`/sac/opportunites/${oppUid}/postuler`, { csrf, ...fields, contact: 'x@example.org' }, holders.Lina.cookie);
  assert.equal(r.status, 422);
  r = await form(`/sac/opportunites/${oppUid}/postuler`, { csrf, ...fields, contact: holders.Lina.email, message: HOSTILE }, holders.Lina.cookie);
  assert.equal(r.status, 303);
  r = await form(`/sac/opportunites/${oppUid}/postuler`, { csrf, ...fields }, holders.Lina.cookie);
  assert.equal(r.status, 409, 'one application per opportunity');
  html = await (await get(`/sac/opportunites/${oppUid}`, holders.Lina.cookie)).text();
  assert.match(html, /Ma candidature/);
  assert.match(html, /Envoyée/);
});

test('the partner sees the application with only the shared awards; answers and outcome reach the young person', async () => {
  let html = await (await sget('chef', `/espace/resto/opportunites/${oppUid}`)).text();
  assert.match(html, /<h3 id="c-[^"]+-name">Lina<\/h3>/);
  assert.ok(html.includes(holders.Lina.email));
  assert.ok(html.includes(`/awards/${awards.Lina.cv}`) && html.includes(`/awards/${awards.Lina.entretien}`));
  assert.ok(!html.includes(awards.Lina.secours), 'the third award is not shown');
  assert.ok(!html.includes('Sam'), 'nothing of a young person who did not apply');
  assert.ok(html.includes(`Son message : ${ESCAPED}`));
  assert.match(html, /class="opp-status">Vue</);
  // The shared links verify: the hosted assertion answers.
  const a = await fetch(`${site.base}/awards/${awards.Lina.cv}`, { headers: { Accept: 'application/ld+json' } });
  assert.equal(a.status, 200);
  const app = /\/espace\/resto\/candidatures\/([A-Za-z0-9_-]{22})\/reponse/.exec(html)[1];
  // Another organisation cannot answer it, a viewer neither.
  let r = await spost('voisin', `/espace/autre/candidatures/${app}/reponse`, { status: 'refused', answer: 'x', opportunity: oppUid });
  assert.equal(r.status, 404);
  r = await spost('vue', `/espace/resto/candidatures/${app}/reponse`, { status: 'refused', answer: 'x', opportunity: oppUid });
  assert.equal(r.status, 403);
  r = await spost('chef', `/espace/resto/candidatures/${app}/reponse`, { status: 'nope', answer: 'x', opportunity: oppUid });
  assert.equal(r.status, 400);
  r = await spost('chef', `/espace/resto/candidatures/${app}/reponse`, { status: 'interview', answer: `Venez mardi ${HOSTILE}`, opportunity: oppUid });
  assert.equal(r.status, 303);
  // Lina hears of it at the address she gave with her application (the outbox, read by the test route).
  const mail = await (await fetch(`${site.base}/test/sac/outbox?to=${encodeURIComponent(holders.Lina.email)}&channel=email`)).json();
  assert.match(mail.subject, /^Réponse à votre candidature « /);
  assert.match(mail.text, /a répondu à votre candidature « .* » : un entretien vous est proposé\./);
  assert.ok(mail.text.includes(`Venez mardi ${HOSTILE}`), 'the answer, as text');
  assert.ok(mail.text.includes(`${site.base}/sac/opportunites/${oppUid}`), mail.text);
  // The same answer again tells her nothing new.
  r = await spost('chef', `/espace/resto/candidatures/${app}/reponse`, { status: 'interview', answer: 'Rappel', opportunity: oppUid });
  assert.equal(r.status, 303);
  const newest = await (await fetch(`${site.base}/test/sac/outbox?to=${encodeURIComponent(holders.Lina.email)}&channel=email`)).json();
  assert.equal(newest.text, mail.text, 'no second message for the same status');
  r = await spost('chef', `/espace/resto/candidatures/${app}/reponse`, { status: 'interview', answer: `Venez mardi ${HOSTILE}`, opportunity: oppUid });
  assert.equal(r.status, 303);
  r = await spost('chef', `/espace/resto/candidatures/${app}/issue`, { outcome: 'hired', opportunity: oppUid });
  assert.equal(r.status, 303);
  html = await (await sget('chef', `/espace/resto/opportunites/${oppUid}`)).text();
  assert.match(html, /class="opp-status">Entretien proposé</);
  assert.match(html, /class="opp-outcome">Embauché·e</);
  html = await (await get(`/sac/opportunites/${oppUid}`, holders.Lina.cookie)).text();
  assert.match(html, /Entretien proposé/);
  assert.match(html, /Embauché·e/);
  assert.ok(html.includes(`Venez mardi ${ESCAPED}`));
  html = await (await get('/sac/opportunites', holders.Lina.cookie)).text();
  assert.match(html.split('Mes candidatures')[1], /Entretien proposé/);
});

test('without a backpack session the pages send to sign-in', async () => {
  const r = await get('/sac/opportunites');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/sac/connexion');
});

test('the partner edits and closes the opportunity: it leaves the lists and takes no application', async () => {
  let html = await (await sget('chef', `/espace/resto/opportunites/${oppUid}/modifier`)).text();
  assert.ok(html.includes(`value="${ESCAPED}"`), 'current values in the form');
  const kept = [...html.matchAll(/name="badge" value="([^"]+)" checked/g)].map((m) => m[1]);
  assert.deepEqual(kept.sort(), [badges.cv, badges.entretien].sort());
  const body = new URLSearchParams({ csrf: staff.chef.csrf, kind: 'immersion', title: 'Immersion fermée', places: '2',
    closed: '1', action: 'enregistrer' });
  for (const k of kept) body.append('badge', k);
  const r = await fetch(`${site.base}/espace/resto/opportunites/${oppUid}/modifier`, { method: 'POST', redirect: 'manual', body,
    headers: { Origin: site.base, Accept: 'text/html', Cookie: staff.chef.cookie } });
  assert.equal(r.status, 303);
  html = await (await sget('chef', '/espace/resto/opportunites')).text();
  assert.match(html, /Immersion fermée<\/a> <span class="tag">Immersion en entreprise<\/span> <span class="tag">fermée/);
  html = await (await get('/sac/opportunites', holders.Sam.cookie)).text();
  assert.doesNotMatch(html.split('Mes candidatures')[0], /Immersion fermée/);
  html = await (await get(`/sac/opportunites/${oppUid}`, holders.Sam.cookie)).text();
  assert.match(html, /n’accepte plus de candidatures/);
  assert.doesNotMatch(html, />Postuler</);
  // Lina still reads her application and its answer.
  html = await (await get(`/sac/opportunites/${oppUid}`, holders.Lina.cookie)).text();
  assert.match(html, /Entretien proposé/);
});

/* ---- places are enforced (issue 9, left) ---- */

async function applyAs(name, opp) {
  const html = await (await get(`/sac/opportunites/${opp}`, holders[name].cookie)).text();
  const chosen = Object.fromEntries([...html.matchAll(/name="(award-\d+)" value="([^"]+)" checked/g)].map((m) => [m[1], m[2]]));
  return form(`/sac/opportunites/${opp}/postuler`, { csrf: csrfOf(html), ...chosen }, holders[name].cookie);
}

test('places are enforced: two accepts at once for the last place give one; the opportunity is then "complet"', async () => {
  const body = new URLSearchParams({ csrf: staff.chef.csrf, kind: 'emploi', title: 'Commis de cuisine', places: '1',
    end_date: '2099-01-01', action: 'enregistrer' });
  body.append('badge', badges.cv);
  let r = await fetch(`${site.base}/espace/resto/opportunites/nouvelle`, { method: 'POST', redirect: 'manual', body,
    headers: { Origin: site.base, Accept: 'text/html', Cookie: staff.chef.cookie } });
  assert.equal(r.status, 303);
  const opp = /\/opportunites\/([A-Za-z0-9_-]{22})$/.exec(r.headers.get('location'))[1];
  // A third young person holding the CV badge, who comes too late.
  const out = site.cli(['holder', 'create', '--first-name', 'Noa', '--email', 'noa@example.org']).split('\n');
  holders.Noa = { link: out[1], email: 'noa@example.org' };
  const cv = site.cli(['award', '--badge', badges.cv, '--email', 'noa@example.org', '--name', 'Noa']).split('/').pop();
  site.cli(['holder', 'claim', '--holder-link', out[1].split('/').pop(), '--award', cv]);
  await holderSession('Noa', holders.Noa.link);
  for (const name of ['Lina', 'Sam']) assert.equal((await applyAs(name, opp)).status, 303, name);

  let html = await (await sget('chef', `/espace/resto/opportunites/${opp}`)).text();
  assert.match(html, /<dt>Places restantes<\/dt><dd class="opp-left">1<\/dd>/);
  const apps = [...new Set([...html.matchAll(/\/espace\/resto\/candidatures\/([A-Za-z0-9_-]{22})\/reponse/g)].map((m) => m[1]))];
  assert.equal(apps.length, 2);
  const accept = (a) => spost('chef', `/espace/resto/candidatures/${a}/reponse`, { status: 'accepted', answer: 'Bienvenue', opportunity: opp });
  const both = await Promise.all(apps.map(accept));
  assert.deepEqual(both.map((x) => x.status).sort(), [303, 409], 'one accept wins the last place');
  const refused = await both.find((x) => x.status === 409).text();
  assert.match(refused, /Candidature non acceptée : toutes les places de cette opportunité \(1\) sont déjà prises/);
  const winner = apps[both.findIndex((x) => x.status === 303)], loser = apps.find((a) => a !== winner);
  html = await (await sget('chef', `/espace/resto/opportunites/${opp}`)).text();
  assert.match(html, /<dt>Places restantes<\/dt><dd class="opp-left">0<\/dd>/);
  assert.equal((html.match(/class="opp-status">Acceptée</g) || []).length, 1);
  // Accepting the accepted one again is no new place; the young person's page says "complet".
  assert.equal((await accept(winner)).status, 303);
  html = await (await get(`/sac/opportunites/${opp}`, holders.Noa.cookie)).text();
  assert.match(html, /<span class="tag">complet<\/span> Toutes les places sont prises/);
  assert.doesNotMatch(html, />Postuler</);
  assert.match((await (await get('/sac/opportunites', holders.Noa.cookie)).text()).split('À une étape')[0],
    /Commis de cuisine[^]*?<span class="tag">complet<\/span>/);
  // Posting the application anyway (the form is gone): refused, said in French.
  const csrf = csrfOf(await (await get('/sac', holders.Noa.cookie)).text());
  r = await form(`/sac/opportunites/${opp}/postuler`, { csrf, 'award-0': cv }, holders.Noa.cookie);
  assert.equal(r.status, 403);
  assert.match(await r.text(), /Cette opportunité est complète : toutes ses places sont prises/);
  // Refusing the accepted one frees the place for the other.
  r = await spost('chef', `/espace/resto/candidatures/${winner}/reponse`, { status: 'refused', answer: '', opportunity: opp });
  assert.equal(r.status, 303);
  assert.equal((await accept(loser)).status, 303);
});
