'use strict';
/*
 * The interface in English (docs/internals/i18n.md) over real HTTP: a signed-in
 * counsellor crawls every page reachable from the issuer space and the public
 * pages, plus the sign-in, password, verifier, error and form-error pages,
 * with the lang cookie set by GET /langue.  Each page must say <html lang="en">
 * and no visible text node nor translatable attribute may still be a French
 * text of po/en.po whose English differs (texts with Mustache tags are matched
 * as patterns).  The pages are parsed with htmlparser2, not with our scanner.
 * Without the cookie (and whatever Accept-Language says) the pages stay French.
 * Run from the repository root: node --test tests/http/i18n.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Parser } = require('htmlparser2');

const repoRoot = path.resolve(__dirname, '..', '..');
const { Site } = require('../lib/server');
const { parisDate } = require('../lib/paris');
const PASSWORD = 'un mot de passe assez long';
let S, base, session, badgeUid;
const en = { cookie: '' };

/* po/en.po: msgid -> msgstr (the PO string syntax: continuation lines, C escapes). */
function readPo(file) {
  const text = fs.readFileSync(file, 'utf8');
  const map = new Map();
  let cur = null, id = null, str = null, fuzzy = false;
  const unq = (s) => JSON.parse(s.replace(/\\([0-7]{3})/g, (m, o) => `\\u${parseInt(o, 8).toString(16).padStart(4, '0')}`));
  const flush = () => { if (id !== null && str !== null && !fuzzy && id !== '') map.set(id, str); id = str = null; fuzzy = false; };
  for (const line of text.split('\n')) {
    if (line.startsWith('#,') && line.includes('fuzzy')) { flush(); fuzzy = true; continue; }
    if (line.startsWith('#') || !line.trim()) { if (str !== null) flush(); continue; }
    let m;
    if ((m = /^msgid (".*")$/.exec(line))) { if (str !== null) flush(); id = unq(m[1]); cur = 'id'; }
    else if ((m = /^msgstr (".*")$/.exec(line))) { str = unq(m[1]); cur = 'str'; }
    else if ((m = /^(".*")$/.exec(line))) { if (cur === 'id') id += unq(m[1]); else str += unq(m[1]); }
  }
  flush();
  return map;
}

const po = readPo(path.join(repoRoot, 'po', 'en.po'));
/* French texts whose English differs: exact strings, and patterns for those with {{tags}}. */
const frenchExact = new Set();
const frenchPatterns = [];
for (const [fr, english] of po) {
  if (!english || english === fr) continue;
  if (!fr.includes('{{')) { frenchExact.add(fr); continue; }
  // The {{tags}} match anything; too few letters around them would match any text.
  const split = fr.split(/\{\{\{?[^}]*\}?\}\}/);
  if (split.join('').replace(/[^\p{L}]/gu, '').length < 8) continue;
  const parts = split.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ +/g, '\\s+'));
  // A tag stands for a value or a section: a few words at most.
  frenchPatterns.push({ fr, re: new RegExp(`^\\s*${parts.join('[\\s\\S]{0,60}?')}\\s*$`, 'u') });
}

/*
 * French texts still expected on English pages: messages of handlers that
 * other work was changing when the catalogues came (docs/internals/i18n.md,
 * "Marking the remaining handlers").  Mark the string with N_() in the file
 * named, run make po, translate it in po/en.po, then remove it from here.
 */
const PENDING = new Map([
]);
const pendingSeen = new Set();

const norm = (s) => s.replace(/\s+/g, ' ').trim();
function isFrench(s) {
  const t = norm(s);
  if (!t) return null;
  if (PENDING.has(t)) { pendingSeen.add(t); return null; }
  if (frenchExact.has(t)) return t;
  const p = frenchPatterns.find((x) => x.re.test(t));
  return p ? p.fr : null;
}

