'use strict';
/*
 * Source images for the interop tests: the legacy-ob1x fixtures when the
 * fixtures folder is there, otherwise small images generated here.
 */
const fs = require('fs');
const path = require('path');
const png = require('./png');

const repoRoot = path.resolve(__dirname, '..', '..', '..');

function fixturesDir() {
  return process.env.FIXTURES
    ? path.resolve(repoRoot, process.env.FIXTURES)
    : path.resolve(repoRoot, '..', 'shared', 'fixtures');
}

// A 40x40 RGB disc, with noise in the ring so it does not compress to
// under 256 bytes (the bakery sniffs the type from the first 256 bytes
// and never calls back for a smaller image).
function generatedPng(withSoftwareText) {
  const w = 40;
  const h = 40;
  const px = Buffer.alloc(w * h * 3);
  const rnd = png.prng(0xb1a50);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = Math.hypot(x - 19.5, y - 19.5);
      const i = (y * w + x) * 3;
      if (d < 14) px.set([0x1f, 0x6f, 0xb4], i);
      else if (d < 19) px.set([0xe0 + ((rnd() * 32) | 0), 0xa0 + ((rnd() * 32) | 0), 0x20], i);
      else px.set([0xff, 0xff, 0xff], i);
    }
  }
  const before = withSoftwareText ? [{ type: 'tEXt', data: png.textData('Software', 'blason interop test') }] : [];
  return png.encode(w, h, 2, px, { level: 9, before });
}

function generatedSvg(withXmlDecl) {
  const decl = withXmlDecl ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '';
  return Buffer.from(
    decl +
      '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">\n' +
      '  <title>Generated interop badge</title>\n' +
      '  <circle cx="60" cy="60" r="56" fill="#1f6fb4" stroke="#e0a020" stroke-width="6"/>\n' +
      '  <path d="M60 22 L71 48 L99 49 L77 66 L85 93 L60 77 L35 93 L43 66 L21 49 L49 48 Z" fill="#ffffff"/>\n' +
      '  <text x="60" y="112" font-size="10" text-anchor="middle" fill="#333333">interop</text>\n' +
      '</svg>\n',
    'utf8'
  );
}

/*
 * Returns { from: 'fixtures' | 'generated', dir, png: [...], svg: [...],
 * baked: [...] } where each image is { name, bytes }.  `baked` lists the
 * legacy baked samples (fixtures only).
 */
function load() {
  const dir = path.join(fixturesDir(), 'legacy-ob1x');
  if (fs.existsSync(dir)) {
    const read = (name) => ({ name: `legacy-ob1x/${name}`, bytes: fs.readFileSync(path.join(dir, name)) });
    return {
      from: 'fixtures',
      dir,
      png: [read('public_domain_heart.png'), read('mozilla-bakery-unbaked.png')],
      svg: [read('unbaked_example.svg'), read('mozilla-bakery-unbaked.svg')],
      baked: [read('baked_heart.png'), read('baked_example.svg'), read('mozilla-bakery-baked.svg')],
    };
  }
  return {
    from: 'generated',
    dir,
    png: [
      { name: 'generated 40x40 PNG (no fixtures)', bytes: generatedPng(false) },
      { name: 'generated 40x40 PNG with tEXt Software (no fixtures)', bytes: generatedPng(true) },
    ],
    svg: [
      { name: 'generated SVG (no fixtures)', bytes: generatedSvg(false) },
      { name: 'generated SVG with XML declaration (no fixtures)', bytes: generatedSvg(true) },
    ],
    baked: [],
  };
}

module.exports = { repoRoot, fixturesDir, load, generatedPng, generatedSvg };
