'use strict';
/*
 * The public verifier page (/verifier) over real HTTP: `blason serve` on
 * 127.0.0.1 with a temporary SQLite database, an organisation, badge
 * classes and awards made with the CLI.  Baked PNG and SVG uploads, a
 * pasted URL and JSON, tampering, revocation, form errors next to their
 * field, the 413 page, the JSON report against `blason verify --json`,
 * French pages without inline script that escape what the visitor sent.
 * The badges are hosted by the test server itself (http, loopback), so the
 * config file turns on verifier_allow_http and verifier_allow_private.
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
const http = require('node:http');
const zlib = require('node:zlib');

const repoRoot = path.resolve(__dirname, '..', '..');
const BLASON = process.env.BLASON
  ? path.resolve(process.cwd(), process.env.BLASON)
  : path.join(repoRoot, 'build', 'blason');
const MAX_BODY = 1024 * 1024; /* the server's default request body limit */

let tmp, base, server, site, awardPng, awardSvg, awardRevoked;
const pages = []; /* every HTML page received, checked at the end */

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

function blason(args) {
  const r = spawnSync(BLASON, [...args, ...site], { encoding: 'utf8' });
  assert.equal(r.status, 0, `blason ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/* A small opaque RGB PNG, for a badge class whose image is PNG. */
function makePng(size) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 2; /* 8-bit RGB */
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, 0x2a)]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/* png with a private ancillary chunk inserted before IEND so that it is `total` bytes long. */
function padPng(png, total) {
  const iend = png.length - 12;
  const extra = total - png.length - 12;
  return Buffer.concat([png.subarray(0, iend), chunk('blPd', Buffer.alloc(extra, 0x55)),
    png.subarray(iend)]);
}

async function get(url) {
  const r = await fetch(url);
  assert.equal(r.status, 200, `${url}: ${r.status}`);
  return Buffer.from(await r.arrayBuffer());
}

/* POST /verifier as a browser would; fields: { file: [bytes, name, type], text }. */
async function verify(fields, { accept = 'text/html' } = {}) {
  const form = new FormData();
  if (fields.file) {
    const [bytes, name, type] = fields.file;
    form.append('file', new Blob([bytes], { type: type || 'application/octet-stream' }), name);
  }
  if (fields.text !== undefined) form.append('text', fields.text);
  return send({ body: form, accept });
}

function multipartOf(bytes, name) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'image/png' }), name);
  return form;
}

async function send({ body, accept = 'text/html', headers = {} }) {
  const r = await fetch(`${base}/verifier`, { method: 'POST', body, headers: { Accept: accept, ...headers } });
  const text = await r.text();
  if ((r.headers.get('content-type') || '').startsWith('text/html')) pages.push(text);
  return { status: r.status, text, headers: r.headers };
}

/* The text of the first element with this class (tags dropped, entities of the escaper undone). */
function textOf(html, cls) {
  const m = html.match(new RegExp(`class="[^"]*\\b${cls}\\b[^"]*"[^>]*>([\\s\\S]*?)</(p|div|li|dd)>`));
  if (!m) return null;
  return m[1].replace(/<[^>]+>/g, '').replace(/&#39;/g, "'").replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim();
}

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-verifier-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  site = ['--db', process.env.BLASON_TEST_DB || `sqlite:${tmp}/blason.db`, '--data', tmp, '--base-url', base];
  blason(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale de Paris', '--url', 'https://example.org',
    '--email', 'contact@example.org']);
  fs.writeFileSync(path.join(tmp, 'badge.png'), makePng(64));
  const uidOf = (url) => url.split('/').pop();
  const pngClass = uidOf(blason(['badge', 'add', '--org', 'ml', '--name', 'Atelier CV',
    '--description', 'Rédiger un CV', '--criteria', 'Participer à l’atelier',
    '--image', path.join(tmp, 'badge.png')]));
  const svgClass = uidOf(blason(['badge', 'add', '--org', 'ml', '--name', 'Entretien d’embauche',
    '--description', 'Se présenter à un employeur', '--criteria', 'Un entretien simulé',
    '--image', path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg')]));
  awardPng = blason(['award', '--badge', pngClass, '--email', 'camille@example.org', '--name', 'Camille']);
  awardSvg = blason(['award', '--badge', svgClass, '--email', 'camille@example.org', '--name', 'Camille']);
  awardRevoked = blason(['award', '--badge', svgClass, '--email', 'sam@example.org', '--name', 'Sam']);
  /* The badges live on this loopback http server; no cache, so a CLI revocation shows at once. */
  const conf = path.join(tmp, 'blason.conf');
  fs.writeFileSync(conf, 'verifier_allow_http = on\nverifier_allow_private = on\n' +
    '# the verifier fetches from this same server: keep threads free for it\nthreads = 4\ncache_ttl = 0\n');
  server = spawn(BLASON, ['serve', '--config', conf, '--listen', `127.0.0.1:${port}`, ...site],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not start: ${log}`);
});

