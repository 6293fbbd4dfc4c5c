'use strict';
/*
 * The network pages in headless Chromium (issue 9): the Mission Locale
 * invites a partner, whose admin signs up from the emailed link (a real
 * SMTP server, python3-aiosmtpd), fills its profile (a bad SIRET first),
 * the counsellor imports the demo framework through its preview, aligns a
 * badge class with the picker (picker.js fills the row), the partner
 * declares a need with a framework item and the Mission Locale answers it
 * with a badge class and a workshop (event), shown at 360 px.
 * axe-core on every page (no serious or critical violation); screenshots
 * in $BUILD/test-artifacts/screens/network-*.png.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Site, browser, context, audit, skipReason, repoRoot } = require('./lib');
const { freePort } = require('../lib/server');

const PYTHON = '/usr/bin/python3';
const haveSink = spawnSync(PYTHON, ['-c', 'import aiosmtpd'], { encoding: 'utf8' }).status === 0;
const skip = skipReason() || (haveSink ? false : 'python3-aiosmtpd missing (scripts/deps.sh installs it)');
const PASSWORD = 'un mot de passe assez long';
const DEMO = path.join(repoRoot, 'data', 'frameworks', 'demo-competences.csv');
let site, b, sink, mailDir;

test.before(async () => {
  if (skip) return;
  const smtpPort = await freePort();
  site = await new Site().start({ config: `cache_ttl = 0\nsmtp_url = smtp://127.0.0.1:${smtpPort}\nmail_retry = 1,1,1\n` });
  mailDir = path.join(site.tmp, 'mail');
  fs.mkdirSync(mailDir);
  sink = spawn(PYTHON, [path.join(__dirname, '..', 'http', 'smtp_sink.py'), String(smtpPort), mailDir],
    { stdio: 'ignore' });
  site.cli(['org', 'add', '--slug', 'mlp', '--name', 'Mission Locale de Paris', '--url',
    'https://www.missionlocale.paris', '--email', 'contact@example.org']);
  site.cli(['user', 'add', '--email', 'nadia@example.org', '--name', 'Nadia', '--org', 'mlp',
    '--role', 'admin', '--password-file', '-'], `${PASSWORD}\n`);
  await site.serve();
  b = await browser();
});

test.after(async () => {
  if (b) await b.close();
  if (sink) sink.kill('SIGTERM');
  if (site) await site.stop();
});

async function mailTo(to, ms = 15000) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    for (const f of fs.readdirSync(mailDir).filter((x) => x.endsWith('.eml'))) {
      const raw = fs.readFileSync(path.join(mailDir, f), 'latin1');
      if (new RegExp(`^To:.*${to.replace('.', '\\.')}`, 'mi').test(raw)) return raw;
    }
  }
  throw new Error(`no mail to ${to}`);
}

test('the network pages', { skip, timeout: 240000 }, async (t) => {
  const ml = await (await context(b, t)).newPage();
  const partner = await (await context(b, t)).newPage();
  const shot = async (page, name) => {
    const bad = await audit(page, `network-${name}`, t);
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help}`), [], `${name}: serious or critical axe violations`);
  };

  await ml.goto(`${site.base}/connexion`);
  await ml.fill('#email', 'nadia@example.org');
  await ml.fill('#password', PASSWORD);
  await ml.click('main button[type=submit]');
  await ml.waitForURL(/\/espace\/mlp$/);

  // Invite a partner; an error first, shown next to its field.
  await ml.goto(`${site.base}/espace/mlp/partenaires`);
  await shot(ml, '01-partners');
  await ml.fill('#partner-name', 'Boulangerie Léon');
  await ml.fill('#partner-slug', 'boulangerie-leon');
  await ml.fill('#partner-email', 'pas une adresse');
  await ml.click('form.partner-invite button[type=submit]');
  await ml.waitForLoadState('load');
  assert.match(await ml.textContent('#partner-email-error'), /adresse e-mail valide/);
  await shot(ml, '02-partners-error');
  await ml.fill('#partner-email', 'leon@boulangerie.example');
  await ml.click('form.partner-invite button[type=submit]');
  await ml.waitForURL(/invite=boulangerie-leon/);
  await shot(ml, '03-partner-invited');

  // The partner's admin follows the link and chooses a password.
  const raw = (await mailTo('leon@boulangerie.example')).replace(/=\r?\n/g, '');
  const link = /https?:\/\/127\.0\.0\.1:\d+\/mot-de-passe\/[A-Za-z0-9_-]{43}/.exec(raw);
  assert.ok(link, 'the invitation carries a link');
  await partner.goto(link[0]);
  await partner.fill('#password', PASSWORD);
  await partner.fill('#password2', PASSWORD);
  await partner.click('main button[type=submit]');
  await partner.waitForURL(/\/espace/);

  // Its profile: a bad SIRET is refused next to the field, then a good one.
  await partner.goto(`${site.base}/espace/boulangerie-leon/profil`);
  await shot(partner, '04-profile');
  await partner.fill('#profile-sector', 'Boulangerie');
  await partner.fill('#profile-siret', '732 829 320 00075');
  await partner.click('form.profile-form button[type=submit]');
  await partner.waitForLoadState('load');
  assert.match(await partner.textContent('#profile-siret-error'), /clé de contrôle/);
  assert.equal(await partner.getAttribute('#profile-siret', 'aria-invalid'), 'true');
  await shot(partner, '05-profile-siret-error');
  await partner.fill('#profile-siret', '732 829 320 00074');
  await partner.click('form.profile-form button[type=submit]');
  await partner.waitForURL(/fait=1/);
  await partner.goto(`${site.base}/partenaires/boulangerie-leon`);
  assert.match(await partner.textContent('main'), /73282932000074/);
  await shot(partner, '06-partner-public');

  // The counsellor imports the demo framework through its preview.
  await ml.goto(`${site.base}/espace/mlp/referentiels`);
  await shot(ml, '07-frameworks');
  await ml.fill('#fw-name', 'Compétences de démonstration');
  await ml.setInputFiles('#fichier', DEMO);
  await ml.click('main form[enctype] button[type=submit]');
  await ml.waitForURL(/referentiels\/import\//);
  assert.match(await ml.textContent('main'), /32 éléments lus/);
  await shot(ml, '08-framework-preview');
  await ml.click('main form button[type=submit]');
  await ml.waitForURL(/enregistre=/);
  await ml.click('text=Compétences de démonstration');
  await ml.waitForURL(/\/referentiels\/[A-Za-z0-9_-]{22}$/);
  await shot(ml, '09-framework-public');

  // The badge editor's picker fills a competency row.
  await ml.goto(`${site.base}/espace/mlp/badges/nouveau`);
  await ml.fill('#picker-q', 'ponctuel');
  await ml.click('.picker-results button');
  assert.equal(await ml.inputValue('#align_code_1'), 'DEMO-A1.1');
  assert.equal(await ml.inputValue('#align_name_1'), 'Être ponctuel et assidu');
  assert.match(await ml.inputValue('#align_url_1'), /\/referentiels\/[A-Za-z0-9_-]{22}#c\d+$/);
  await shot(ml, '10-badge-picker');
  await ml.fill('#name', 'Ponctualité');
  await ml.fill('#description', 'Arrive à l’heure au travail.');
  await ml.fill('#criteria', 'Trois semaines de stage sans retard.');
  await ml.check('#image_mode_generate');
  await ml.fill('#art_text', 'Ponctuel');
  await ml.click('main button[type=submit]');
  await ml.waitForLoadState('load');
  assert.match(ml.url(), /\/espace\/mlp\/badges\/[A-Za-z0-9_-]{22}$/,
    (await ml.textContent('main')).replace(/\s+/g, ' ').slice(0, 600));
  const bc = await (await fetch(`${site.base}/badges/${ml.url().split('/').pop()}`,
    { headers: { Accept: 'application/ld+json' } })).json();
  assert.equal(bc.alignment[0].targetCode, 'DEMO-A1.1');

  // Without JavaScript, the search page.
  await ml.goto(`${site.base}/espace/mlp/referentiels/recherche?q=%C3%A9quipe`);
  await shot(ml, '11-search');

  // The partner declares a need with a framework item.
  await partner.goto(`${site.base}/espace/boulangerie-leon/besoins?q=ponctuel`);
  await shot(partner, '12-needs');
  await partner.check('.need-form input[type=checkbox]');
  await partner.fill('#need-title', 'Vendeurs ponctuels');
  await partner.fill('#need-description', 'Deux vendeurs pour la rentrée.');
  await partner.fill('#need-people', '2');
  await partner.click('form.need-form button[type=submit]');
  await partner.waitForURL(/\/besoins\/[A-Za-z0-9_-]{22}$/);
  await shot(partner, '13-need');
  const needPath = new URL(partner.url()).pathname.replace('/espace/boulangerie-leon/', '/espace/mlp/');

  // The Mission Locale sees it ranked and answers it with its badge.
  await ml.goto(`${site.base}/espace/mlp/besoins`);
  await shot(ml, '14-needs-ranked');
  await ml.goto(site.base + needPath);
  await ml.click('form.need-answer button[type=submit]');
  await ml.waitForURL(/fait=reponse/);
  await shot(ml, '15-need-answered');
  await partner.reload();
  assert.match(await partner.textContent('main'), /Badge : Ponctualité/);

  // A workshop (event) of the Mission Locale answers the need too, at 360 px.
  await ml.setViewportSize({ width: 360, height: 780 });
  await partner.setViewportSize({ width: 360, height: 780 });
  await ml.goto(`${site.base}/espace/mlp/evenements/nouveau`);
  await ml.fill('#name', 'Atelier <b>vente</b>');
  await ml.fill('#place', 'Paris 13e');
  await ml.fill('#starts', '2027-03-12T14:00');
  await ml.fill('#ends', '2027-03-12T17:00');
  await ml.selectOption('#participation', { label: 'Ponctualité' });
  await ml.click('form.event-form button[type=submit]');
  await ml.waitForURL(/ok=cree/);
  const eventPath = new URL(ml.url()).pathname;
  await ml.goto(site.base + needPath);
  await ml.selectOption('#answer-event', { label: 'Atelier <b>vente</b> — 12/03/2027 à 14h00' });
  await ml.click('form.need-answer-event button[type=submit]');
  await ml.waitForURL(/fait=reponse/);
  await shot(ml, '15b-need-workshop');
  assert.equal(await ml.getAttribute('.need-answers a[href*="/evenements/"]', 'href'), eventPath);
  await partner.reload();
  assert.match(await partner.textContent('.need-answers'), /Atelier : Atelier <b>vente<\/b>, le 12\/03\/2027 à 14h00 \(Paris 13e\)/);
  assert.equal(await partner.locator('.need-answers a[href*="/evenements/"]').count(), 0);
  await shot(partner, '15c-need-workshop-partner');
  await ml.goto(site.base + eventPath);
  assert.match(await ml.textContent('.event-needs'), /Répond aux besoins :\s*Vendeurs/);
  await shot(ml, '15d-event-needs');
  await ml.setViewportSize({ width: 390, height: 844 });
  await partner.setViewportSize({ width: 390, height: 844 });

  // The partner edits its need (an error first, next to its field), then closes it.
  await partner.click('a.button.secondary[href$="/modifier"]');
  await partner.waitForURL(/\/modifier$/);
  await shot(partner, '16-need-edit');
  await partner.fill('#need-title', '');
  await partner.click('form.need-form button[type=submit]');
  assert.equal(await partner.getAttribute('#need-title', 'aria-invalid'), 'true');
  await shot(partner, '17-need-edit-error');
  await partner.fill('#need-title', 'Vendeurs du matin');
  await partner.click('form.need-form button[type=submit]');
  await partner.waitForURL(/fait=modifie/);
  await partner.click('form.need-state button[value=filled]');
  await partner.waitForURL(/fait=etat/);
  assert.match(await partner.textContent('main'), /clos\s+pourvu/);
  await shot(partner, '18-need-closed');
  await ml.goto(`${site.base}/espace/mlp/besoins`);
  assert.match(await ml.textContent('.needs-closed'), /Vendeurs du matin/);
  await shot(ml, '19-needs-closed');
  assert.equal(t.dialogs || 0, 0, 'no script ran from a value');
});