/* The French texts left in a page: text nodes between tags and translatable attributes. */
function leftovers(html) {
  const found = [];
  let text = '', skip = 0;
  const flush = () => { const f = isFrench(text); if (f) found.push(`text "${norm(text)}" (${f})`); text = ''; };
  const parser = new Parser({
    onopentag(name, attrs) {
      flush();
      if (name === 'script' || name === 'style') skip++;
      for (const a of ['alt', 'title', 'placeholder', 'aria-label']) {
        if (attrs[a] !== undefined && isFrench(attrs[a])) found.push(`${name} ${a}="${attrs[a]}"`);
      }
      if (name === 'input' && /^(submit|button|reset)$/i.test(attrs.type || '') && attrs.value && isFrench(attrs.value)) {
        found.push(`input value="${attrs.value}"`);
      }
    },
    ontext(t) { if (!skip) text += t; },
    onclosetag(name) { flush(); if (name === 'script' || name === 'style') skip--; },
  }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  flush();
  return found;
}

function links(html) {
  const out = [];
  const parser = new Parser({
    onopentag(name, attrs) { if (name === 'a' && attrs.href) out.push(attrs.href); },
  }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return out;
}

function get(p, cookies, headers = {}) {
  return fetch(base + p, { redirect: 'manual',
    headers: { Accept: 'text/html', Cookie: cookies.filter(Boolean).join('; '), ...headers } });
}

function post(p, fields, cookies) {
  return fetch(base + p, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
    headers: { Origin: base, Accept: 'text/html', Cookie: cookies.filter(Boolean).join('; ') } });
}

/* An English page: <html lang="en"> and nothing left in French. */
async function assertEnglish(what, r) {
  const html = await r.text();
  assert.match(r.headers.get('content-type') || '', /text\/html/, `${what}: HTML`);
  assert.match(html, /<html lang="en">/, `${what}: <html lang="en">`);
  assert.deepEqual(leftovers(html), [], `${what}: French texts left in the English page`);
  return html;
}

test.before(async () => {
  // The verifier may fetch the award from this test server (127.0.0.1).
  S = await new Site().start({ config: 'verifier_allow_http = on\nverifier_allow_private = on\n' });
  ({ base } = S);
  S.cli(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale de Paris', '--url', 'https://example.org',
    '--email', 'c@example.org']);
  S.cli(['user', 'add', '--email', 'nadia@example.org', '--name', 'Nadia', '--org', 'ml', '--role', 'admin',
    '--password-file', '-'], `${PASSWORD}\n`);
  const img = path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg');
  const made = S.cli(['badge', 'add', '--org', 'ml', '--name', 'Accueil du public', '--description', 'd',
    '--criteria', 'c', '--image', img]);
  badgeUid = /([A-Za-z0-9_-]{22})/.exec(made)[1];
  await S.serve();
  const r = await post('/connexion', { email: 'nadia@example.org', password: PASSWORD, suite: '/espace' }, []);
  assert.equal(r.status, 303);
  session = r.headers.get('set-cookie').split(';')[0];
});

test.after(async () => {
  if (S) await S.stop();
  for (const t of pendingSeen) process.stdout.write(`# still French, to mark: "${t}" in ${PENDING.get(t)}\n`);
});

test('GET /langue sets the lang cookie and goes back to a local page only', async () => {
  const r = await get('/langue?l=en&retour=%2Fverifier', []);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/verifier');
  const set = r.headers.get('set-cookie');
  assert.match(set, /^lang=en;/);
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Lax/);
  en.cookie = set.split(';')[0];
  for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '']) {
    const e = await get(`/langue?l=en&retour=${encodeURIComponent(evil)}`, []);
    assert.equal(e.status, 303);
    assert.equal(e.headers.get('location'), '/', `retour=${evil}`);
  }
  const fr = await get('/langue?l=fr&retour=%2F', [en.cookie]);
  assert.match(fr.headers.get('set-cookie'), /^lang=;.*Max-Age=0/);
  assert.equal((await get('/langue?l=de&retour=%2F', [])).status, 400);
});