test.after(async () => {
  await stopChecked(server); // fails on a crash or a sanitizer report
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('GET /verifier: the form, labelled, with hints, no script', async () => {
  const r = await fetch(`${base}/verifier`);
  assert.equal(r.status, 200);
  const html = await r.text();
  pages.push(html);
  assert.match(html, /<form method="post" action="\/verifier" enctype="multipart\/form-data">/);
  assert.match(html, /<label for="verifier-file">/);
  assert.match(html, /<input type="file" id="verifier-file" name="file"[^>]*aria-describedby="verifier-file-hint"/);
  assert.match(html, /<label for="verifier-text">/);
  assert.match(html, /<textarea id="verifier-text" name="text"[^>]*aria-describedby="verifier-text-hint"/);
  assert.match(html, /1 Mo au plus/);
  /* Linked from the layout (footer) and from an award's page. */
  assert.match(html, /<a href="\/verifier">Vérifier un badge<\/a>/);
  const award = await fetch(awardSvg, { headers: { Accept: 'text/html' } });
  assert.match(await award.text(), /<a href="\/verifier">Vérifier un autre badge<\/a>/);
});

test('the baked PNG and SVG of an award are valid', async () => {
  for (const [award, ext, type] of [[awardPng, 'png', 'image/png'], [awardSvg, 'svg', 'image/svg+xml']]) {
    const image = await get(`${award}/badge.${ext}`);
    const r = await verify({ file: [image, `badge.${ext}`, type] });
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /class="verdict verdict-ok"/);
    assert.match(textOf(r.text, 'verdict-sentence'), /^Ce badge est valide/);
    assert.match(r.text, new RegExp(`l’image ${ext.toUpperCase()} « badge\\.${ext} »`));
    assert.match(r.text, /<dd>Mission Locale de Paris<br>/);
    assert.match(r.text, ext === 'png' ? /<dd>Atelier CV<\/dd>/ : /<dd>Entretien d’embauche<\/dd>/);
    assert.match(r.text, /<dt>Délivré le<\/dt><dd>\d{1,2}(er)? [a-zéû]+ \d{4}<\/dd>/);
    /* The recipient is only a salted hash in the badge: said so, not invented. */
    assert.match(r.text, /identité protégée/);
    assert.doesNotMatch(r.text, /camille@example\.org/);
    assert.match(r.text, /class="check check-ok"><span class="check-status">réussi<\/span> <span class="check-message">La signature est valide\./);
    assert.doesNotMatch(r.text, /check-bad/);
  }
});

test('a badge image just under the body limit is verified; one over it gets the French 413 page', async () => {
  const image = padPng(await get(`${awardPng}/badge.png`), MAX_BODY - 1024);
  const ok = await verify({ file: [image, 'grand.png', 'image/png'] });
  assert.equal(ok.status, 200, ok.text.slice(0, 500));
  assert.match(ok.text, /class="verdict verdict-ok"/);
  /*
   * The server refuses a Content-Length over the limit before reading the
   * body; a client that waits for "100 Continue" (as curl does) reads the
   * answer cleanly, one that sends at once may see the connection reset.
   */
  const big = padPng(await get(`${awardPng}/badge.png`), MAX_BODY + 1);
  const form = new Response(multipartOf(big, 'trop-grand.png'));
  const body = Buffer.from(await form.arrayBuffer());
  const r = await new Promise((resolve, reject) => {
    const req = http.request(`${base}/verifier`, { method: 'POST', headers: {
      Accept: 'text/html', Expect: '100-continue', 'Content-Length': body.length,
      'Content-Type': form.headers.get('content-type') } });
    req.on('continue', () => req.end(body));
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => { req.destroy(); resolve({ status: res.statusCode, text }); });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
  assert.equal(r.status, 413);
  assert.match(r.text, /<html lang="fr">/);
  assert.match(r.text, /Envoi trop volumineux/);
  assert.match(r.text, /L’envoi dépasse la taille maximale acceptée \(1 Mo\)/);
  // A browser sends at once: the body is read and dropped, and the page arrives.
  const plain = await fetch(`${base}/verifier`, { method: 'POST', body,
    headers: { Accept: 'text/html', 'Content-Type': form.headers.get('content-type') } });
  assert.equal(plain.status, 413);
  assert.match(await plain.text(), /Envoi trop volumineux/);
});

test('the hosted assertion URL, pasted, is valid (urlencoded and multipart)', async () => {
  const r = await send({ body: new URLSearchParams({ text: `  ${awardSvg}\n` }) });
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /class="verdict verdict-ok"/);
  assert.match(r.text, /l’adresse collée/);
  assert.match(r.text, /assertion hébergée/);
  const m = await verify({ text: awardPng });
  assert.equal(m.status, 200);
  assert.match(m.text, /class="verdict verdict-ok"/);
});

test('the credential JSON, pasted, is valid; the VC-JWT too', async () => {
  const json = (await get(`${awardSvg}/credential`)).toString('utf8');
  const r = await verify({ text: json });
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /class="verdict verdict-ok"/);
  assert.match(r.text, /le JSON collé/);
  assert.match(r.text, /Open Badges 3\.0/);
  const jwt = (await get(`${awardSvg}/credential.jwt`)).toString('utf8');
  const j = await verify({ file: [Buffer.from(jwt), 'badge.jwt'] });
  assert.equal(j.status, 200, j.text);
  assert.match(j.text, /class="verdict verdict-ok"/);
  assert.match(j.text, /VC-JWT/);
});

