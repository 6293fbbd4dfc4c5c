'use strict';
/*
 * The job fair in headless Chromium (issue 8): a counsellor creates the
 * event in the issuer space; the tablet page shows the rotating QR code
 * and changes it by itself; 50 phones (separate browser contexts, 360 px
 * wide) open the claim URL the tablet's code holds at that moment and
 * claim the participation badge; a stand staff member gives the CV
 * workshop badge to 10 of them by their personal code (typed, and once by
 * the URL of the personal QR code); each of the 50 then reopens their
 * return page, then their personal link (the backpack, /sac), and sees
 * exactly their badges in both; an expired code is refused
 * with the clear message.  axe-core on every page, screenshots in
 * build/test-artifacts/screens/fair-*.png.
 * Run from the repository root: node --test tests/browser/fair.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { Site, browser, audit, skipReason, repoRoot } = require('./lib');
const { MASTER, PASSWORD, token } = require('../lib/events');
const { parisLocal: local } = require('../lib/paris'); // the datetime-local fields are Paris's

const skip = skipReason() || false;
const PHONES = 50, STAND = 10, BATCH = 5;
let site, b;

test.before(async () => {
  if (skip) return;
  process.env.BLASON_MASTER_KEY = MASTER;
  process.env.BLASON_CLAIM_LIMIT = '1000';
  site = await new Site().start({ config: 'threads = 4\n' });
  site.cli(['org', 'add', '--slug', 'mlp', '--name', 'Mission Locale de Paris', '--url',
    'https://www.missionlocale.paris', '--email', 'contact@example.org']);
  site.cli(['user', 'add', '--email', 'conseillere@example.org', '--name', 'Nadia', '--org', 'mlp',
    '--role', 'admin', '--password-file', '-'], `${PASSWORD}\n`);
  site.cli(['user', 'add', '--email', 'stand@example.org', '--name', 'Karim', '--org', 'mlp',
    '--role', 'issuer', '--password-file', '-'], `${PASSWORD}\n`);
  const img = path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg');
  for (const name of ['Paris pour l’Emploi des Jeunes', 'Atelier CV']) {
    site.cli(['badge', 'add', '--org', 'mlp', '--name', name, '--description', 'd', '--criteria', 'c', '--image', img]);
  }
  await site.serve();
  b = await browser();
});

test.after(async () => {
  if (b) await b.close();
  delete process.env.BLASON_CLAIM_LIMIT;
  delete process.env.BLASON_MASTER_KEY;
  if (site) await site.stop();
});

async function staffPage(email, viewport) {
  const ctx = await b.newContext({ bypassCSP: true, viewport, locale: 'fr-FR' });
  const page = await ctx.newPage();
  await page.goto(`${site.base}/connexion`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('main button[type=submit]');
  await page.waitForURL(/\/espace\/mlp$/);
  return page;
}

test('the job fair: rotating QR, 50 phones claim, a stand gives 10 badges, everyone sees theirs', { skip, timeout: 600000 }, async (t) => {
  const check = async (page, name) => {
    const bad = await audit(page, `fair-${name}`, t);
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help}`), [], `${name}: serious or critical axe violations`);
  };

  // The counsellor creates the event on a tablet.
  const tablet = await staffPage('conseillere@example.org', { width: 1024, height: 768 });
  await tablet.goto(`${site.base}/espace/mlp/evenements/nouveau`);
  await check(tablet, '01-event-form');
  await tablet.fill('#name', 'Paris pour l’Emploi des Jeunes');
  await tablet.fill('#place', 'Grande Halle de la Villette');
  await tablet.fill('#starts', local(new Date(Date.now() - 3600e3)));
  await tablet.fill('#ends', local(new Date(Date.now() + 6 * 3600e3)));
  await tablet.selectOption('#participation', { label: 'Paris pour l’Emploi des Jeunes' });
  await tablet.check('label:has-text("Atelier CV") >> xpath=preceding-sibling::input');
  await tablet.fill('#rotate', '20');
  await tablet.click('form.event-form button[type=submit]');
  await tablet.waitForURL(/\/espace\/mlp\/evenements\/[A-Za-z0-9_-]{22}\?ok=cree$/);
  const ev = /evenements\/([A-Za-z0-9_-]{22})/.exec(tablet.url())[1];
  await check(tablet, '02-event');
  await tablet.goto(`${site.base}/espace/mlp/evenements/${ev}/affiche`);
  await check(tablet, '03-poster');

  // The tablet screen: the QR code is shown and replaced by itself.
  await tablet.goto(`${site.base}/espace/mlp/evenements/${ev}/ecran`);
  await tablet.waitForFunction(() => { const i = document.getElementById('screen-qr'); return i.complete && i.naturalWidth > 0; });
  await check(tablet, '04-screen');
  await tablet.waitForFunction(() => document.getElementById('screen-qr').getAttribute('data-n') === '1', null, { timeout: 30000 });
  const scan = async () => {
    const r = await tablet.request.get(`${site.base}/espace/mlp/evenements/${ev}/qr.svg`);
    assert.equal(r.status(), 200);
    return r.headers()['x-claim-url'];
  };

  // 50 phones claim, a few at a time, each scanning the code shown at that moment.
  const phones = [];
  for (let i = 0; i < PHONES; i += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, PHONES - i) }, async (_, k) => {
      const n = i + k;
      const ctx = await b.newContext({ bypassCSP: true, viewport: { width: 360, height: 740 }, locale: 'fr-FR', isMobile: true });
      const page = await ctx.newPage();
      await page.goto(await scan()); // the code on the tablet at this moment
      if (!(await page.$('#first_name'))) assert.fail(`phone ${n}: ${(await page.textContent('main')).trim()}`);
      if (n === 0) await check(page, '05-claim-form');
      await page.fill('#first_name', `Jeune${n}`);
      if (n % 3 === 0) await page.fill('#phone', `06 00 00 ${String(n).padStart(2, '0')} 00`);
      await page.click('form.claim-form button[type=submit]');
      await page.waitForURL(new RegExp(`/e/${ev}/recu$`));
      const code = (await page.textContent('#claim-code')).trim();
      assert.match(code, /^[2-9A-HJKMNP-Z]{6}$/);
      assert.match(await page.textContent('h1'), new RegExp(`Bravo Jeune${n}, voici votre badge`));
      if (n === 0) await check(page, '06-claim-done');
      const link = await page.getAttribute('#claim-link', 'href');
      phones[n] = { ctx, page, code, link, name: `Jeune${n}` };
    }));
  }
  assert.equal(new Set(phones.map((p) => p.code)).size, PHONES);

  // The stand of the CV workshop gives its badge to 10 of them, on a phone.
  const stand = await staffPage('stand@example.org', { width: 360, height: 740 });
  await stand.goto(`${site.base}/espace/mlp/evenements/${ev}/stand`);
  await stand.selectOption('#badge', { label: 'Atelier CV' });
  await stand.click('form.stand-choose button[type=submit]');
  await check(stand, '07-stand');
  for (let i = 0; i < STAND - 1; i++) {
    await stand.fill('#code', phones[i * 5].code.toLowerCase());
    await stand.click('#stand-give button[type=submit]');
    await stand.waitForFunction((name) => document.getElementById('stand-status').textContent.includes(`Badge remis à ${name}`),
      phones[i * 5].name, { timeout: 20000 });
  }
  // The tenth by scanning the personal QR code: its URL opens the confirmation on the staff phone.
  const last = phones[(STAND - 1) * 5];
  await stand.goto(`${site.base}/espace/mlp/evenements/${ev}/stand/remettre?code=${last.code}`);
  await check(stand, '08-stand-confirm');
  await stand.click('form.stand-give button[type=submit]');
  assert.match(await stand.textContent('main'), new RegExp(`Badge « Atelier CV » remis à ${last.name}`));
  await check(stand, '09-stand-done');
  // The same code again gives nothing new.
  await stand.goto(`${site.base}/espace/mlp/evenements/${ev}/stand/remettre?code=${last.code}`);
  await stand.click('form.stand-give button[type=submit]');
  assert.match(await stand.textContent('main'), /avait déjà reçu « Atelier CV »/);

  // Every young person reopens their page and sees exactly their badges.
  for (let n = 0; n < PHONES; n++) {
    const p = phones[n];
    await p.page.reload();
    const names = await p.page.$$eval('#claim-badges a', (as) => as.map((a) => a.textContent.trim()).sort());
    const want = n % 5 === 0 && n / 5 < STAND ? ['Atelier CV', 'Paris pour l’Emploi des Jeunes'] : ['Paris pour l’Emploi des Jeunes'];
    assert.deepEqual(names, want, p.name);
    if (n === 0) await check(p.page, '10-return');
    // Their personal link opens their backpack (/sac), with the same badges.
    await p.page.goto(p.link);
    await p.page.waitForURL(/\/sac$/);
    const inSac = await p.page.$$eval('.sac-list h2 a', (as) => as.map((a) => a.textContent.trim()).sort());
    assert.deepEqual(inSac, want, `${p.name} in the backpack`);
    if (n === 0) await check(p.page, '10b-backpack');
  }
  const counts = await (await tablet.request.get(`${site.base}/espace/mlp/evenements/${ev}`)).text();
  assert.match(counts, new RegExp(`<strong>${PHONES}</strong> badge\\(s\\) de participation reçu\\(s\\)`));
  assert.match(counts, new RegExp(`<strong>${STAND}</strong> badge\\(s\\) remis par les stands`));

  // A photo of an old code, scanned later: refused with the clear message.
  const late = phones[1].page;
  await late.goto(`${site.base}/r/${token(ev, 'r', Math.floor(Date.now() / 20000) - 5)}`);
  assert.match(await late.textContent('main'), /Ce code QR a expiré, scannez celui affiché sur place\./);
  await check(late, '11-expired');
  for (const p of phones) await p.ctx.close();
});