test('French stays the default, whatever the browser asks for', async () => {
  for (const p of ['/', '/connexion', '/verifier', '/espace/ml']) {
    const r = await get(p, [session], { 'Accept-Language': 'en-US,en;q=0.9' });
    const html = await r.text();
    assert.match(html, /<html lang="fr">/, p);
    assert.match(html, /Aller au contenu/, p);
    assert.match(html, /hreflang="en" lang="en">English<\/a>/, p);
    assert.doesNotMatch(html, /Skip to content/, p);
  }
  const q = await (await get('/verifier?lang=en', [])).text();
  assert.match(q, /<html lang="en">/);
  assert.match(q, /Verify a badge/);
  // The switch link brings the person back to the same page, query included.
  const fr = await (await get('/espace/ml/attributions?q=x', [session])).text();
  assert.match(fr, /href="\/langue\?l&#61;en&amp;retour&#61;\/espace\/ml\/attributions%3Fq%3Dx"/);
});

test('every page of the issuer space and the public pages is in English with the cookie', async () => {
  assert.ok(en.cookie, 'the cookie comes from GET /langue');
  // An award, so that the award pages and the public badge pages exist.
  const form = await (await get(`/espace/ml/badges/${badgeUid}/attribuer`, [session, en.cookie])).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(form)[1];
  const awarded = await post(`/espace/ml/badges/${badgeUid}/attribuer`,
    { csrf, name: 'Camille Martin', email: 'camille@example.org', date: '' }, [session, en.cookie]);
  assert.equal(awarded.status, 303, await awarded.text());

  const seen = new Set();
  const queue = ['/', '/espace', '/espace/ml', '/verifier', '/connexion', '/mot-de-passe', '/o/ml',
    `/badges/${badgeUid}`, '/espace/ml/badges/nouveau', '/espace/ml/equipe'];
  let pages = 0;
  while (queue.length && pages < 150) {
    const p = queue.shift();
    if (seen.has(p)) continue;
    seen.add(p);
    const r = await get(p, [session, en.cookie]);
    if (r.status >= 300 && r.status < 400) { queue.push(r.headers.get('location')); continue; }
    if (!/text\/html/.test(r.headers.get('content-type') || '')) { await r.arrayBuffer(); continue; }
    const html = await assertEnglish(`GET ${p}`, r);
    pages++;
    for (const href of links(html)) {
      const u = new URL(href, base + p);
      if (u.origin !== base) continue;
      if (/^\/(static|langue|api)\b|\.(csv|svg|png|json|jwt|jws)$|\/(credential|image)$/.test(u.pathname)) continue;
      queue.push(u.pathname + u.search);
    }
  }
  // The crawl reached the pages of every area.
  for (const re of [/^\/espace\/ml\/badges\/[^/]+$/, /^\/espace\/ml\/attributions/, /^\/espace\/ml\/attributions\/[^/]+$/,
    /^\/awards\/[^/]+$/, /^\/badges\/[^/]+$/, /^\/o\/ml$/, /^\/espace\/ml\/badges\/[^/]+\/modifier$/, /^\/espace\/ml\/equipe$/]) {
    assert.ok([...seen].some((p) => re.test(p)), `the crawl reached ${re}`);
  }
  assert.ok(pages >= 15, `${pages} pages checked`);
});

