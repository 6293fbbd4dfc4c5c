'use strict';
/*
 * `blason verify` over the network, against a real HTTP server on
 * 127.0.0.1 (Node's http module): a hosted OB 2.0 badge issued by Blason
 * whose assertion, BadgeClass and issuer profile are served here; its
 * revocation (410); and the SSRF guard: loopback, private, link-local and
 * IPv6 loopback destinations and a DNS name that resolves to loopback are
 * all refused without --allow-private-network.  The refused ones never get
 * a connection: the guard runs before connect(), on every address curl
 * connects to, so redirects meet it too.  A redirect test needs a first hop
 * that is allowed and a second that is not; offline there is no public
 * server, so the first hop is made allowed with --allow-address
 * 127.0.0.1:PORT (that one address only, a real option of the fetcher) and
 * the redirect goes to a second local server on another port, to
 * 169.254.169.254 or to 10.0.0.1: the guard sees the second hop's address
 * on connect and refuses it, and the second server counts no request.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const BLASON = process.env.BLASON
  ? path.resolve(process.cwd(), process.env.BLASON)
  : path.join(repoRoot, 'build', 'blason');

let server, base, tmp, second;
const docs = new Map();
let hits = 0, secondHits = 0;
const REDIRECTS = {
  '/redirect-to-second': () => `http://127.0.0.1:${second.address().port}/assertions/ok`,
  '/redirect-to-metadata': () => 'http://169.254.169.254/latest/meta-data/',
  '/redirect-to-private': () => 'http://10.0.0.1/a.json',
  '/redirect-to-ipv6-loopback': () => `http://[::1]:${server.address().port}/assertions/ok`,
  '/redirect-to-self': () => `http://127.0.0.1:${server.address().port}/assertions/ok`,
};

test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-net-'));
  server = http.createServer((req, res) => {
    hits++;
    if (req.url === '/redirect-to-loopback') {
      res.writeHead(302, { Location: `http://localhost:${server.address().port}/assertions/1` });
      return res.end();
    }
    if (REDIRECTS[req.url]) {
      res.writeHead(302, { Location: REDIRECTS[req.url]() });
      return res.end();
    }
    if (req.url === '/assertions/revoked') {
      res.writeHead(410, { 'Content-Type': 'application/json' });
      return res.end('{"revoked": true}');
    }
    const doc = docs.get(req.url);
    if (!doc) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': 'application/ld+json' });
    res.end(JSON.stringify(doc));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  second = http.createServer((req, res) => {
    secondHits++;
    res.writeHead(200, { 'Content-Type': 'application/ld+json' });
    res.end(JSON.stringify(docs.get(req.url) || {}));
  });
  await new Promise((resolve) => second.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  const png = spawnSync('node', [path.join(repoRoot, 'scripts', 'demo-image.js'), path.join(tmp, 'badge.png')]);
  assert.equal(png.status, 0);
});
test.after(() => {
  server.close();
  second.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

// spawn, not spawnSync: the server answers from this process's event loop.
function blason(args) {
  assert.ok(fs.existsSync(BLASON), `${BLASON} is missing: run make first`);
  return new Promise((resolve) => {
    const p = spawn(BLASON, args);
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

// A hosted OB 2.0 badge whose documents live on the local server.
async function hostedBadge(name) {
  const issuer = { id: `${base}/issuer`, name: 'Mission Locale de Paris', url: `${base}/`, email: 'badges@example.org' };
  const badge = { id: `${base}/badges/${name}`, name: 'Atelier entretien', description: 'Simulation d\'entretien d\'embauche.',
    criteria: { narrative: 'Avoir passé une simulation d\'entretien.' }, image: `${base}/badges/${name}/image.png` };
  fs.writeFileSync(path.join(tmp, 'issuer.json'), JSON.stringify(issuer));
  fs.writeFileSync(path.join(tmp, 'badge.json'), JSON.stringify(badge));
  const out = path.join(tmp, `${name}.png`);
  const id = `${base}/assertions/${name}`;
  const r = await blason(['issue', '--ob', '2', '--proof', 'hosted', '--issuer', path.join(tmp, 'issuer.json'),
    '--badge', path.join(tmp, 'badge.json'), '--recipient', 'jeune@example.org', '--id', id,
    '--image', path.join(tmp, 'badge.png'), '-o', out]);
  assert.equal(r.status, 0, r.stderr);
  const assertion = JSON.parse((await blason(['unbake', out])).stdout);
  docs.set(`/assertions/${name}`, assertion);
  docs.set(`/badges/${name}`, { '@context': 'https://w3id.org/openbadges/v2', type: 'BadgeClass', id: badge.id,
    name: badge.name, description: badge.description, image: badge.image, criteria: badge.criteria, issuer: issuer.id });
  docs.set('/issuer', { '@context': 'https://w3id.org/openbadges/v2', type: 'Issuer', id: issuer.id,
    name: issuer.name, url: issuer.url, email: issuer.email });
  return out;
}

test('a hosted OB 2.0 badge served on 127.0.0.1 verifies when private networks are allowed', async () => {
  const img = await hostedBadge('ok');
  const r = await blason(['verify', '--allow-private-network', '--allow-http', '--lang', 'en', img]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /This badge is valid/);
  const j = JSON.parse((await blason(['verify', '--json', '--allow-private-network', '--allow-http', img])).stdout);
  assert.equal(j.verdict, 'valid');
});

test('a hosted assertion answered with 410 Gone is revoked', async () => {
  const img = await hostedBadge('revoked');
  docs.delete('/assertions/revoked');
  const r = await blason(['verify', '--allow-private-network', '--allow-http', '--json', img]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.equal(JSON.parse(r.stdout).verdict, 'revoked');
});

for (const url of ['http://127.0.0.1:PORT/assertions/ok', 'http://10.0.0.1/a.json', 'http://169.254.169.254/latest/meta-data/',
  'http://[::1]:PORT/assertions/ok', 'http://localhost:PORT/assertions/ok', 'http://127.0.0.1:PORT/redirect-to-loopback']) {
  test(`without --allow-private-network, ${url.replace('PORT', 'port')} is refused`, async () => {
    const u = url.replace('PORT', server.address().port);
    const before = hits;
    const r = await blason(['verify', '--allow-http', '--json', u]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /refused to connect to (127\.0\.0\.1|10\.0\.0\.1|169\.254\.169\.254|::1)/);
    assert.equal(hits, before, 'the server was contacted');
  });
}

test('https is required unless --allow-http', async () => {
  const r = await blason(['verify', '--allow-private-network', '--json', `${base}/assertions/ok`]);
  assert.equal(r.status, 2);
  assert.match(r.stdout + r.stderr, /only https:\/\/ URLs are fetched/);
});

test('--allow-address opens one address: the allowed server verifies, another port on 127.0.0.1 is refused', async () => {
  await hostedBadge('ok');
  const allow = ['--allow-http', '--json', '--allow-address', `127.0.0.1:${server.address().port}`];
  const r = await blason(['verify', ...allow, `${base}/assertions/ok`]);
  assert.equal(JSON.parse(r.stdout).verdict, 'valid', r.stdout);
  const before = secondHits;
  const o = await blason(['verify', ...allow, `http://127.0.0.1:${second.address().port}/assertions/ok`]);
  assert.equal(o.status, 2, o.stdout);
  assert.match(o.stdout, /refused to connect to 127\.0\.0\.1/);
  assert.equal(secondHits, before, 'the second server was contacted');
});

test('a redirect from an allowed first hop to the same address is followed', async () => {
  await hostedBadge('ok');
  const r = await blason(['verify', '--allow-http', '--json', '--allow-address', `127.0.0.1:${server.address().port}`,
    `${base}/redirect-to-self`]);
  assert.equal(r.status, 0, r.stdout);
  assert.equal(JSON.parse(r.stdout).verdict, 'valid');
});

for (const [hop, refused] of [['/redirect-to-second', '127\\.0\\.0\\.1'], ['/redirect-to-metadata', '169\\.254\\.169\\.254'],
  ['/redirect-to-private', '10\\.0\\.0\\.1'], ['/redirect-to-ipv6-loopback', '::1']]) {
  test(`a redirect from an allowed first hop (${hop}) to a private address is refused at connect`, async () => {
    await hostedBadge('ok');
    const before = hits, beforeSecond = secondHits;
    const r = await blason(['verify', '--allow-http', '--json', '--allow-address', `127.0.0.1:${server.address().port}`,
      `${base}${hop}`]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.equal(JSON.parse(r.stdout).verdict, 'error');
    assert.match(r.stdout, new RegExp(`refused to connect to ${refused}`));
    assert.equal(hits, before + 1, 'the first hop was not made');
    assert.equal(secondHits, beforeSecond, 'the redirect target was contacted');
  });
}
