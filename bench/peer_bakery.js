#!/usr/bin/env node
'use strict';
/*
 * Benchmark of the peer baker, openbadges-bakery 1.0.5 (loaded through the
 * Node 20 shim of tests/interop/lib/bakery.js), for `make bench`.
 *
 *   node bench/peer_bakery.js PNG10K PNG1M SVG PAYLOAD
 *   node bench/peer_bakery.js DIR        (DIR/png10k.png, png1m.png, badge.svg, payload.json)
 *   node bench/peer_bakery.js            (generates those into a temporary directory)
 * Options: --time SECONDS per figure (default 1.5), --max-ops N (default 100000).
 *
 * For each image: bake = bakery.bake of the payload into the unbaked image;
 * unbake = bakery.extract from the image the bakery baked.  Each figure runs
 * after a short warm-up (0.2 s or 20 ops) for the given time or N ops,
 * whichever comes first, in this single process, one operation at a time.
 * Prints one line per figure:  peer.bakery.bake.png10k 1234.5 ops/s
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const peer = require('../tests/interop/lib/bakery');

function usage(msg) {
  if (msg) process.stderr.write(`peer_bakery: ${msg}\n`);
  process.stderr.write(
    'usage: node bench/peer_bakery.js [--time S] [--max-ops N] [PNG10K PNG1M SVG PAYLOAD | DIR]\n'
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { timeMs: 1500, maxOps: 100000, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--time') {
      const v = Number(argv[++i]);
      if (!(v > 0)) usage('--time needs a positive number of seconds');
      opts.timeMs = v * 1000;
    } else if (a === '--max-ops') {
      const v = Number(argv[++i]);
      if (!(Number.isInteger(v) && v > 0)) usage('--max-ops needs a positive integer');
      opts.maxOps = v;
    } else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else opts.paths.push(a);
  }
  return opts;
}

function inputs(paths) {
  let tmpdir = null;
  let dir = null;
  if (paths.length === 0) {
    tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-peer-bench-'));
    require('../scripts/gen-bench-images').generate(tmpdir);
    dir = tmpdir;
  } else if (paths.length === 1) dir = paths[0];
  else if (paths.length !== 4) usage('give four files or one directory');
  const files = dir
    ? ['png10k.png', 'png1m.png', 'badge.svg', 'payload.json'].map((f) => path.join(dir, f))
    : paths;
  const read = (f) => {
    try {
      return fs.readFileSync(f);
    } catch (err) {
      usage(`cannot read ${f}: ${err.message}`);
    }
  };
  const [png10k, png1m, svg, payloadBytes] = files.map(read);
  if (tmpdir) fs.rmSync(tmpdir, { recursive: true, force: true });
  const text = payloadBytes.toString('utf8').trim();
  let obj;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    usage(`payload is not JSON: ${err.message}`);
  }
  return { images: { png10k, png1m, svg }, text, obj };
}

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms

async function measure(fn, timeMs, maxOps) {
  const warmEnd = now() + Math.min(200, timeMs / 5);
  for (let i = 0; i < 20 && now() < warmEnd; i++) await fn();
  const start = now();
  let ops = 0;
  let elapsed = 0;
  do {
    await fn();
    ops++;
    elapsed = now() - start;
  } while (elapsed < timeMs && ops < maxOps);
  return (ops * 1000) / elapsed;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { images, text, obj } = inputs(opts.paths);

  for (const [name, image] of Object.entries(images)) {
    const isSvg = name === 'svg';
    // The bakery serialises the object with JSON.stringify; its SVG baker
    // needs the verify URL (a 2.0 Assertion's id) alongside the JSON.
    const bakeOpts = () => (isSvg ? { image, url: obj.id, assertion: obj } : { image, assertion: obj });
    const baked = await peer.bake(bakeOpts());
    const got = await peer.extract(baked);
    if (got !== JSON.stringify(obj)) throw new Error(`${name}: the bakery's round trip changed the payload`);

    const bake = await measure(() => peer.bake(bakeOpts()), opts.timeMs, opts.maxOps);
    process.stdout.write(`peer.bakery.bake.${name} ${bake.toFixed(1)} ops/s\n`);
    const unbake = await measure(() => peer.extract(baked), opts.timeMs, opts.maxOps);
    process.stdout.write(`peer.bakery.unbake.${name} ${unbake.toFixed(1)} ops/s\n`);
  }
  if (text !== JSON.stringify(obj))
    process.stderr.write('peer_bakery: note: payload.json is not compact JSON; the bakery bakes JSON.stringify of it\n');
}

main().catch((err) => {
  process.stderr.write(`peer_bakery: ${err.stack || err}\n`);
  process.exit(1);
});
