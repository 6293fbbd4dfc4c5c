#!/usr/bin/env node
'use strict';
/*
 * demo-image.js OUT.png: draw the demo badge of `make run`, a round medal
 * (Mission Locale blue ring, orange disc, white star), 160x160 RGBA.
 * Anti-aliasing by 4x4 supersampling; deterministic bytes.
 */
const fs = require('fs');
const png = require('../tests/interop/lib/png');

const W = 160, R = W / 2;
const BLUE = [0, 70, 140], ORANGE = [242, 140, 40], WHITE = [255, 255, 255];

/* The ten corners of a five-pointed star of radii ro and ri, point up. */
function starPolygon(ro, ri) {
  const pts = [];
  for (let k = 0; k < 10; k++) {
    const a = (Math.PI * k) / 5, r = k % 2 ? ri : ro;
    pts.push([r * Math.sin(a), -r * Math.cos(a)]);
  }
  return pts;
}

/* Even-odd rule: count the edges a ray to the right crosses. */
function inPolygon(x, y, pts) {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i], [xj, yj] = pts[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const STAR = starPolygon(R * 0.58, R * 0.24);

function colourAt(x, y) {
  const d = Math.hypot(x - R, y - R);
  if (d > R - 2) return null;
  if (d > R - 14) return BLUE;
  if (inPolygon(x - R, y - R + 3, STAR)) return WHITE;
  return ORANGE;
}

const px = Buffer.alloc(W * W * 4);
for (let y = 0; y < W; y++) {
  for (let x = 0; x < W; x++) {
    let acc = [0, 0, 0, 0];
    for (let sy = 0; sy < 4; sy++) {
      for (let sx = 0; sx < 4; sx++) {
        const c = colourAt(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4);
        if (c) acc = [acc[0] + c[0], acc[1] + c[1], acc[2] + c[2], acc[3] + 1];
      }
    }
    const o = (y * W + x) * 4;
    if (acc[3]) {
      px[o] = Math.round(acc[0] / acc[3]);
      px[o + 1] = Math.round(acc[1] / acc[3]);
      px[o + 2] = Math.round(acc[2] / acc[3]);
    }
    px[o + 3] = Math.round((acc[3] / 16) * 255);
  }
}
fs.writeFileSync(process.argv[2] || 'badge.png', png.encode(W, W, 6, px));
