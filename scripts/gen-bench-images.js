#!/usr/bin/env node
'use strict';
/*
 * gen-bench-images.js OUTDIR
 *
 * Writes the inputs of the baking benchmarks, deterministically (fixed PRNG
 * seeds, zlib level 0 so the noise is stored as is and the sizes do not
 * depend on the zlib build):
 *   OUTDIR/png10k.png    58x58 RGB noise, pHYs + tEXt Software, ~10 KB
 *   OUTDIR/png1m.png     512x682 RGB noise, IDAT split every 64 KiB, ~1 MiB
 *   OUTDIR/badge.svg     a badge drawing (circle, laurel, star, text), ~8 KB
 *   OUTDIR/payload.json  an OB 2.0 hosted Assertion, compact JSON, ~1 KB,
 *                        no trailing newline
 * Prints one line per file: path and size.
 */
const fs = require('fs');
const path = require('path');
const png = require('../tests/interop/lib/png');

function physChunk() {
  const d = Buffer.alloc(9);
  d.writeUInt32BE(2835, 0); // 72 dpi
  d.writeUInt32BE(2835, 4);
  d[8] = 1; // metre
  return { type: 'pHYs', data: d };
}

function noisePng(width, height, seed, idatSize) {
  const pixels = png.noise(width * height * 3, seed);
  return png.encode(width, height, 2, pixels, {
    level: 0,
    idatSize,
    before: [physChunk(), { type: 'tEXt', data: png.textData('Software', 'Blason bench image generator') }],
  });
}

function fmt(n) {
  return (Math.round(n * 100) / 100).toString();
}

function badgeSvg() {
  const rnd = png.prng(0x5eed5);
  const out = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img" aria-labelledby="t">'
  );
  out.push('  <title id="t">Robotique : niveau 2</title>');
  out.push('  <defs>');
  out.push('    <radialGradient id="g" cx="50%" cy="40%" r="60%">');
  out.push('      <stop offset="0%" stop-color="#3a8ee6"/>');
  out.push('      <stop offset="100%" stop-color="#123f73"/>');
  out.push('    </radialGradient>');
  out.push('  </defs>');
  out.push('  <circle cx="200" cy="200" r="190" fill="#f4c430" stroke="#8a6d0b" stroke-width="6"/>');
  out.push('  <circle cx="200" cy="200" r="160" fill="url(#g)"/>');
  out.push('  <g id="laurel" fill="#2e7d32" stroke="#1b4d1f" stroke-width="1">');
  for (let side = -1; side <= 1; side += 2) {
    for (let i = 0; i < 22; i++) {
      const a = ((200 + side * (i * 6.5 + 20)) * Math.PI) / 180;
      const r = 132 + rnd() * 6;
      const x = 200 + r * Math.sin(a);
      const y = 200 + r * Math.cos(a);
      const rot = (-a * 180) / Math.PI + side * (35 + rnd() * 10);
      const len = 14 + rnd() * 5;
      const wid = 5 + rnd() * 2;
      out.push(
        `    <path d="M0 0 C${fmt(wid)} ${fmt(-len / 3)} ${fmt(wid)} ${fmt((-2 * len) / 3)} 0 ${fmt(-len)} ` +
          `C${fmt(-wid)} ${fmt((-2 * len) / 3)} ${fmt(-wid)} ${fmt(-len / 3)} 0 0 Z" ` +
          `transform="translate(${fmt(x)} ${fmt(y)}) rotate(${fmt(rot)})"/>`
      );
    }
  }
  out.push('  </g>');
  const star = [];
  for (let i = 0; i < 10; i++) {
    const a = (i * Math.PI) / 5 - Math.PI / 2;
    const r = i % 2 ? 32 : 78;
    star.push(`${fmt(200 + r * Math.cos(a))},${fmt(170 + r * Math.sin(a))}`);
  }
  out.push(`  <polygon points="${star.join(' ')}" fill="#ffffff" stroke="#f4c430" stroke-width="4"/>`);
  out.push('  <path d="M70 270 L330 270 L310 300 L330 330 L70 330 L90 300 Z" fill="#c62828" stroke="#7f1515" stroke-width="3"/>');
  out.push(
    '  <text x="200" y="309" font-family="DejaVu Sans, sans-serif" font-size="22" font-weight="bold" ' +
      'text-anchor="middle" fill="#ffffff">Robotique · niveau 2</text>'
  );
  out.push('</svg>');
  return Buffer.from(out.join('\n') + '\n', 'utf8');
}

function payload() {
  const a = {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id: 'https://badges.example.org/assertions/5f2c9a1e-7b3d-4c8e-9a10-2d6f4b8e1c37',
    recipient: {
      type: 'email',
      hashed: true,
      salt: 'deadsea',
      identity: 'sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942',
    },
    badge: 'https://badges.example.org/badgeclasses/robotique-niveau-2',
    verification: { type: 'hosted' },
    issuedOn: '2024-03-01T09:30:00+01:00',
    expires: '2027-03-01T09:30:00+01:00',
    image: 'https://badges.example.org/assertions/5f2c9a1e-7b3d-4c8e-9a10-2d6f4b8e1c37/image.png',
    evidence: [
      {
        id: 'https://portfolio.example.org/projets/robot-suiveur-de-ligne',
        narrative: 'Robot suiveur de ligne présenté au forum des métiers : capteurs, programme et démonstration.',
      },
    ],
    narrative: '',
  };
  // Pad the narrative to bring the document to 1024 bytes of UTF-8.
  const filler = 'A construit et programmé un robot autonome ; a expliqué ses choix au jury. ';
  let json = JSON.stringify(a);
  while (Buffer.byteLength(json) < 1024) {
    a.narrative += filler[a.narrative.length % filler.length];
    json = JSON.stringify(a);
  }
  return Buffer.from(json, 'utf8');
}

function generate(outdir) {
  fs.mkdirSync(outdir, { recursive: true });
  const files = {
    png10k: path.join(outdir, 'png10k.png'),
    png1m: path.join(outdir, 'png1m.png'),
    svg: path.join(outdir, 'badge.svg'),
    payload: path.join(outdir, 'payload.json'),
  };
  const contents = {
    png10k: noisePng(58, 58, 0x10c0de, 0),
    png1m: noisePng(512, 682, 0x1d0d0e, 65536),
    svg: badgeSvg(),
    payload: payload(),
  };
  for (const k of Object.keys(files)) {
    // The PNGs must be sound before anyone measures with them.
    if (k.startsWith('png')) png.walk(contents[k]);
    const tmp = files[k] + '.tmp' + process.pid;
    fs.writeFileSync(tmp, contents[k]);
    fs.renameSync(tmp, files[k]);
  }
  return { files, sizes: Object.fromEntries(Object.entries(contents).map(([k, v]) => [k, v.length])) };
}

module.exports = { generate };

if (require.main === module) {
  const outdir = process.argv[2];
  if (!outdir || process.argv.length > 3) {
    process.stderr.write('usage: node scripts/gen-bench-images.js OUTDIR\n');
    process.exit(2);
  }
  try {
    const { files, sizes } = generate(outdir);
    for (const k of Object.keys(files)) process.stdout.write(`${files[k]} ${sizes[k]} bytes\n`);
  } catch (err) {
    process.stderr.write(`gen-bench-images: ${err.message}\n`);
    process.exit(2);
  }
}
