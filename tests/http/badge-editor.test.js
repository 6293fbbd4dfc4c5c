'use strict';
/*
 * The badge class pages of the issuer space over real HTTP: create with an
 * uploaded PNG, an uploaded SVG and a generated image (served as PNG and
 * SVG, checked with pngcheck and `blason unbake`, awarded and verified with
 * `blason verify`), French errors next to fields with values kept, roles
 * (viewer, another organisation), hostile text escaped on every page,
 * hostile SVG refused, edits, search and archives.
 * Run from the repository root: node --test tests/http/
 */
const test = require('node:test');
const { stopChecked } = require('../lib/server');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const repoRoot = path.resolve(__dirname, '..', '..');
const BLASON = process.env.BLASON
  ? path.resolve(process.cwd(), process.env.BLASON)
  : path.join(repoRoot, 'build', 'blason');
const PASSWORD = 'un mot de passe assez long';
const XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];
let tmp, base, server, site;
const sessions = {};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

function blason(args, input) {
  const r = spawnSync(BLASON, [...args, ...site], { encoding: 'utf8', input });
  assert.equal(r.status, 0, `blason ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/* A real PNG: w x h RGB, every row filtered with "none". */
function png(w, h) {
  const table = [];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  const crc = (buf) => { let c = 0xffffffff; for (const x of buf) c = table[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h, 0x40);
  for (let y = 0; y < h; y++) raw[y * (w * 3 + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function signIn(email) {
  const r = await fetch(`${base}/connexion`, { method: 'POST', redirect: 'manual', headers: { Origin: base },
    body: new URLSearchParams({ email, password: PASSWORD }) });
  assert.equal(r.status, 303, email);
  return r.headers.get('set-cookie').split(';')[0];
}

async function page(p, who) {
  const r = await fetch(base + p, { headers: { Cookie: sessions[who], Accept: 'text/html' }, redirect: 'manual' });
  return { status: r.status, html: await r.text(), headers: r.headers };
}

async function csrfOf(who) {
  const first = await page('/espace', who);
  const { html } = first.status === 303 ? await page(first.headers.get('location'), who) : first;
  return /name="csrf" value="([^"]+)"/.exec(html)[1];
}

/* The form as the browser sends it: multipart, with the file when given. */
async function submit(p, who, fields, file) {
  const fd = new FormData();
  fd.append('csrf', await csrfOf(who));
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append('image', new Blob([file.bytes], { type: file.type }), file.name);
  const r = await fetch(base + p, { method: 'POST', body: fd, redirect: 'manual',
    headers: { Cookie: sessions[who], Accept: 'text/html' } });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
}

const basic = {
  name: 'Accueil du public', description: 'Sait accueillir et orienter le public.',
  criteria: 'Avoir tenu l’accueil d’un forum une demi-journée.', validity: 'none',
};

async function create(fields, file) {
  const r = await submit('/espace/ml/badges/nouveau', 'nadia', { ...basic, ...fields }, file);
  assert.equal(r.status, 303, r.html.slice(0, 2000));
  const m = /^\/espace\/ml\/badges\/([A-Za-z0-9_-]+)$/.exec(r.location);
  assert.ok(m, r.location);
  return m[1];
}

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-badge-editor-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  site = ['--db', process.env.BLASON_TEST_DB || `sqlite:${tmp}/blason.db`, '--data', tmp, '--base-url', base];
  for (const [slug, name] of [['ml', 'Mission Locale de Paris'], ['asso', 'Association Sport & Emploi']]) {
    blason(['org', 'add', '--slug', slug, '--name', name, '--url', 'https://example.org', '--email', 'c@example.org']);
  }
  const users = [['nadia', 'ml', 'issuer'], ['victor', 'ml', 'viewer'], ['autre', 'asso', 'admin']];
  for (const [who, org, role] of users) {
    blason(['user', 'add', '--email', `${who}@example.org`, '--name', who, '--org', org, '--role', role,
      '--password-file', '-'], `${PASSWORD}\n`);
  }
  server = spawn(BLASON, ['serve', '--listen', `127.0.0.1:${port}`, ...site], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  let up = false;
  for (let i = 0; i < 100 && !up; i++) {
    try { up = (await fetch(`${base}/healthz`)).ok; } catch { /* not yet */ }
    if (!up) await new Promise((r) => setTimeout(r, 50));
  }
  if (!up) throw new Error(`server did not start: ${log}`);
  for (const [who] of users) sessions[who] = await signIn(`${who}@example.org`);
});

test.after(async () => {
  await stopChecked(server); // fails on a crash or a sanitizer report
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('a badge with an uploaded PNG: created, listed, detailed, its image served as sent', async () => {
  const bytes = png(64, 64);
  const uid = await create({ image_mode: 'upload', tags: 'accueil, forum', evidence_required: '1' },
    { bytes, type: 'image/png', name: 'accueil.png' });
  const img = await fetch(`${base}/badges/${uid}/image`);
  assert.equal(img.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await img.arrayBuffer()), bytes);
  const list = await page('/espace/ml/badges', 'nadia');
  assert.equal(list.status, 200);
  assert.match(list.html, /Créer un badge/);
  assert.match(list.html, new RegExp(`href="/espace/ml/badges/${uid}">Accueil du public</a>`));
  const d = await page(`/espace/ml/badges/${uid}`, 'nadia');
  assert.equal(d.status, 200);
  assert.match(d.html, new RegExp(`${base}/badges/${uid}`));
  assert.match(d.html, /0 attribution\b/);
  assert.match(d.html, new RegExp(`href="/espace/ml/badges/${uid}/attribuer"`));
  assert.match(d.html, new RegExp(`href="/espace/ml/badges/${uid}/modifier"`));
  assert.match(d.html, /Décerné à <strong>Camille Exemple<\/strong>/);
  assert.match(d.html, /<span class="tag">accueil<\/span> <span class="tag">forum<\/span>/);
  assert.match(d.html, /oui, à chaque attribution/);
});

test('a badge with an uploaded SVG keeps it as SVG; a hostile SVG is refused in French', async () => {
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><circle cx="50" cy="50" r="40" fill="#1d4f91"/></svg>');
  const uid = await create({ image_mode: 'upload' }, { bytes: svg, type: 'image/svg+xml', name: 'b.svg' });
  const img = await fetch(`${base}/badges/${uid}/image`);
  assert.equal(img.headers.get('content-type'), 'image/svg+xml');
  assert.match(img.headers.get('content-security-policy') || '', /sandbox/);
  assert.deepEqual(Buffer.from(await img.arrayBuffer()), svg);
  const hostile = [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><a x:href="javascript:alert(1)"><circle r="4"/></a></svg>',
  ];
  for (const h of hostile) {
    const r = await submit('/espace/ml/badges/nouveau', 'nadia', { ...basic, name: 'Hostile', image_mode: 'upload' },
      { bytes: Buffer.from(h), type: 'image/svg+xml', name: 'h.svg' });
    assert.equal(r.status, 422, h);
    assert.match(r.html, /Cette image SVG contient du code actif/);
    assert.match(r.html, /id="image-error"/);
    assert.match(r.html, /value="Hostile"/, 'values are kept');
  }
  const list = await page('/espace/ml/badges?q=hostile', 'nadia');
  assert.match(list.html, /Aucun badge/);
});

test('a generated image: PNG 512x512 passes pngcheck, the SVG parses, an award verifies', async () => {
  const uid = await create({ image_mode: 'generate', art_shape: 'ecusson', art_colour: 'vert', art_picto: 'micro',
    art_text: 'Oral <&>' });
  const r = await fetch(`${base}/badges/${uid}/image`);
  assert.equal(r.headers.get('content-type'), 'image/png');
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.equal(bytes.readUInt32BE(16), 512);
  assert.equal(bytes.readUInt32BE(20), 512);
  const pngFile = path.join(tmp, 'generated.png');
  fs.writeFileSync(pngFile, bytes);
  const pc = spawnSync('pngcheck', [pngFile], { encoding: 'utf8' });
  assert.equal(pc.status, 0, pc.stdout + pc.stderr);
  assert.match(pc.stdout, /^OK: /m);

  const s = await fetch(`${base}/badges/${uid}/image.svg`);
  assert.equal(s.status, 200);
  assert.equal(s.headers.get('content-type'), 'image/svg+xml');
  const svg = await s.text();
  assert.match(svg, /#17663a/);
  assert.match(svg, />Oral &lt;&amp;&gt;<\/text>/);
  const svgFile = path.join(tmp, 'generated.svg');
  fs.writeFileSync(svgFile, svg);
  const ub = spawnSync(BLASON, ['unbake', svgFile], { encoding: 'utf8' });
  assert.match(ub.stderr, /\(not_found\)/, 'well-formed SVG without a badge yet');

  const d = await page(`/espace/ml/badges/${uid}`, 'nadia');
  assert.match(d.html, new RegExp(`href="${base}/badges/${uid}/image.svg"`));

  /* Award it through the API with the session, then verify the baked PNG. */
  const csrf = await csrfOf('nadia');
  const a = await fetch(`${base}/api/v1/badges/${uid}/awards`, { method: 'POST',
    headers: { Cookie: sessions.nadia, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'sam@example.org', name: 'Sam' }) });
  assert.equal(a.status, 201, await a.clone().text());
  const award = await a.json();
  const baked = path.join(tmp, 'baked.png');
  fs.writeFileSync(baked, Buffer.from(await (await fetch(`${award.id}/badge.png`)).arrayBuffer()));
  const v = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network', '--recipient',
    'sam@example.org', baked], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.equal(JSON.parse(v.stdout).verdict, 'valid');
  const d2 = await page(`/espace/ml/badges/${uid}`, 'nadia');
  assert.match(d2.html, /1 attribution\b/);
});

test('errors are in French next to their fields, values kept', async () => {
  const r = await submit('/espace/ml/badges/nouveau', 'nadia', {
    name: '', description: 'Une description gardée', criteria: '', criteria_url: '', image_mode: 'generate',
    art_shape: 'cercle', art_colour: 'bleu', art_picto: 'etoile', art_text: 'treize lettres',
    align_name_1: 'Communication', align_url_1: 'pas une adresse', tags: 'un, deux',
  });
  assert.equal(r.status, 422);
  assert.match(r.html, /role="alert"/);
  assert.match(r.html, /id="align_1-error">Compétence 1 : indiquez son nom et une adresse qui commence par https:\/\/\./);
  assert.match(r.html, /value="pas une adresse"/);
  assert.match(r.html, /Une description gardée<\/textarea>/);
  assert.match(r.html, /value="un, deux"/);
  /* With the rows fixed, the use case's checks come back in French too. */
  const r2 = await submit('/espace/ml/badges/nouveau', 'nadia', {
    name: '', description: 'Une description gardée', criteria: '', image_mode: 'generate',
    art_shape: 'cercle', art_colour: 'bleu', art_picto: 'etoile', art_text: 'treize lettres', validity: 'months',
    validity_months: '12',
  });
  assert.equal(r2.status, 422);
  assert.match(r2.html, /id="name-error">Donnez un nom au badge\./);
  assert.match(r2.html, /id="name"[^>]*aria-invalid="true" aria-describedby="name-error"/);
  assert.match(r2.html, /value="treize lettres"/);
  assert.match(r2.html, /value="12"/);
  assert.match(r2.html, /id="validity_months_r" name="validity" value="months" checked/);
  const r3 = await submit('/espace/ml/badges/nouveau', 'nadia', {
    ...basic, image_mode: 'generate', art_shape: 'cercle', art_colour: 'bleu', art_picto: 'etoile',
    art_text: 'treize lettres',
  });
  assert.match(r3.html, /id="art_text-error">Le texte de l’image doit faire 12 caractères au plus/);
  const r4 = await submit('/espace/ml/badges/nouveau', 'nadia', {
    ...basic, criteria: '', criteria_url: 'javascript:alert(1)', image_mode: 'generate',
    art_shape: 'cercle', art_colour: 'bleu', art_picto: 'etoile', validity: 'until', validity_until: '31/12/2030',
  });
  assert.equal(r4.status, 422);
  assert.match(r4.html, /id="criteria_url-error">L’adresse des critères doit commencer par https:\/\//);
  const r5 = await submit('/espace/ml/badges/nouveau', 'nadia', {
    ...basic, image_mode: 'generate', art_shape: 'cercle', art_colour: 'bleu', art_picto: 'etoile',
    validity: 'until', validity_until: '31/12/2030',
  });
  assert.match(r5.html, /id="validity-error">Indiquez une date au format AAAA-MM-JJ/);
  assert.match(r5.html, /value="31\/12\/2030"/);
  const r6 = await submit('/espace/ml/badges/nouveau', 'nadia', { ...basic, image_mode: 'upload' });
  assert.match(r6.html, /id="image-error">Choisissez un fichier image/);
});

test('a viewer cannot create or edit; another organisation gets 404', async () => {
  const uid = await create({ image_mode: 'generate', art_shape: 'cercle', art_colour: 'bleu', art_picto: 'coupe' });
  const get = await page('/espace/ml/badges/nouveau', 'victor');
  assert.equal(get.status, 403);
  const post = await submit('/espace/ml/badges/nouveau', 'victor', { ...basic, image_mode: 'generate',
    art_shape: 'cercle', art_colour: 'bleu', art_picto: 'coupe' });
  assert.equal(post.status, 403);
  const edit = await submit(`/espace/ml/badges/${uid}/modifier`, 'victor', { ...basic, name: 'Piraté', image_mode: 'keep' });
  assert.equal(edit.status, 403);
  const list = await page('/espace/ml/badges', 'victor');
  assert.equal(list.status, 200);
  assert.doesNotMatch(list.html, /Créer un badge/);
  const detail = await page(`/espace/ml/badges/${uid}`, 'victor');
  assert.equal(detail.status, 200);
  assert.doesNotMatch(detail.html, /\/modifier"/);
  for (const p of ['/espace/ml/badges', `/espace/ml/badges/${uid}`, `/espace/ml/badges/${uid}/modifier`,
    `/espace/asso/badges/${uid}`, `/espace/asso/badges/${uid}/modifier`]) {
    assert.equal((await page(p, 'autre')).status, 404, p);
  }
  const cross = await submit(`/espace/asso/badges/${uid}/modifier`, 'autre', { ...basic, name: 'Piraté', image_mode: 'keep' });
  assert.equal(cross.status, 404);
  const still = await page(`/espace/ml/badges/${uid}`, 'nadia');
  assert.doesNotMatch(still.html, /Piraté/);
  /* No CSRF token, no change. */
  const fd = new FormData();
  fd.append('name', 'Sans jeton');
  const nocsrf = await fetch(`${base}/espace/ml/badges/${uid}/modifier`, { method: 'POST', body: fd,
    headers: { Cookie: sessions.nadia, Accept: 'text/html' }, redirect: 'manual' });
  assert.equal(nocsrf.status, 403);
});

test('hostile text in every field is escaped on the list, detail and public pages', async () => {
  const [s, img] = XSS;
  const uid = await create({
    name: `${s}${img}`, description: `${img} desc`, description_simple: `${s} simple`, criteria: `${img} crit`,
    criteria_url: 'https://example.org/critères?a=1&b=2', tags: `${s}, ${img}`,
    align_framework_1: s, align_code_1: img, align_name_1: `${s}nom`, align_url_1: 'https://example.org/c?x=y&z',
    image_mode: 'generate', art_shape: 'hexagone', art_colour: 'rouge', art_picto: 'coeur', art_text: '<b>"\'',
  });
  const pages = [
    (await page('/espace/ml/badges', 'nadia')).html,
    (await page(`/espace/ml/badges/${uid}`, 'nadia')).html,
    (await page(`/espace/ml/badges/${uid}/modifier`, 'nadia')).html,
    await (await fetch(`${base}/badges/${uid}`, { headers: { Accept: 'text/html' } })).text(),
  ];
  for (const html of pages) {
    assert.doesNotMatch(html, /<script>alert/);
    assert.doesNotMatch(html, /<img src=x/);
    assert.doesNotMatch(html, /javascript:/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  }
  assert.match(pages[1], /&quot;&gt;&lt;img src&#61;x onerror&#61;alert\(1\)&gt; crit/);
  assert.match(pages[1], /&lt;script&gt;alert\(1\)&lt;\/script&gt; simple/);
  /* Hostile URLs never make it into a link. */
  const bad = await submit('/espace/ml/badges/nouveau', 'nadia', { ...basic, align_name_1: 'x',
    align_url_1: 'javascript:alert(1)', image_mode: 'generate', art_shape: 'cercle', art_colour: 'bleu', art_picto: 'etoile' });
  assert.equal(bad.status, 422);
  assert.match(bad.html, /value="javascript:alert\(1\)"/, 'kept as a value, escaped, not as a link');
  assert.doesNotMatch(bad.html, /href="javascript:/);
  const svg = await (await fetch(`${base}/badges/${uid}/image.svg`)).text();
  assert.match(svg, />&lt;b&gt;&quot;&apos;<\/text>/);
});

test('editing keeps the image unless asked, says how signed awards behave; search and archives', async () => {
  const uid = await create({ name: 'Prise de parole', image_mode: 'generate', art_shape: 'cercle', art_colour: 'violet',
    art_picto: 'micro', art_text: 'Oral', align_name_1: 'S’exprimer', align_url_1: 'https://example.org/oral',
    validity: 'months', validity_months: '24' });
  const before = Buffer.from(await (await fetch(`${base}/badges/${uid}/image`)).arrayBuffer());
  const form = await page(`/espace/ml/badges/${uid}/modifier`, 'nadia');
  assert.equal(form.status, 200);
  assert.match(form.html, /gardent les informations qu’ils contiennent/);
  assert.match(form.html, /value="Prise de parole"/);
  assert.match(form.html, /value="S’exprimer"/);
  assert.match(form.html, /<option value="violet" selected>/);
  assert.match(form.html, /value="24"/);
  assert.match(form.html, /id="image_mode_keep" name="image_mode" value="keep" checked/);
  const r = await submit(`/espace/ml/badges/${uid}/modifier`, 'nadia', { ...basic, name: 'Prise de parole en public',
    image_mode: 'keep', validity: 'months', validity_months: '12' });
  assert.equal(r.status, 303, r.html.slice(0, 1500));
  const after = Buffer.from(await (await fetch(`${base}/badges/${uid}/image`)).arrayBuffer());
  assert.deepEqual(after, before);
  const doc = await (await fetch(`${base}/badges/${uid}`, { headers: { Accept: 'application/ld+json' } })).json();
  assert.equal(doc.name, 'Prise de parole en public', 'the BadgeClass URL serves the current values');
  const d = await page(`/espace/ml/badges/${uid}`, 'nadia');
  assert.match(d.html, /12 mois après l’attribution/);
  /* A new generated image replaces the old one. */
  const r2 = await submit(`/espace/ml/badges/${uid}/modifier`, 'nadia', { ...basic, name: 'Prise de parole en public',
    image_mode: 'generate', art_shape: 'hexagone', art_colour: 'brun', art_picto: 'document', archived: '1' });
  assert.equal(r2.status, 303);
  const svg = await (await fetch(`${base}/badges/${uid}/image.svg`)).text();
  assert.match(svg, /#8a4b08/);
  /* Archived: out of the default list, back with archives=1; search is case-insensitive. */
  const l1 = await page('/espace/ml/badges?q=PRISE', 'nadia');
  assert.doesNotMatch(l1.html, /Prise de parole en public/);
  const l2 = await page('/espace/ml/badges?q=PRISE&archives=1', 'nadia');
  assert.match(l2.html, /Prise de parole en public<\/a> <span class="tag">archivé<\/span>/);
});

test('the form previews a generated image through the server; the script is a static file', async () => {
  const form = await page('/espace/ml/badges/nouveau', 'nadia');
  assert.match(form.html, /data-preview="\/espace\/ml\/badges\/apercu.svg"/);
  assert.match(form.html, /<script src="\/static\/badge-editor.js" defer><\/script>/);
  assert.doesNotMatch(form.html, /<script>/, 'no inline script');
  const js = await fetch(`${base}/static/badge-editor.js`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /javascript/);
  const ok = await page('/espace/ml/badges/apercu.svg?shape=ecusson&colour=rouge&picto=coupe&text=Bravo', 'victor');
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('content-type'), 'image/svg+xml');
  assert.match(ok.html, /#a4262c/);
  assert.match(ok.html, />Bravo<\/text>/);
  const tooLong = await page('/espace/ml/badges/apercu.svg?shape=cercle&colour=bleu&picto=coupe&text=1234567890123', 'nadia');
  assert.equal(tooLong.status, 400);
  assert.equal((await page('/espace/ml/badges/apercu.svg?shape=cercle&colour=bleu&picto=coupe', 'autre')).status, 404);
});

test('the list pages by 20', async () => {
  for (let i = 0; i < 21; i++) {
    await create({ name: `Série ${String(i).padStart(2, '0')}`, image_mode: 'generate', art_shape: 'cercle',
      art_colour: 'ardoise', art_picto: 'etoile' });
  }
  const p1 = await page('/espace/ml/badges?q=s%C3%A9rie', 'nadia');
  assert.equal((p1.html.match(/>Série \d\d<\/a>/g) || []).length, 20);
  assert.match(p1.html, /href="\/espace\/ml\/badges\?q&#61;s%C3%A9rie&amp;page=2" rel="next"/);
  const p2 = await page('/espace/ml/badges?q=s%C3%A9rie&page=2', 'nadia');
  assert.deepEqual(p2.html.match(/>Série \d\d<\/a>/g), ['>Série 20</a>']);
  assert.match(p2.html, /rel="prev"/);
});

test('"valid until" a day means the end of that day in Paris, on the credential and the page', async () => {
  const uid = await create({ name: 'Valable jusqu’en 2030', image_mode: 'generate', art_shape: 'cercle',
    art_colour: 'bleu', art_picto: 'etoile', validity: 'until', validity_until: '2030-12-31' });
  const award = blason(['award', '--badge', uid, '--email', 'fin2030@example.org']).split('/').pop();
  const doc = await (await fetch(`${base}/awards/${award}`, { headers: { Accept: 'application/ld+json' } })).json();
  assert.equal(doc.expires, '2030-12-31T22:59:59Z', 'midnight in Paris (UTC+1 in winter)');
  const pub = await (await fetch(`${base}/awards/${award}`, { headers: { Accept: 'text/html' } })).text();
  assert.match(pub, /31 décembre 2030/);
  assert.doesNotMatch(pub, /1er janvier 2031/);
});