test('error pages, form errors and results are in English too', async () => {
  const c = [session, en.cookie];
  await assertEnglish('404', await get('/nulle-part', [en.cookie]));
  await assertEnglish('404 in the space', await get('/espace/inconnue', c));
  const signin = await assertEnglish('wrong password',
    await post('/connexion', { email: 'nadia@example.org', password: 'mauvais', suite: '/espace' }, [en.cookie]));
  assert.match(signin, /Wrong email address or password\./);
  await assertEnglish('password request, bad address', await post('/mot-de-passe', { email: 'pas une adresse' }, [en.cookie]));
  await assertEnglish('password link, unknown token', await get('/mot-de-passe/inconnu', [en.cookie]));
  // The password form itself, with its errors (the length is checked before the link).
  const short = await assertEnglish('new password, too short',
    await post('/mot-de-passe/inconnu', { password: 'court', password2: 'court' }, [en.cookie]));
  assert.match(short, /The password must have at least \d+ characters\./);
  assert.match(short, /New password/);
  const verifier = await assertEnglish('verifier, empty form', await post('/verifier', { text: '' }, [en.cookie]));
  assert.match(verifier, /The form is empty/);
  const home = await (await get('/espace/ml', c)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(home)[1];
  const badge = await post('/espace/ml/badges/nouveau', { csrf, name: '' }, c);
  await assertEnglish('badge form with errors', badge);
  const award = await post(`/espace/ml/badges/${badgeUid}/attribuer`, { csrf, name: 'X', email: 'pas une adresse' }, c);
  await assertEnglish('award form with errors', award);
  const team = await post('/espace/ml/equipe/inviter', { csrf, email: 'x' }, c);
  await assertEnglish('team invitation with errors', team);
  // A CSV import with a bad line: the import form, its preview, then its summary.
  const where = `/espace/ml/badges/${badgeUid}/importer`;
  await assertEnglish('import form', await get(where, c));
  const fd = new FormData();
  fd.append('csrf', csrf);
  fd.append('fichier', new Blob(['Prénom;Nom;Courriel\nLéa;Martin;lea@example.org\nZoé;Petit;pas-une-adresse\n'],
    { type: 'text/csv' }), 'jeunes.csv');
  const up = await fetch(base + where, { method: 'POST', body: fd, redirect: 'manual', headers: { Cookie: c.join('; ') } });
  assert.equal(up.status, 303, await up.text());
  const preview = up.headers.get('location');
  await assertEnglish('import preview', await get(preview, c));
  const go = await post(`${preview}/emettre`, { csrf }, c);
  assert.equal(go.status, 303);
  for (let i = 0; i < 100; i++) {
    const st = await (await fetch(`${base}${preview}/etat`, { headers: { Cookie: session, Accept: 'application/json' } })).json();
    if (st.state === 'done') break;
    await new Promise((res) => setTimeout(res, 100));
  }
  await assertEnglish('import summary', await get(preview, c));
});

test('the verification report is in English, the checks included', async () => {
  const list = await (await get('/espace/ml/attributions', [session])).text();
  const award = /href="\/espace\/ml\/attributions\/([A-Za-z0-9_-]{22})"/.exec(list)[1];
  const r = await post('/verifier', { text: `${base}/awards/${award}` }, [en.cookie]);
  assert.equal(r.headers.get('content-language'), 'en');
  const html = await assertEnglish('verification report', r);
  assert.match(html, /This badge is valid: it is authentic, intact and still in force\./);
  assert.match(html, /What was verified: the pasted address/);
  const fr = await (await post('/verifier', { text: `${base}/awards/${award}` }, [])).text();
  assert.match(fr, /Ce badge est valide : il est authentique/);
});

test('dates follow the language: "28 novembre 2026" in French, "November 28, 2026" in English', async () => {
  const list = await (await get('/espace/ml/attributions', [session])).text();
  const award = /href="\/espace\/ml\/attributions\/([A-Za-z0-9_-]{22})"/.exec(list)[1];
  const months = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre',
    'novembre', 'décembre'];
  const monthsEn = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
    'November', 'December'];
  const d = parisDate(); // pages date in Paris time
  const fr = `${d.day === 1 ? '1er' : d.day} ${months[d.month - 1]} ${d.year}`;
  const english = `${monthsEn[d.month - 1]} ${d.day}, ${d.year}`;
  const pageFr = await (await get(`/awards/${award}`, [])).text();
  assert.ok(pageFr.includes(`le ${fr}`), `French date "${fr}" on the public award page`);
  const pageEn = await (await get(`/awards/${award}`, [en.cookie])).text();
  assert.ok(pageEn.includes(`on ${english}`), `English date "${english}" on the public award page`);
  assert.ok(!pageEn.includes(fr));
});
