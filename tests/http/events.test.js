'use strict';
/*
 * Events and claims over real HTTP (h_events.c, h_claim.c): the staff form
 * (French errors next to the fields), the rotating and poster QR codes
 * (decoded by zbarimg when installed), claim tokens computed by the test
 * from the master key (expired and forged ones refused with a clear
 * message), a claim without account whose badge `blason verify` accepts,
 * duplicate claims recognised (same phone, same email elsewhere), PIN,
 * capacity, approval in bulk, the stand mode by personal code (idempotent),
 * other organisations kept out, hostile text escaped, the per-address rate
 * limit.  Run from the repository root: node --test tests/http/events.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Site, BLASON, repoRoot } = require('../lib/server');
const { MASTER, PASSWORD, token, signIn, get, post, createEvent, claim } = require('../lib/events');

const CLAIM_LIMIT = 40;
const FIXTURES = path.resolve(repoRoot, process.env.FIXTURES || '../shared/fixtures');
const haveZbar = spawnSync('sh', ['-c', 'command -v zbarimg'], { encoding: 'utf8' }).status === 0;
let S, base, issuer, viewer, other, partUid, cvUid, otherBadge;

function verify(target, recipient) {
  const r = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network',
    ...(recipient ? ['--recipient', recipient] : []), target], { encoding: 'utf8' });
  return { status: r.status, report: JSON.parse(r.stdout || '{}'), out: r.stdout + r.stderr };
}

test.before(async () => {
  process.env.BLASON_MASTER_KEY = MASTER;
  process.env.BLASON_CLAIM_LIMIT = String(CLAIM_LIMIT);
  S = await new Site().start();
  base = S.base;
  for (const slug of ['ml', 'autre']) {
    S.cli(['org', 'add', '--slug', slug, '--name', `Org ${slug}`, '--url', 'https://example.org', '--email', 'c@example.org']);
  }
  for (const [email, org, role] of [['issuer@example.org', 'ml', 'issuer'], ['viewer@example.org', 'ml', 'viewer'],
    ['else@example.org', 'autre', 'admin']]) {
    S.cli(['user', 'add', '--email', email, '--name', email.split('@')[0], '--org', org, '--role', role,
      '--password-file', '-'], `${PASSWORD}\n`);
  }
  const img = path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg');
  const uidOf = (out) => /([A-Za-z0-9_-]{22})/.exec(out)[1];
  partUid = uidOf(S.cli(['badge', 'add', '--org', 'ml', '--name', 'Salon de l’emploi', '--description', 'd', '--criteria', 'c', '--image', img]));
  cvUid = uidOf(S.cli(['badge', 'add', '--org', 'ml', '--name', 'Atelier CV', '--description', 'd', '--criteria', 'c', '--image', img]));
  otherBadge = uidOf(S.cli(['badge', 'add', '--org', 'autre', '--name', 'Autre', '--description', 'd', '--criteria', 'c', '--image', img]));
  await S.serve();
  issuer = await signIn(base, 'issuer@example.org', 'ml');
  viewer = await signIn(base, 'viewer@example.org', 'ml');
  other = await signIn(base, 'else@example.org', 'autre');
});

test.after(async () => {
  delete process.env.BLASON_CLAIM_LIMIT;
  delete process.env.BLASON_MASTER_KEY;
  if (S) await S.stop(); // fails on a crash or a sanitizer report
});

let ev; // the main event

test('the event form: French errors next to the fields, values kept; roles and organisations', async () => {
  const form = await (await get(issuer, '/espace/ml/evenements/nouveau')).text();
  assert.match(form, /<label for="name">Nom de l’événement<\/label>/);
  assert.match(form, new RegExp(`<option value="${partUid}">Salon de l’emploi</option>`));
  const bad = await post(issuer, '/espace/ml/evenements/nouveau', { name: 'Forum <b>test</b>', starts: '2026-05-10T14:00',
    ends: '2026-05-10T10:00', participation: partUid, capacity: 'beaucoup', pin: '12' });
  assert.equal(bad.status, 400);
  const html = await bad.text();
  assert.match(html, /role="alert"/);
  assert.match(html, /id="capacity-error">La capacité est un nombre entier/);
  assert.match(html, /aria-describedby="capacity-error" aria-invalid="true"/);
  assert.match(html, /value="Forum &lt;b&gt;test&lt;\/b&gt;"/);
  assert.match(html, /value="2026-05-10T14:00"/);
  const bad2 = await (await post(issuer, '/espace/ml/evenements/nouveau', { name: 'Forum', starts: '2026-05-10T14:00',
    ends: '2026-05-10T10:00', participation: partUid })).text();
  assert.match(bad2, /id="ends-error">Indiquez une fin après le début/);
  const bad3 = await (await post(issuer, '/espace/ml/evenements/nouveau', { name: 'Forum', starts: '2026-05-10T09:00',
    ends: '2026-05-10T10:00', participation: otherBadge })).text();
  assert.match(bad3, /id="participation-error">Choisissez le badge de participation/);
  // A viewer may not create; another organisation cannot use our badges nor see our events.
  assert.equal((await post(viewer, '/espace/ml/evenements/nouveau', { name: 'X', participation: partUid })).status, 403);
  ev = await createEvent(issuer, 'ml', { name: 'Salon <script>alert(1)</script>', place: 'Paris 13e',
    participation: partUid, stands: [cvUid] });
  const page = await (await get(issuer, `/espace/ml/evenements/${ev}?ok=cree`)).text();
  assert.match(page, /L’événement a été créé/);
  assert.match(page, /Salon &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.doesNotMatch(page, /<script>alert/);
  assert.match(page, /Mode stand : Atelier CV/);
  assert.equal((await get(other, `/espace/autre/evenements/${ev}`)).status, 404);
  assert.equal((await get(other, `/espace/ml/evenements/${ev}`)).status, 404);
  assert.equal((await get(viewer, `/espace/ml/evenements/${ev}`)).status, 200);
  // Editing: the form comes back with the stored values (Paris time), changes are kept.
  const edit = await (await get(issuer, `/espace/ml/evenements/${ev}/modifier`)).text();
  assert.match(edit, /id="place" name="place" type="text" maxlength="200" value="Paris 13e"/);
  assert.match(edit, /id="starts" name="starts" type="datetime-local" required value="\d{4}-\d\d-\d\dT\d\d:\d\d"/);
  assert.match(edit, new RegExp(`<input type="checkbox" id="stand\\d+" name="stands" value="${cvUid}" checked>`));
  const starts = /id="starts"[^>]*value="([^"]+)"/.exec(edit)[1], ends = /id="ends"[^>]*value="([^"]+)"/.exec(edit)[1];
  assert.equal((await post(viewer, `/espace/ml/evenements/${ev}/modifier`, { name: 'X' })).status, 403);
  const upd = await post(issuer, `/espace/ml/evenements/${ev}/modifier`, { name: 'Salon <script>alert(1)</script>',
    place: 'Paris 19e', starts, ends, participation: partUid, stands: [cvUid], rotate: '30' });
  assert.equal(upd.status, 303, await upd.text());
  const again = await (await get(issuer, `/espace/ml/evenements/${ev}/modifier`)).text();
  assert.match(again, new RegExp(`id="starts"[^>]*value="${starts}"`));
  assert.match(again, /value="Paris 19e"/);
  const list = await (await get(issuer, '/espace/ml/evenements')).text();
  assert.match(list, new RegExp(`href="/espace/ml/evenements/${ev}"`));
  assert.doesNotMatch(await (await get(other, '/espace/autre/evenements')).text(), new RegExp(ev));
});

test('rotating and poster QR codes lead to the claim form; zbarimg reads the PNG', async () => {
  const r = await get(issuer, `/espace/ml/evenements/${ev}/qr.svg`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^image\/svg\+xml/);
  const url = r.headers.get('x-claim-url');
  assert.match(url, new RegExp(`^${base}/r/${ev}\\.r\\d+\\.[A-Za-z0-9_-]{16}$`));
  assert.match(await r.text(), /<svg[^>]*role="img"/);
  assert.equal((await get(other, `/espace/ml/evenements/${ev}/qr.svg`)).status, 404);
  const form = await (await fetch(url)).text();
  assert.match(form, /<label for="first_name">Votre prénom<\/label>/);
  assert.match(form, /Recevoir le badge « Salon de l’emploi »/);
  // The form posts to a token of its own, good for 15 minutes: typing outlives a rotating code.
  const action = new RegExp(`action="/r/(${ev}\\.p(\\d+)\\.[A-Za-z0-9_-]{16})"`).exec(form);
  assert.ok(action, 'form action');
  const until = Number(action[2]) - Date.now() / 1000;
  assert.ok(until > 850 && until <= 901, `form token lives ${until} s`);
  const poster = await (await get(issuer, `/espace/ml/evenements/${ev}/affiche`)).text();
  const purl = /class="url">([^<]+)</.exec(poster)[1];
  assert.match(purl, new RegExp(`/r/${ev}\\.p\\d+\\.`));
  assert.match(poster, /<svg[^>]*class="qr"/);
  const screen = await (await get(issuer, `/espace/ml/evenements/${ev}/ecran`)).text();
  assert.match(screen, /<script src="\/static\/event-display.js" defer><\/script>/);
  assert.match(screen, />Actualiser</);
  if (haveZbar) {
    const png = Buffer.from(await (await get(issuer, `/espace/ml/evenements/${ev}/qr.png?affiche=1`)).arrayBuffer());
    const f = path.join(S.tmp, 'qr.png');
    fs.writeFileSync(f, png);
    const z = spawnSync('zbarimg', ['-q', '--raw', f], { encoding: 'utf8' });
    assert.equal(z.stdout.trim(), purl);
  }
});

test('tokens: the current and previous slot work, older ones are refused as expired, forged ones as unknown', async () => {
  const slot = Math.floor(Date.now() / 1000 / 30);
  assert.equal((await fetch(`${base}/r/${token(ev, 'r', slot)}`)).status, 200);
  assert.equal((await fetch(`${base}/r/${token(ev, 'r', slot - 1)}`)).status, 200);
  const old = await fetch(`${base}/r/${token(ev, 'r', slot - 3)}`);
  assert.equal(old.status, 410);
  assert.match(await old.text(), /Ce code QR a expiré, scannez celui affiché sur place\./);
  const oldPoster = await fetch(`${base}/r/${token(ev, 'p', Math.floor(Date.now() / 1000) - 60)}`);
  assert.equal(oldPoster.status, 410);
  const forged = await fetch(`${base}/r/${token(ev, 'r', slot, 'b2'.repeat(32))}`);
  assert.equal(forged.status, 404);
  assert.match(await forged.text(), /Ce code QR n’est pas valide/);
  // Claiming with an expired token is refused too.
  const c = await claim(base, `${base}/r/${token(ev, 'r', slot - 5)}`, { first_name: 'Tardif' });
  assert.equal(c.status, 410);
});

let first; // the first claim: { cookie, code, award, link }

test('a claim without account: badge issued at once, personal link and code, verifies; never twice', async () => {
  const url = `${base}/r/${token(ev, 'r', Math.floor(Date.now() / 30000))}`;
  const noName = await claim(base, url, { first_name: '' });
  assert.equal(noName.status, 400);
  assert.match(noName.text, /id="first_name-error">Indiquez votre prénom/);
  const badPhone = await claim(base, url, { first_name: 'Inès', phone: '06 12' });
  assert.match(badPhone.text, /id="phone-error">Numéro invalide/);
  assert.match(badPhone.text, /value="Inès"/);
  const cross = await fetch(url, { method: 'POST', redirect: 'manual', headers: { Origin: 'https://evil.example' },
    body: new URLSearchParams({ first_name: 'X' }) });
  assert.equal(cross.status, 403);

  first = await claim(base, url, { first_name: 'Inès', phone: '06 12 34 56 78' });
  assert.equal(first.status, 303, first.text);
  assert.match(first.cookie, /^bl_claim=/);
  assert.equal(first.pageStatus, 200);
  assert.match(first.page, /Bravo Inès, voici votre badge « Salon de l’emploi »/);
  assert.match(first.code, /^[2-9A-HJKMNP-Z]{6}$/);
  assert.match(first.link, new RegExp(`^${base}/sac/l/[A-Za-z0-9_-]{20,}$`));
  assert.ok(first.award);
  // The credential names the holder by URL and the phone by hash; blason verify accepts it.
  const cred = await (await fetch(`${base}/awards/${first.award}/credential`)).json();
  assert.match(cred.credentialSubject.id, new RegExp(`^${base}/sac/p/[A-Za-z0-9_-]{22}$`));
  assert.doesNotMatch(JSON.stringify(cred), /612345678/);
  const v = verify(`${base}/awards/${first.award}`, '+33612345678');
  assert.equal(v.report.verdict, 'valid', v.out);
  const v2 = verify(`${base}/awards/${first.award}/credential`, cred.credentialSubject.id);
  assert.equal(v2.report.verdict, 'valid', v2.out);
  assert.deepEqual(cred.credentialSubject.identifier.map((i) => i.identityType), ['ext:telephone', 'name']);
  // 1EdTech's AchievementCredential schema accepts the holder URL and the ext: phone identifier.
  const schema = path.join(FIXTURES, 'schemas', 'ob30', 'achievementcredential.json');
  if (fs.existsSync(schema)) {
    const Ajv2019 = require('ajv/dist/2019');
    const ajv = new Ajv2019({ strict: true, strictTuples: false, allErrors: true });
    require('ajv-formats')(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schema, 'utf8')));
    assert.ok(validate(cred), JSON.stringify(validate.errors, null, 1));
  }
  // The same phone again: the same claim, the same badge.
  const again = await claim(base, url, { first_name: 'Inès' }, first.cookie);
  assert.equal(again.status, 303);
  assert.equal(again.code, first.code);
  assert.equal(again.award, first.award);
  // The same number from another phone: recognised, no second badge, and no link given away.
  const elsewhere = await claim(base, url, { first_name: 'Inès', phone: '+33 6 12 34 56 78' });
  assert.equal(elsewhere.status, 200);
  assert.match(elsewhere.text, /Inès, vous avez déjà ce badge/);
  assert.doesNotMatch(elsewhere.text, /\/sac\/l\//);
  const detail = await (await get(issuer, `/espace/ml/evenements/${ev}`)).text();
  assert.match(detail, /<strong>1<\/strong> badge\(s\) de participation reçu\(s\)/);
  // Claims per hour: the SVG chart labels hours ("14h00"), its data table has the one claim.
  const chart = /<figure class="chart-figure" id="claims-chart">([\s\S]*?)<\/figure>/.exec(detail)[1];
  assert.match(chart, /<svg[^>]*role="img"/);
  assert.match(chart, />\d\dh00</);
  assert.equal([...chart.matchAll(/<td>(\d+)<\/td>/g)].reduce((a, m) => a + Number(m[1]), 0), 1);
  // In English: hours as "14:00", dates "dd/mm/yyyy at 14:05", the chart title translated.
  const en = await (await get(issuer, `/espace/ml/evenements/${ev}?lang=en`)).text();
  const enChart = /<figure class="chart-figure" id="claims-chart">([\s\S]*?)<\/figure>/.exec(en)[1];
  assert.match(enChart, />\d\d:00</);
  assert.match(enChart, /Claims per hour|Attendance badges received per hour/);
  assert.match(en, /\d\d\/\d\d\/\d{4} at \d\d:\d\d/);
  assert.doesNotMatch(en, /\d{4} à \d\dh/);
  // The receipt page needs this phone's cookie.
  assert.equal((await fetch(`${base}/e/${ev}/recu`)).status, 404);
});

test('stand mode: the personal code awards the stand badge once; other organisations and bad codes refused', async () => {
  const stand = await (await get(issuer, `/espace/ml/evenements/${ev}/stand?badge=${cvUid}`)).text();
  assert.match(stand, /Remettre « Atelier CV »/);
  assert.match(stand, /<script src="\/static\/stand.js" defer><\/script>/);
  // What the personal QR code opens on the staff phone: a confirmation with the code filled in.
  const qrUrl = `/espace/ml/evenements/${ev}/stand/remettre?code=${first.code}&badge=${cvUid}`;
  const confirm = await (await get(issuer, qrUrl)).text();
  assert.match(confirm, new RegExp(`value="${first.code}"`));
  const give = await post(issuer, `/espace/ml/evenements/${ev}/stand/remettre`, { code: first.code.toLowerCase(), badge: cvUid });
  assert.equal(give.status, 200);
  assert.match(await give.text(), /Badge « Atelier CV » remis à Inès/);
  // Sent again (a retry from the offline queue): nothing new.
  const json = await post(issuer, `/espace/ml/evenements/${ev}/stand/remettre`, { code: first.code, badge: cvUid },
    { Accept: 'application/json', 'X-CSRF-Token': issuer.csrf });
  assert.equal(json.status, 200);
  const j = await json.json();
  assert.equal(j.existed, true);
  assert.equal(j.first_name, 'Inès');
  const v = verify(`${base}/awards/${j.award}`, '+33612345678');
  assert.equal(v.report.verdict, 'valid', v.out);
  const bad = await post(issuer, `/espace/ml/evenements/${ev}/stand/remettre`, { code: 'ZZZZZZ', badge: cvUid });
  assert.equal(bad.status, 422);
  assert.match(await bad.text(), /Aucun jeune n’a ce code à cet événement/);
  assert.equal((await post(viewer, `/espace/ml/evenements/${ev}/stand/remettre`, { code: first.code, badge: cvUid })).status, 403);
  assert.equal((await post(other, `/espace/ml/evenements/${ev}/stand/remettre`, { code: first.code, badge: cvUid })).status, 404);
  const detail = await (await get(issuer, `/espace/ml/evenements/${ev}`)).text();
  assert.match(detail, /<strong>1<\/strong> badge\(s\) remis par les stands/);
  // The young person's return page lists both badges of the event.
  const mine = await (await fetch(`${base}/e/${ev}/recu`, { headers: { Cookie: first.cookie } })).text();
  const list = /<ul class="claim-badges" id="claim-badges">([\s\S]*?)<\/ul>/.exec(mine)[1];
  assert.match(list, new RegExp(`href="/awards/${j.award}">Atelier CV<`));
  assert.match(list, new RegExp(`href="/awards/${first.award}">Salon de l’emploi<`));
});

test('PIN, capacity and approval: clear refusals, pending claims issued in bulk', async () => {
  const pinEv = await createEvent(issuer, 'ml', { name: 'Atelier PIN', participation: partUid, pin: '2468', capacity: '1' });
  const url = `${base}/r/${token(pinEv, 'r', Math.floor(Date.now() / 30000))}`;
  assert.match(await (await fetch(url)).text(), /<label for="pin">Code PIN donné sur place<\/label>/);
  const wrong = await claim(base, url, { first_name: 'Zoé', pin: '1111' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /Ce n’est pas le bon code PIN/);
  const ok = await claim(base, url, { first_name: 'Zoé', pin: '2468' });
  assert.equal(ok.status, 303);
  const full = await claim(base, url, { first_name: 'Yanis', pin: '2468' });
  assert.equal(full.status, 409);
  assert.match(full.text, /Toutes les places de cet événement ont été prises/);

  const apEv = await createEvent(issuer, 'ml', { name: 'Forum validé', participation: partUid, approval: '1' });
  const aurl = `${base}/r/${token(apEv, 'r', Math.floor(Date.now() / 30000))}`;
  const phones = [];
  for (const name of ['Léa', 'Noé', '<img src=x onerror=alert(1)>']) {
    const c = await claim(base, aurl, { first_name: name });
    assert.equal(c.status, 303);
    assert.match(c.page, /votre demande est enregistrée/);
    assert.equal(c.award, null);
    phones.push(c);
  }
  let detail = await (await get(issuer, `/espace/ml/evenements/${apEv}`)).text();
  assert.match(detail, /<strong>3<\/strong> demande\(s\) en attente/);
  assert.match(detail, /&lt;img src&#61;x onerror&#61;alert\(1\)&gt;|&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.doesNotMatch(detail, /<img src=x/);
  const ids = [...detail.matchAll(/name="claim" value="(\d+)"/g)].map((m) => m[1]);
  assert.equal(ids.length, 3);
  assert.equal((await post(viewer, `/espace/ml/evenements/${apEv}/approuver`, { claim: ids[0] })).status, 403);
  const one = await post(issuer, `/espace/ml/evenements/${apEv}/approuver`, { claim: ids[0] });
  assert.equal(one.status, 303);
  assert.match(one.headers.get('location'), /ok=approuve&n=1$/);
  const all = await post(issuer, `/espace/ml/evenements/${apEv}/approuver`, { all: '1' });
  assert.match(all.headers.get('location'), /ok=approuve&n=2$/);
  detail = await (await get(issuer, `/espace/ml/evenements/${apEv}`)).text();
  assert.match(detail, /<strong>3<\/strong> badge\(s\) de participation reçu\(s\)/);
  const mine = await (await fetch(`${base}/e/${apEv}/recu`, { headers: { Cookie: phones[1].cookie } })).text();
  const award = /href="\/awards\/([A-Za-z0-9_-]{22})\/badge.png"/.exec(mine)[1];
  assert.equal(verify(`${base}/awards/${award}`).report.verdict, 'valid');
});

test('a closed claim window is refused in French; the per-address limit answers 429', async () => {
  const now = Date.now();
  const { paris } = require('../lib/events');
  const past = await createEvent(issuer, 'ml', { name: 'Hier', participation: partUid,
    starts: paris(new Date(now - 30 * 3600e3)), ends: paris(new Date(now - 26 * 3600e3)) });
  const r = await fetch(`${base}/r/${token(past, 'r', Math.floor(now / 30000))}`);
  assert.equal(r.status, 410);
  assert.match(await r.text(), /La période pour recevoir ce badge est terminée/);
  const url = `${base}/r/${token(ev, 'r', Math.floor(Date.now() / 30000))}`;
  let limited = null;
  for (let i = 0; i <= CLAIM_LIMIT && !limited; i++) {
    const c = await claim(base, url, { first_name: `Rafale ${i}` });
    if (c.status === 429) limited = c;
    else assert.equal(c.status, 303, c.text);
  }
  assert.ok(limited, 'no 429 within the limit');
  assert.match(limited.text, /Trop de demandes depuis cette connexion/);
});
