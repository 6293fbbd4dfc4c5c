'use strict';
/*
 * Every award downloads as a baked PNG and a baked SVG, whatever the
 * format of its badge class's image (issue 8: "download the baked PNG and
 * SVG").  A PNG class gives an SVG holding the issuer's PNG byte for byte;
 * an uploaded SVG class gives a 512x512 PNG drawn by `blason raster` in a
 * child process.  The peer openbadges-bakery extracts the signed OB 2.0
 * assertion from both, and `blason verify` accepts the downloaded files.
 * Run from the repository root: node --test tests/http/image-formats.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { Site, BLASON, repoRoot } = require('../lib/server');
const peer = require('../interop/lib/bakery');

let S, pngUid, svgUid, uploadedPng;

/* CRC-32 (IEEE) written here, so the test PNG owes nothing to the code under test. */
function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (~c) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/* A w x h RGB PNG: a blue square on orange, big enough for the bakery (256 bytes). */
function makePng(w, h) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2;
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + 3 * w);
    for (let x = 0; x < w; x++) {
      const inside = x > w / 4 && x < 3 * w / 4 && y > h / 4 && y < 3 * h / 4;
      row.set(inside ? [20, 60, 200] : [240, 140, 30 + (x * 7 + y * 3) % 50], 1 + 3 * x);
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/* The chunks of a PNG, read here. */
function chunks(png) {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const out = [];
  for (let at = 8; at < png.length;) {
    const n = png.readUInt32BE(at);
    out.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + n) });
    at += 12 + n;
  }
  return out;
}

/* PNG row filters undone (PNG spec section 9), for 8-bit samples of bpp bytes a pixel. */
function unfilter(raw, w, h, bpp) {
  const stride = w * bpp;
  const out = Buffer.alloc(stride * h);
  for (let y = 0; y < h; y++) {
    const f = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[y * stride + i - bpp] : 0;
      const b = y > 0 ? out[(y - 1) * stride + i] : 0;
      const c = i >= bpp && y > 0 ? out[(y - 1) * stride + i - bpp] : 0;
      let p;
      if (f === 0) p = 0;
      else if (f === 1) p = a;
      else if (f === 2) p = b;
      else if (f === 3) p = (a + b) >> 1;
      else if (f === 4) {
        const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw new Error(`row ${y}: filter ${f}`);
      out[y * stride + i] = (src[i] + p) & 255;
    }
  }
  return out;
}

async function download(p) {
  const r = await fetch(S.base + p);
  return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
}

function verifyFile(bytes, ext) {
  const f = path.join(S.tmp, `download${ext}`);
  fs.writeFileSync(f, bytes);
  const r = spawnSync(BLASON, ['verify', '--json', '--allow-http', '--allow-private-network', f], { encoding: 'utf8' });
  return JSON.parse(r.stdout);
}

