'use strict';
/*
 * Email on award: `blason serve` with smtp_url pointing at a real local
 * SMTP server (tests/http/smtp_sink.py, Debian's python3-aiosmtpd) that
 * saves every message it receives.  The message is parsed here (headers,
 * RFC 2047 subject, multipart/alternative, quoted-printable) independently
 * of Blason's builder; its links are followed and the baked badge verified
 * with `blason verify`.  Also: retry after the relay comes back, no mail
 * when asked not to, and a prompt stop on SIGTERM with a relay that hangs.
 * Run from the repository root: node --test tests/http/mail.test.js
 */
const test = require('node:test');
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
// Debian's interpreter, where python3-aiosmtpd is installed (a pyenv python3 may shadow it).
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const SINK = path.join(__dirname, 'smtp_sink.py');
const FROM = 'badges@blason.test';

const haveSink = spawnSync(PYTHON, ['-c', 'import aiosmtpd'], { encoding: 'utf8' }).status === 0;
const skip = haveSink ? false : 'python3-aiosmtpd is not installed (scripts/deps.sh installs it)';

let tmp, base, server, serverLog = '', site, token, smtpPort, sink, mailDir;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function blason(args, input) {
  const r = spawnSync(BLASON, [...args, ...site], { encoding: 'utf8', input });
  assert.equal(r.status, 0, `blason ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

async function api(method, p, body) {
  const r = await fetch(base + p, { method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null, text };
}

async function startSink() {
  sink = spawn(PYTHON, [SINK, String(smtpPort), mailDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  sink.stderr.on('data', (d) => { err += d; });
  await new Promise((resolve, reject) => {
    sink.stdout.on('data', (d) => { if (String(d).includes('ready')) resolve(); });
    sink.on('exit', (c) => reject(new Error(`smtp sink exited ${c}: ${err}`)));
  });
}

async function stopSink() {
  if (!sink || sink.exitCode !== null) return;
  const done = new Promise((r) => sink.once('exit', r));
  sink.kill('SIGTERM');
  await done;
}

// The messages received for `to` so far: [{ raw, envelope }].
function received(to) {
  if (!fs.existsSync(mailDir)) return [];
  return fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml')).sort().map((f) => ({
    raw: fs.readFileSync(path.join(mailDir, f)),
    envelope: JSON.parse(fs.readFileSync(path.join(mailDir, f.replace(/\.eml$/, '.json')), 'utf8')),
  })).filter((m) => m.envelope.rcpt_tos.includes(to));
}

async function waitMail(to, ms = 8000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
    const got = received(to);
    if (got.length) return got;
  }
  return [];
}

// ---- a small MIME reader, written from RFC 5322, 2045-2047 ----

function decodeWords(v) {
  return v.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (all, cs, enc, text) => {
      assert.match(cs, /^utf-8$/i);
      if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      return Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi,
        (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    });
}

function parseEntity(buf) {
  const s = buf.toString('latin1');
  const cut = s.indexOf('\r\n\r\n');
  assert.ok(cut > 0, 'headers end with an empty line');
  const headers = {};
  for (const line of s.slice(0, cut).replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body: s.slice(cut + 4) };
}

function decodeQP(s) {
  const bytes = s.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g,
    (m, h) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
}

function parseMail(raw) {
  const top = parseEntity(raw);
  const ct = top.headers['content-type'];
  const boundary = /boundary="([^"]+)"/.exec(ct)[1];
  const parts = {};
  for (const chunk of top.body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const p = parseEntity(Buffer.from(chunk.replace(/^\r\n/, ''), 'latin1'));
    assert.equal(p.headers['content-transfer-encoding'], 'quoted-printable');
    assert.match(p.headers['content-type'], /charset=UTF-8/i);
    parts[p.headers['content-type'].split(';')[0]] = decodeQP(p.body.replace(/\r\n$/, ''));
  }
  return { headers: top.headers, subject: decodeWords(top.headers.subject), contentType: ct,
    from: decodeWords(top.headers.from), text: parts['text/plain'], html: parts['text/html'] };
}

const htmlUnescape = (s) => s.replace(/&#(\d+);/g, (m, n) => String.fromCharCode(Number(n)))
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

// A 1x1 PNG (IHDR, IDAT, IEND with their CRCs), so the award is baked as a PNG.
function tinyPng() {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b) => { let c = 0xffffffff; for (const x of b) c = table[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(1, 0); ihdr.writeUInt32BE(1, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.from([0, 10, 20, 30]))), chunk('IEND', Buffer.alloc(0))]);
}

async function newBadge(name) {
  const r = await api('POST', '/api/v1/orgs/ml/badges', { name, description: 'Savoir se présenter.',
    criteria: { narrative: 'Participer à l’atelier' },
    image: `data:image/png;base64,${tinyPng().toString('base64')}` });
  assert.equal(r.status, 201, r.text);
  return r.json.uid;
}

async function award(badgeUid, body) {
  const r = await api('POST', `/api/v1/badges/${badgeUid}/awards`, body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test.before(async () => {
  if (skip) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-mail-'));
  mailDir = path.join(tmp, 'mail');
  const port = await freePort();
  smtpPort = await freePort();
  base = `http://127.0.0.1:${port}`;
  site = ['--db', process.env.BLASON_TEST_DB || `sqlite:${tmp}/blason.db`, '--data', tmp, '--base-url', base];
  blason(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale de Paris — Zoé & Cie', '--url',
    'https://example.org', '--email', 'contact@example.org']);
  blason(['user', 'add', '--email', 'issuer@example.org', '--name', 'Issuer', '--org', 'ml',
    '--role', 'issuer', '--password-file', '-'], 'un mot de passe assez long\n');
  token = blason(['user', 'token', '--email', 'issuer@example.org', '--org', 'ml', '--name', 'mail']);
  // One-second retries so the retry case fits in a test.
  const conf = path.join(tmp, 'blason.conf');
  fs.writeFileSync(conf, `smtp_url = smtp://127.0.0.1:${smtpPort}\nmail_from = ${FROM}\nmail_retry = 1,1,1\n`);
  await startSink();
  server = spawn(BLASON, ['serve', '--config', conf, '--listen', `127.0.0.1:${port}`, ...site],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  server.stderr.on('data', (d) => { serverLog += d; });
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) return; } catch { /* not yet */ }
    await sleep(50);
  }
  throw new Error(`server did not start: ${serverLog}`);
});

