'use strict';
/*
 * The counsellor's journey in headless Chromium (issue 7): sign in, create a
 * badge with a generated image, award it to one person, import a 200-line
 * CSV with 3 bad lines (the preview shows exactly those 3, the other 197 are
 * issued), see the email arrive at a real SMTP server (python3-aiosmtpd),
 * download the baked PNG from the email's link and verify it with
 * `blason verify`, revoke one award, see it reported revoked.  axe-core on
 * every page; screenshots in $BUILD/test-artifacts/screens/journey-*.png.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { BLASON, Site, browser, context, audit, skipReason } = require('./lib');
const { freePort } = require('../lib/server');

const PYTHON = '/usr/bin/python3';
const haveSink = spawnSync(PYTHON, ['-c', 'import aiosmtpd'], { encoding: 'utf8' }).status === 0;
const skip = skipReason() || (haveSink ? false : 'python3-aiosmtpd missing (scripts/deps.sh installs it)');
const PASSWORD = 'un mot de passe assez long';
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
  site.cli(['user', 'add', '--email', 'conseillere@example.org', '--name', 'Nadia', '--org', 'mlp',
    '--role', 'admin', '--password-file', '-'], `${PASSWORD}\n`);
  await site.serve();
  b = await browser();
});

test.after(async () => {
  if (b) await b.close();
  if (sink) sink.kill('SIGTERM');
  if (site) await site.stop();
});

// The raw message sent to `to`, once it has arrived.
async function mailTo(to, ms = 15000) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    for (const f of fs.readdirSync(mailDir).filter((x) => x.endsWith('.eml'))) {
      const raw = fs.readFileSync(path.join(mailDir, f), 'latin1');
      if (new RegExp(`^To:.*${to.replace('.', '\\.')}`, 'mi').test(raw)) return raw;
    }
  }
  throw new Error(`no mail to ${to}`);
}

function verify(file) {
  const r = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network', file],
    { encoding: 'utf8' });
  return JSON.parse(r.stdout).verdict;
}

// 200 lines in Windows-1252 with semicolons, as a French spreadsheet saves
// them; lines 50, 120 and 180 are bad (email, missing name, date).
function csv() {
  const rows = ['Prénom;Nom;Courriel;Date'];
  for (let i = 1; i <= 200; i++) {
    let email = `jeune${i}@example.org`, first = `Zoé${i}`, last = 'Lefèvre', date = '15/02/2019';
    if (i === 50) email = 'pas-une-adresse';
    if (i === 120) first = last = '';
    if (i === 180) date = '31/02/2019';
    rows.push(`${first};${last};${email};${date}`);
  }
  return Buffer.from(`${rows.join('\r\n')}\r\n`, 'latin1');
}

test('the counsellor journey', { skip, timeout: 240000 }, async (t) => {
  const ctx = await context(b, t);
  const page = await ctx.newPage();
  const shot = async (name) => {
    const bad = await audit(page, `journey-${name}`, t);
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help}`), [], `${name}: serious or critical axe violations`);
  };

  // Sign in.
  await page.goto(`${site.base}/connexion`);
  await shot('01-signin');
  await page.fill('#email', 'conseillere@example.org');
  await page.fill('#password', PASSWORD);
  await page.click('main button[type=submit]');
  await page.waitForURL(/\/espace\/mlp$/);
  await shot('02-home');

  // A badge with a generated image.
  await page.goto(`${site.base}/espace/mlp/badges/nouveau`);
  await shot('03-badge-form');
  await page.fill('#name', 'Participation au salon 2019');
  await page.fill('#description', 'A participé au salon Paris pour l’Emploi des Jeunes.');
  await page.fill('#criteria', 'Venir au salon et rencontrer trois employeurs.');
  await page.check('#image_mode_generate');
  await page.selectOption('#art_shape', { index: 1 });
  await page.selectOption('#art_colour', { index: 2 });
  await page.selectOption('#art_picto', { index: 0 });
  await page.fill('#art_text', 'PEJ 2019');
  await page.click('main button[type=submit]');
  await page.waitForLoadState('load');
  if (!/\/espace\/mlp\/badges\/[A-Za-z0-9_-]{22}$/.test(page.url())) {
    await page.screenshot({ path: path.join(site.tmp, 'failed.png'), fullPage: true });
    assert.fail(`badge creation stayed on ${page.url()}: ${(await page.textContent('main')).replace(/\s+/g, ' ').slice(0, 800)}`);
  }
  const badgeUid = page.url().split('/').pop();
  await shot('04-badge');

  // Award it to one person.
  await page.goto(`${site.base}/espace/mlp/badges/${badgeUid}/attribuer`);
  await shot('05-award-form');
  await page.fill('#name', 'Camille Martin');
  await page.fill('#email', 'camille@example.org');
  await page.click('main button[type=submit]');
  await page.waitForLoadState('load');
  await shot('06-awarded');

  // The email arrives; its link leads to the baked PNG, which verifies.
  const raw = (await mailTo('camille@example.org')).replace(/=\r?\n/g, '');
  const link = /https?:\/\/127\.0\.0\.1:\d+\/awards\/[A-Za-z0-9_-]{22}/.exec(raw);
  assert.ok(link, 'the email links to the award');
  const png = Buffer.from(await (await fetch(`${link[0]}/badge.png`)).arrayBuffer());
  const pngFile = path.join(site.tmp, 'camille.png');
  fs.writeFileSync(pngFile, png);
  assert.equal(verify(pngFile), 'valid');

  // Import 200 lines, 3 of them bad.
  await page.goto(`${site.base}/espace/mlp/badges/${badgeUid}/importer`);
  await shot('07-import-form');
  await page.setInputFiles('input[type=file]', { name: 'salon.csv', mimeType: 'text/csv', buffer: csv() });
  await page.click('main button[type=submit]');
  await page.waitForSelector('#import-counts');
  await shot('08-import-preview');
  const bad = await page.$$eval('tr.import-bad th', (ths) => ths.map((th) => th.textContent.trim()));
  assert.deepEqual(bad.sort(), ['121', '181', '51'].sort(), 'the preview shows exactly the 3 bad lines');
  // Wait for the job's page before reloading it: a reload during the POST's navigation fails.
  await Promise.all([page.waitForURL(/\/importer\/[A-Za-z0-9_-]{22}$/, { waitUntil: 'load' }),
    page.click('button:has-text("Émettre les 197 badges valides")')]);
  // The page follows the job itself (web/static/import.js reloads it when done): reloading it
  // from here too raced with that reload ("Not attached to an active page").
  await page.waitForSelector('#import-progress', { state: 'detached', timeout: 120000 });
  await page.waitForLoadState('load');
  await shot('09-import-summary');
  assert.match(await page.textContent('main'), /197\s*<?\/?[a-z]*>?\s*émis|197 émis/);

  // Revoke one award from the list, then it is reported revoked.
  await page.goto(`${site.base}/espace/mlp/attributions?q=camille`);
  await shot('10-awards');
  await page.check('input[name=award]');
  await page.fill('#reason', 'Attribuée par erreur');
  await page.click('button:has-text("Révoquer la sélection")');
  await page.waitForLoadState('load');
  await shot('11-revoke-confirm');
  await page.click('button:has-text("Confirmer la révocation")');
  await page.waitForLoadState('load');
  await shot('12-revoked');
  assert.equal(verify(pngFile), 'revoked');
  await page.goto(link[0]);
  assert.match(await page.textContent('main'), /retiré par son émetteur/);
  await shot('13-public-revoked');
  assert.equal(t.dialogs || 0, 0);
  await ctx.close();
});