test('a tampered image (one byte of its payload changed) is invalid, with the reason', async () => {
  const svg = (await get(`${awardSvg}/badge.svg`)).toString('utf8');
  const at = svg.indexOf('"name":"Entretien', svg.indexOf('<![CDATA['));
  assert.ok(at > 0, 'the payload names the achievement');
  const tampered = `${svg.slice(0, at + 8)}F${svg.slice(at + 9)}`;
  assert.equal(tampered.length, svg.length);
  const r = await verify({ file: [Buffer.from(tampered), 'badge.svg', 'image/svg+xml'] });
  assert.equal(r.status, 200);
  assert.match(r.text, /class="verdict verdict-bad"/);
  assert.match(textOf(r.text, 'verdict-sentence'), /^Ce badge n’est pas valide/);
  const reason = textOf(r.text, 'verdict-reason');
  assert.ok(reason && reason.startsWith('Raison : '), r.text);
  assert.match(r.text, /check check-bad"><span class="check-status">échec/);
  /* The reason is the library's first failed check, in French. */
  const j = await verify({ file: [Buffer.from(tampered), 'badge.svg'] }, { accept: 'application/json' });
  const report = JSON.parse(j.text);
  assert.equal(report.verdict, 'invalid');
  const first = report.checks.find((c) => c.status === 'error');
  assert.equal(reason, `Raison : ${first.message}`);
});

test('a badge revoked with blason revoke is "retiré"', async () => {
  const image = await get(`${awardRevoked}/badge.svg`);
  const before = await verify({ file: [image, 'badge.svg', 'image/svg+xml'] });
  assert.match(before.text, /class="verdict verdict-ok"/);
  blason(['revoke', awardRevoked.split('/').pop(), '--reason', 'délivré par erreur']);
  const r = await verify({ file: [image, 'badge.svg', 'image/svg+xml'] });
  assert.equal(r.status, 200);
  assert.match(r.text, /class="verdict verdict-bad"/);
  assert.match(textOf(r.text, 'verdict-sentence'), /retiré par son émetteur/);
  const url = await send({ body: new URLSearchParams({ text: awardRevoked }) });
  assert.match(url.text, /retiré par son émetteur/);
});

test('form errors: 400 with a French message next to the field', async () => {
  const empty = await verify({ text: '' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /<p class="field-message" id="verifier-text-error">Le formulaire est vide/);
  assert.match(empty.text, /aria-describedby="verifier-text-hint verifier-text-error" aria-invalid="true"/);
  const emptyFile = await verify({ file: [Buffer.alloc(0), ''], text: '   ' });
  assert.equal(emptyFile.status, 400);
  assert.match(emptyFile.text, /Le formulaire est vide/);
  const urlencoded = await send({ body: new URLSearchParams({}) });
  assert.equal(urlencoded.status, 400);
  assert.match(urlencoded.text, /id="verifier-text-error">Le formulaire est vide/);

  const notImage = await verify({ file: [Buffer.from('Bonjour, ceci est une lettre.\n'), 'lettre.txt', 'text/plain'] });
  assert.equal(notImage.status, 400);
  assert.match(notImage.text, /<p class="field-message" id="verifier-file-error">Ce fichier n’est ni une image de badge \(PNG ou SVG\)/);
  assert.match(notImage.text, /id="verifier-file"[^>]*aria-describedby="verifier-file-hint verifier-file-error" aria-invalid="true"/);

  const both = await verify({ file: [await get(`${awardSvg}/badge.svg`), 'b.svg'], text: awardSvg });
  assert.equal(both.status, 400);
  assert.match(both.text, /soit un fichier, soit un texte/);

  const broken = await send({ body: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc',
    headers: { 'Content-Type': 'multipart/form-data; boundary=x' } });
  assert.equal(broken.status, 400);
  assert.match(broken.text, /mal formé/);
  const other = await send({ body: 'https://example.org', headers: { 'Content-Type': 'text/plain' } });
  assert.equal(other.status, 415);
  assert.match(other.text, /multipart\/form-data/);
});

test('what the visitor pasted comes back escaped', async () => {
  const evil = '<script>alert("x")</script>\'&';
  const r = await verify({ text: evil });
  assert.equal(r.status, 400);
  assert.match(r.text, /Ce texte n’est ni une adresse/);
  assert.ok(r.text.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;</textarea>'), r.text);
  assert.doesNotMatch(r.text, /<script/i);
  /* In a file name too. */
  const image = await get(`${awardSvg}/badge.svg`);
  const f = await verify({ file: [image, '<img src=x onerror=alert(1)>.svg', 'image/svg+xml'] });
  assert.equal(f.status, 200);
  assert.match(f.text, /« &lt;img src&#61;x onerror&#61;alert\(1\)&gt;\.svg »/);
  assert.doesNotMatch(f.text, /<img src=x/);
});

test('Accept: application/json gives the report of blason verify --json', async () => {
  const image = await get(`${awardPng}/badge.png`);
  const r = await verify({ file: [image, 'badge.png', 'image/png'] }, { accept: 'application/json' });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const report = JSON.parse(r.text);
  assert.equal(report.verdict, 'valid');
  const file = path.join(tmp, 'award.png');
  fs.writeFileSync(file, image);
  const cli = spawnSync(BLASON, ['verify', file, '--json', '--allow-http', '--allow-private-network'],
    { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  const want = JSON.parse(cli.stdout);
  for (const k of ['verdict', 'version', 'proof', 'recipient', 'achievement', 'issued', 'expires'])
    assert.deepEqual(report[k], want[k], k);
  assert.deepEqual(report.issuer, want.issuer);
  assert.deepEqual(report.checks.map((c) => [c.id, c.status, c.message]),
    want.checks.map((c) => [c.id, c.status, c.message]));
  /* Errors are problem JSON for such a client. */
  const bad = await verify({ text: '' }, { accept: 'application/json' });
  assert.equal(bad.status, 400);
  const problem = JSON.parse(bad.text);
  assert.equal(problem.code, 'invalid');
  assert.match(problem.detail, /formulaire est vide/);
});

test('every page received is French and carries no inline script', () => {
  assert.ok(pages.length >= 15, `${pages.length} pages`);
  for (const html of pages) {
    assert.match(html, /^<!DOCTYPE html>\n<html lang="fr">/);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
  }
});