test.after(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  await stopSink();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('an award through the API is mailed to its recipient, in French, with working links', { skip }, async () => {
  const name = 'Prise de parole « en public » — niveau 1 🎤';
  const to = 'zoe.nguyen@example.org';
  const uid = await newBadge(name);
  const t0 = Date.now();
  const a = await award(uid, { email: to, name: 'Zoé Nguyễn' });
  const got = await waitMail(to);
  assert.equal(got.length, 1, `one message within a few seconds; server log: ${serverLog}`);
  console.log(`# delivered in ${Date.now() - t0} ms`);
  assert.equal(got[0].envelope.mail_from, FROM);
  assert.deepEqual(got[0].envelope.rcpt_tos, [to]);
  const m = parseMail(got[0].raw);
  assert.equal(m.subject, `Vous avez reçu le badge « ${name} »`);
  assert.equal(m.headers.to, to);
  assert.equal(m.from, `Mission Locale de Paris — Zoé & Cie <${FROM}>`);
  assert.match(m.headers['message-id'], /^<[^@\s]+@blason\.test>$/);
  assert.match(m.headers.date, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
  assert.ok(Math.abs(Date.parse(m.headers.date) - Date.now()) < 60000);
  assert.match(m.contentType, /^multipart\/alternative;/);
  // Seven-bit transport: every byte ASCII, every line CRLF-ended and short.
  assert.ok(got[0].raw.every((b) => b < 0x80));
  for (const line of got[0].raw.toString('latin1').split('\r\n')) assert.ok(line.length <= 78, line);

  const awardUrl = a.id;
  const pngUrl = `${awardUrl}/badge.png`;
  const imageUrl = `${base}/badges/${uid}/image`;
  assert.ok(m.text.includes('Bonjour Zoé Nguyễn,'), m.text);
  assert.ok(m.text.includes(`Mission Locale de Paris — Zoé & Cie vous a remis le badge « ${name} »`), m.text);
  assert.ok(m.text.includes(`Voir mon badge :\n${awardUrl}\n`), m.text);
  assert.ok(m.text.includes(pngUrl), m.text);
  const html = htmlUnescape(m.html);
  assert.match(m.html, /<html lang="fr">/);
  assert.ok(html.includes(`<a href="${awardUrl}"`), m.html);
  assert.ok(html.includes(`<a href="${pngUrl}"`), m.html);
  assert.ok(html.includes(`<img src="${imageUrl}" alt="Image du badge « ${name} »"`), m.html);
  assert.ok(html.includes(`« ${name} »`));

  // The links work: the award page for people, the image, the baked PNG that verifies.
  const page = await fetch(awardUrl, { headers: { Accept: 'text/html' } });
  assert.equal(page.status, 200);
  assert.equal((await fetch(imageUrl)).status, 200);
  const png = await fetch(pngUrl);
  assert.equal(png.status, 200);
  const file = path.join(tmp, 'from-mail.png');
  fs.writeFileSync(file, Buffer.from(await png.arrayBuffer()));
  const v = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network',
    '--recipient', to, file], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stdout + v.stderr);

  // The address is in the To: header only (the envelope aside), never in a signed document.
  const raw = got[0].raw.toString('latin1');
  assert.equal(raw.split(to).length - 1, 1);
  assert.match(raw, new RegExp(`\\r\\nTo: ${to.replace(/\./g, '\\.')}\\r\\n`));
  for (const doc of ['', '/assertion.jws', '/credential', '/credential.jwt']) {
    const r = await fetch(awardUrl + doc, { headers: { Accept: 'application/json' } });
    assert.equal(r.status, 200, doc);
    assert.ok(!(await r.text()).includes(to), `${doc} has no address in clear`);
  }
});