test.before(async () => {
  S = await new Site().start();
  S.cli(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale', '--url', 'https://example.org', '--email', 'c@example.org']);
  uploadedPng = makePng(120, 90);
  const pngFile = path.join(S.tmp, 'atelier.png');
  fs.writeFileSync(pngFile, uploadedPng);
  const uidOf = (out) => /([A-Za-z0-9_-]{22})/.exec(out)[1];
  const pngClass = uidOf(S.cli(['badge', 'add', '--org', 'ml', '--name', 'Atelier CV & <lettre>', '--description', 'd',
    '--criteria', 'c', '--image', pngFile]));
  const svgClass = uidOf(S.cli(['badge', 'add', '--org', 'ml', '--name', 'Salon', '--description', 'd',
    '--criteria', 'c', '--image', path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg')]));
  pngUid = uidOf(S.cli(['award', '--badge', pngClass, '--email', 'ines@example.org', '--name', 'Inès']).split('/').pop());
  svgUid = uidOf(S.cli(['award', '--badge', svgClass, '--email', 'ines@example.org', '--name', 'Inès']).split('/').pop());
  await S.serve();
});

test.after(async () => { if (S) await S.stop(); });

test('a PNG badge class downloads as SVG too, holding the issuer PNG byte for byte', async () => {
  const own = await download(`/awards/${pngUid}/badge.png`);
  assert.equal(own.status, 200);
  assert.equal(own.type, 'image/png');
  const svg = await download(`/awards/${pngUid}/badge.svg`);
  assert.equal(svg.status, 200);
  assert.equal(svg.type, 'image/svg+xml');
  // Opened on its own, the SVG is sandboxed, yet its data: PNG may show.
  const csp = (await fetch(`${S.base}/awards/${pngUid}/badge.svg`)).headers.get('content-security-policy');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /img-src data:/);
  assert.match(csp, /sandbox/);
  const text = svg.body.toString('utf8');
  assert.match(text, /<svg [^>]*width="120" height="90" viewBox="0 0 120 90"/);
  assert.match(text, /<title>Atelier CV &amp; &lt;lettre&gt;<\/title>/);
  const data = /xlink:href="data:image\/png;base64,([A-Za-z0-9+/=]+)"/.exec(text);
  assert.ok(data, 'the PNG is inside as a data: URL');
  assert.ok(Buffer.from(data[1], 'base64').equals(uploadedPng), 'the pixels are the issuer PNG, unchanged');

  // The peer extracts the signed OB 2.0 assertion from the SVG baked for 2.0.
  const ob2 = await download(`/awards/${pngUid}/badge-ob2.svg`);
  const jws = (await download(`/awards/${pngUid}/assertion.jws`)).body.toString('utf8');
  assert.equal(await peer.extract(ob2.body), jws);
  for (const [bytes, ext] of [[svg.body, '.svg'], [ob2.body, '.svg']]) {
    const v = verifyFile(bytes, ext);
    assert.equal(v.verdict, 'valid', JSON.stringify(v));
  }
});

test('an SVG badge class downloads as PNG too, drawn at 512 px by the isolated rasteriser', async () => {
  const png = await download(`/awards/${svgUid}/badge.png`);
  assert.equal(png.status, 200);
  assert.equal(png.type, 'image/png');
  const cs = chunks(png.body);
  assert.equal(cs[0].type, 'IHDR');
  assert.equal(cs[0].data.readUInt32BE(0), 512);
  assert.equal(cs[0].data.readUInt32BE(4), 512);
  assert.equal(cs[0].data[8], 8, '8 bits');
  assert.equal(cs[0].data[9], 6, 'RGBA');
  // Not an empty canvas: a good part of the drawing is opaque.
  const pixels = unfilter(zlib.inflateSync(Buffer.concat(cs.filter((c) => c.type === 'IDAT').map((c) => c.data))), 512, 512, 4);
  let opaque = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] === 255) opaque++;
  assert.ok(opaque > 512 * 512 / 4, `${opaque} opaque pixels`);

  const ob2 = await download(`/awards/${svgUid}/badge-ob2.png`);
  const jws = (await download(`/awards/${svgUid}/assertion.jws`)).body.toString('utf8');
  assert.equal(await peer.extract(ob2.body), jws);
  for (const [bytes, ext] of [[png.body, '.png'], [ob2.body, '.png']]) {
    const v = verifyFile(bytes, ext);
    assert.equal(v.verdict, 'valid', JSON.stringify(v));
  }
});

test('the award page offers both formats; other formats are not found', async () => {
  const page = await (await fetch(`${S.base}/awards/${pngUid}`, { headers: { Accept: 'text/html' } })).text();
  assert.match(page, new RegExp(`href="[^"]*/awards/${pngUid}/badge\\.png" download`));
  assert.match(page, new RegExp(`href="[^"]*/awards/${pngUid}/badge\\.svg" download`));
  assert.equal((await download(`/awards/${pngUid}/badge.gif`)).status, 404);
  assert.equal((await download('/awards/AAAAAAAAAAAAAAAAAAAAAA/badge.svg')).status, 404);
});

test('blason raster refuses active SVG content and sides out of range', () => {
  const bad = spawnSync(BLASON, ['raster'], { input: '<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr.toString(), /script/);
  assert.equal(spawnSync(BLASON, ['raster', '--side', '4096'], { input: '' }).status, 2);
});
