'use strict';
/*
 * The whole network story of issue 9 in headless Chromium: the Mission
 * Locale invites a partner employer, whose admin signs up from the emailed
 * link (a real SMTP server, python3-aiosmtpd), declares a need and endorses
 * the CV workshop when asked; a counsellor builds "Prêt pour l'emploi" with
 * the form; the partner's job dating requires the pathway and the CV
 * workshop; a young person earns the badges (awards through the API, kept
 * in their backpack), the milestone comes by itself, the job dating
 * appears in their backpack, they apply; the partner sees the application
 * with exactly the shared award; the endorsement shows on the award's
 * verification page and `blason verify` checks it.  axe-core on every page
 * (no serious or critical violation); screenshots in
 * $BUILD/test-artifacts/screens/story-*.png.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Site, BLASON, browser, context, audit, skipReason, repoRoot } = require('./lib');
const { freePort } = require('../lib/server');

const PYTHON = '/usr/bin/python3';
const haveSink = spawnSync(PYTHON, ['-c', 'import aiosmtpd'], { encoding: 'utf8' }).status === 0;
const skip = skipReason() || (haveSink ? false : 'python3-aiosmtpd missing (scripts/deps.sh installs it)');
const PASSWORD = 'un mot de passe assez long';
const DEMO = path.join(repoRoot, 'data', 'frameworks', 'demo-competences.csv');
let site, b, sink, mailDir, token;
const badges = {};

async function api(method, p, body) {
  const r = await fetch(site.base + p, { method, headers: { Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, json: await r.json() };
}

async function mailTo(to, ms = 15000) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    for (const f of fs.readdirSync(mailDir).filter((x) => x.endsWith('.eml'))) {
      const raw = fs.readFileSync(path.join(mailDir, f), 'latin1');
      if (new RegExp(`^To:.*${to.replace('.', '\\.')}`, 'mi').test(raw)) return raw;
    }
  }
  throw new Error(`no mail to ${to}`);
}

test.before(async () => {
  if (skip) return;
  const smtpPort = await freePort();
  site = await new Site().start({ config: `cache_ttl = 0\nsmtp_url = smtp://127.0.0.1:${smtpPort}\nmail_retry = 1,1,1\n` });
  mailDir = path.join(site.tmp, 'mail');
  fs.mkdirSync(mailDir);
  sink = spawn(PYTHON, [path.join(__dirname, '..', 'http', 'smtp_sink.py'), String(smtpPort), mailDir], { stdio: 'ignore' });
  site.cli(['org', 'add', '--slug', 'mlp', '--name', 'Mission Locale de Paris', '--url',
    'https://www.missionlocale.paris', '--email', 'contact@example.org']);
  site.cli(['user', 'add', '--email', 'nadia@example.org', '--name', 'Nadia', '--org', 'mlp',
    '--role', 'admin', '--password-file', '-'], `${PASSWORD}\n`);
  site.cli(['framework', 'import', DEMO, '--org', 'mlp', '--name', 'Compétences de démonstration']);
  token = site.cli(['user', 'token', '--email', 'nadia@example.org', '--org', 'mlp', '--name', 't']).trim();
  await site.serve();
  const svg = fs.readFileSync(path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg'));
  const image = `data:image/svg+xml;base64,${svg.toString('base64')}`;
  const names = { forum: 'Participation au salon', cv: 'Atelier CV', entretien: 'Atelier entretien',
    ponctualite: 'Ponctualité', equipe: 'Travail en équipe', communication: 'Communication',
    pret: 'Prêt pour l’emploi' };
  for (const [k, name] of Object.entries(names)) {
    const r = await api('POST', '/api/v1/orgs/mlp/badges', { name, description: name, criteria: { narrative: 'Participer' }, image });
    assert.equal(r.status, 201);
    badges[k] = r.json.uid;
  }
  b = await browser();
});

test.after(async () => {
  if (b) await b.close();
  if (sink) sink.kill('SIGTERM');
  if (site) await site.stop();
});

test('the network story, from the invitation to the application', { skip, timeout: 300000 }, async (t) => {
  const ctx = await context(b, t);
  const ml = await ctx.newPage();
  const partner = await (await context(b, t)).newPage();
  const young = await (await context(b, t)).newPage();
  const shot = async (page, name) => {
    const bad = await audit(page, `story-${name}`, t);
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help}`), [], `${name}: serious or critical axe violations`);
  };
  const signIn = async (page, email) => {
    await page.goto(`${site.base}/connexion`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/espace/);
  };

  // The Mission Locale invites the partner employer; its admin signs up from the mail.
  await signIn(ml, 'nadia@example.org');
  await ml.goto(`${site.base}/espace/mlp/partenaires`);
  await ml.fill('#partner-name', 'Boulangerie Léon');
  await ml.fill('#partner-slug', 'boulangerie-leon');
  await ml.fill('#partner-email', 'leon@boulangerie.example');
  await ml.click('form.partner-invite button[type=submit]');
  await ml.waitForURL(/invite=boulangerie-leon/);
  await shot(ml, '01-partner-invited');
  const raw = (await mailTo('leon@boulangerie.example')).replace(/=\r?\n/g, '');
  const link = /https?:\/\/127\.0\.0\.1:\d+\/mot-de-passe\/[A-Za-z0-9_-]{43}/.exec(raw);
  assert.ok(link, 'the invitation carries a link');
  await partner.goto(link[0]);
  await shot(partner, '02-signup');
  await partner.fill('#password', PASSWORD);
  await partner.fill('#password2', PASSWORD);
  await partner.click('main button[type=submit]');
  await partner.waitForURL(/\/espace/);

  // The partner declares a need with a framework item.
  await partner.goto(`${site.base}/espace/boulangerie-leon/besoins?q=ponctuel`);
  await partner.check('.need-form input[type=checkbox]');
  await partner.fill('#need-title', 'Vendeurs ponctuels');
  await partner.fill('#need-description', 'Deux vendeurs pour la rentrée.');
  await partner.fill('#need-people', '2');
  await partner.click('form.need-form button[type=submit]');
  await partner.waitForURL(/\/besoins\/[A-Za-z0-9_-]{22}$/);
  await shot(partner, '03-need');

  // Asked by the Mission Locale, the partner endorses the CV workshop.
  await ml.goto(`${site.base}/espace/mlp/badges/${badges.cv}/reconnaissances`);
  await ml.check('label:has-text("Boulangerie Léon")');
  await ml.fill('#ask-message', 'Pourriez-vous reconnaître notre atelier CV ?');
  await ml.click('button:has-text("Envoyer la demande")');
  await ml.waitForURL(/demande=1/);
  await partner.goto(`${site.base}/espace/boulangerie-leon/reconnaissances`);
  await shot(partner, '04-endorse-asked');
  await partner.locator('textarea[name=comment]').first().fill('Les jeunes arrivent avec un CV clair.');
  await partner.click('button:has-text("Reconnaître ce badge")');
  await partner.waitForURL(/fait=reconnu/);

  // A counsellor builds the pathway with the form.
  await ml.goto(`${site.base}/espace/mlp/parcours/nouveau`);
  await ml.fill('#name', 'Prêt pour l’emploi');
  await ml.fill('#description', 'Le salon, les ateliers CV et entretien, un savoir-être.');
  for (const k of ['forum', 'cv', 'entretien']) await ml.check(`#req-${badges[k]}`);
  for (const k of ['ponctualite', 'equipe', 'communication']) await ml.check(`#ch-${badges[k]}`);
  await ml.fill('#choice_need', '1');
  await ml.selectOption('#goal', badges.pret);
  await ml.click('main button[type=submit]');
  await ml.waitForURL(/\/parcours\/[A-Za-z0-9_-]{22}\?ok=cree$/);
  const pathwayUid = /parcours\/([A-Za-z0-9_-]{22})/.exec(ml.url())[1];
  await shot(ml, '05-pathway');

  // The partner's job dating requires the pathway and the CV workshop.
  const oppUid = site.cli(['opportunity', 'add', '--org', 'boulangerie-leon', '--kind', 'entretien',
    '--title', 'Job dating vente', '--place', 'Paris 19e', '--places', '4', '--pathway', pathwayUid,
    '--badges', badges.cv]).trim();

  // The young person: a backpack, badges awarded through the API and kept in it.
  const email = 'camille@example.org';
  const out = site.cli(['holder', 'create', '--first-name', 'Camille', '--email', email]).split('\n');
  const awards = {};
  for (const k of ['forum', 'cv', 'entretien', 'equipe']) {
    const r = await api('POST', `/api/v1/badges/${badges[k]}/awards`, { email, name: 'Camille', notify: false });
    assert.equal(r.status, 201);
    awards[k] = r.json.uid;
    // The CLI, a second process, sees at once what the API committed (docs/internals/store.md).
    site.cli(['holder', 'claim', '--holder-link', out[1].split('/').pop(), '--award', awards[k]]);
  }
  const ms = await api('GET', `/api/v1/orgs/mlp/awards?badge=${badges.pret}`);
  assert.equal(ms.json.items.length, 1, 'the milestone, once');
  const milestone = ms.json.items[0].uid;

  await young.goto(out[1]);
  await young.waitForURL(/\/sac$/);
  assert.match(await young.textContent('main'), /Prêt pour l’emploi/);
  await shot(young, '06-backpack');
  await young.click('text=Mes parcours et les opportunités');
  await young.waitForURL(/\/sac\/parcours$/);
  assert.match(await young.textContent('main'), /Parcours terminé/);
  assert.match(await young.textContent('main'), /Job dating vente/);
  await shot(young, '07-pathways');
  await young.click('a:has-text("Job dating vente")');
  await young.waitForURL(new RegExp(`/sac/opportunites/${oppUid}$`));
  await shot(young, '08-opportunity');
  await young.click('main button[type=submit]:has-text("Postuler")');
  await young.waitForLoadState('load');
  assert.match(await young.textContent('main'), /Ma candidature/);
  await shot(young, '09-applied');

  // The partner sees the application with exactly the shared award.
  await partner.goto(`${site.base}/espace/boulangerie-leon/opportunites/${oppUid}`);
  const html = await partner.content();
  assert.ok(html.includes(`/awards/${awards.cv}`), 'the CV workshop award is shared');
  for (const k of ['forum', 'entretien', 'equipe']) assert.ok(!html.includes(awards[k]), `${k} is not shared`);
  assert.ok(!html.includes(milestone), 'the milestone is not shared');
  await shot(partner, '10-application');

  // The endorsement on the award's verification page, and blason verify checks it.
  await young.goto(`${site.base}/awards/${awards.cv}`);
  assert.equal(await young.textContent('#endorsed-title'), 'Reconnu par 1 partenaire');
  assert.match(await young.textContent('.endorsement'), /Boulangerie Léon/);
  await shot(young, '11-verification');
  // The hosted OB 2.0 assertion, and the OB 3.0 credential with the endorsement embedded.
  for (const target of [`${site.base}/awards/${awards.cv}`, `${site.base}/awards/${awards.cv}/credential`]) {
    const v = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network', target], { encoding: 'utf8' });
    assert.equal(JSON.parse(v.stdout).verdict, 'valid', v.stdout + v.stderr);
    if (target.endsWith('/credential')) {
      const c = JSON.parse(v.stdout).checks.find((x) => x.id === 'endorsement.ok');
      assert.ok(c, `the endorsement is checked: ${v.stdout}`);
      assert.match(c.message, /Boulangerie Léon/);
    }
  }
  assert.equal(t.dialogs || 0, 0);
});