test('the mail link puts the badge in the backpack of that address, once', { skip }, async () => {
  const to = 'lina.receive@example.org';
  const uid = await newBadge('Atelier entretien');
  const a = await award(uid, { email: to, name: 'Lina' });
  const got = await waitMail(to);
  assert.equal(got.length, 1, serverLog);
  const m = parseMail(got[0].raw);
  const link = /(http:\/\/127\.0\.0\.1:\d+\/sac\/recevoir\/[A-Za-z0-9_.-]+)/.exec(m.text);
  assert.ok(link, m.text);
  assert.ok(htmlUnescape(m.html).includes(`<a href="${link[1]}"`), m.html);
  const awardUid = a.id.split('/').pop();

  // Opening it (what a mail scanner does) changes nothing: the page asks for a click.
  const page = await fetch(link[1]);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Mettre le badge dans mon sac/);
  // A post from another site is refused.
  const cross = await fetch(link[1], { method: 'POST', redirect: 'manual', headers: { Origin: 'https://evil.example' } });
  assert.equal(cross.status, 403);

  const r = await fetch(link[1], { method: 'POST', redirect: 'manual', headers: { Origin: base } });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/sac/badges/${awardUid}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const sac = await (await fetch(`${base}/sac`, { headers: { Cookie: cookie } })).text();
  assert.match(sac, /Atelier entretien/);
  const ids = await (await fetch(`${base}/sac/identifiants`, { headers: { Cookie: cookie } })).text();
  assert.ok(ids.includes(to), 'the address is proven in the backpack');

  // A second use, or a changed token, opens nothing.
  const again = await fetch(link[1], { method: 'POST', redirect: 'manual', headers: { Origin: base } });
  assert.equal(again.status, 409);
  assert.equal(again.headers.get('set-cookie'), null);
  assert.match(await again.text(), /déjà dans un sac à badges/);
  const forged = link[1].replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
  const f = await fetch(forged, { method: 'POST', redirect: 'manual', headers: { Origin: base } });
  assert.equal(f.status, 404);
  assert.equal(f.headers.get('set-cookie'), null);

  // Signed in already, she opens the link of an award to her other address: both join her backpack.
  const other = 'lina.pro@example.org';
  await award(uid, { email: other, name: 'Lina' });
  const second = parseMail((await waitMail(other))[0].raw);
  const link2 = /(http:\/\/127\.0\.0\.1:\d+\/sac\/recevoir\/[A-Za-z0-9_.-]+)/.exec(second.text)[1];
  const page2 = await (await fetch(link2, { headers: { Cookie: cookie } })).text();
  assert.match(page2, /Vous êtes déjà dans votre sac à badges/);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page2)[1];
  const noCsrf = await fetch(link2, { method: 'POST', redirect: 'manual', headers: { Origin: base, Cookie: cookie } });
  assert.equal(noCsrf.status, 403);
  const r2 = await fetch(link2, { method: 'POST', redirect: 'manual',
    headers: { Origin: base, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf }).toString() });
  assert.equal(r2.status, 303);
  assert.equal(r2.headers.get('set-cookie'), null, 'the session goes on');
  const ids2 = await (await fetch(`${base}/sac/identifiants`, { headers: { Cookie: cookie } })).text();
  assert.ok(ids2.includes(to) && ids2.includes(other), 'both addresses in one backpack');
  const sac2 = await (await fetch(`${base}/sac`, { headers: { Cookie: cookie } })).text();
  assert.equal((sac2.match(/Atelier entretien/g) || []).length >= 2, true, 'both badges');
});

test('hostile names are escaped in the HTML part and cannot add headers', { skip }, async () => {
  const name = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';
  const to = 'hostile@example.org';
  const uid = await newBadge(name);
  await award(uid, { email: to, name: '<b>Bob</b>\r\nBcc: victim@example.org' });
  const got = await waitMail(to);
  assert.equal(got.length, 1);
  assert.deepEqual(got[0].envelope.rcpt_tos, [to]);
  const m = parseMail(got[0].raw);
  assert.equal(m.subject, `Vous avez reçu le badge « ${name} »`);
  assert.ok(!/<script>|<img src=x|<b>Bob/.test(m.html), m.html);
  assert.ok(m.html.includes('&lt;script&gt;'));
  assert.ok(m.html.includes('&lt;b&gt;Bob&lt;/b&gt;'));
  assert.ok(!/victim/i.test(JSON.stringify(m.headers)));
});

test('no mail when the API says "notify": false, nor from the CLI without --notify', { skip }, async () => {
  const uid = await newBadge('Silencieux');
  await award(uid, { email: 'quiet@example.org', notify: false });
  blason(['award', '--badge', uid, '--email', 'cli-quiet@example.org']);
  blason(['award', '--badge', uid, '--email', 'cli-loud@example.org', '--notify']);
  assert.equal((await waitMail('cli-loud@example.org')).length, 1, serverLog);
  await sleep(500);
  assert.equal(received('quiet@example.org').length, 0);
  assert.equal(received('cli-quiet@example.org').length, 0);
});

test('the relay down: the message stays queued and is sent once it is back', { skip }, async () => {
  await stopSink();
  const to = 'retry@example.org';
  const uid = await newBadge('Patience');
  const before = serverLog.length;
  await award(uid, { email: to });
  // The mailer tries, fails and keeps the message (its log says so).
  for (let i = 0; i < 60 && !/failed \(retried later\)/.test(serverLog.slice(before)); i++) await sleep(100);
  assert.match(serverLog.slice(before), /failed \(retried later\)/);
  assert.equal(received(to).length, 0);
  await startSink();
  const got = await waitMail(to, 10000);
  assert.equal(got.length, 1, serverLog);
  assert.equal(parseMail(got[0].raw).subject, 'Vous avez reçu le badge « Patience »');
});

test('SIGTERM stops the server promptly even while a relay hangs', { skip }, async () => {
  await stopSink();
  // A relay that accepts the connection and never answers: curl would wait its whole timeout.
  const held = [];
  const tarpit = net.createServer((s) => held.push(s));
  await new Promise((r) => tarpit.listen(smtpPort, '127.0.0.1', r));
  const accepted = new Promise((r) => tarpit.once('connection', r));
  await award(await newBadge('Arrêt'), { email: 'stop@example.org' });
  await accepted;
  await sleep(300);
  const t0 = Date.now();
  const exited = new Promise((r) => server.once('exit', (code, sig) => r({ code, sig })));
  server.kill('SIGTERM');
  const { code } = await exited;
  const ms = Date.now() - t0;
  held.forEach((s) => s.destroy());
  tarpit.close();
  console.log(`# stopped in ${ms} ms with a hanging relay`);
  assert.equal(code, 0, serverLog);
  assert.ok(ms < 3000, `stopped in ${ms} ms`);
});
