#!/usr/bin/env node
'use strict';
/*
 * peer_verify.js SECONDS NOW KIND FILE.png KEY.pem|- [KIND FILE KEY|-]...:
 * the Node pipeline for what bench/bench_verify.c measures, on the same
 * baked OB 3.0 PNGs: extract the credential from the PNG, then
 *   - VC-JWT: jose jwtVerify with the same key (as `blason verify --key`),
 *     dates checked at NOW;
 *   - Data Integrity: @digitalbazaar/vc verifyCredential with the
 *     eddsa-rdfc-2022 cryptosuite and an offline document loader (the same
 *     contexts Blason compiles in; the `<issuer id>#<Multikey>` method and
 *     the issuer's controller document built from the method id itself).
 * The badges carry no credentialStatus, so there is no status list to check
 * (as in bench_verify.c).  Prints "peer.verify.png.KIND N ops/s", then the
 * rate per CPU-second of the process ("....KIND.cpu N ops/cpu-s").
 *
 * openbadges-bakery 1.0.5 cannot read these: its PNG extractor only looks
 * at the "openbadges" tEXt/iTXt keyword (OB 2.0), while OB 3.0 bakes into
 * an iTXt chunk named "openbadgecredential".  The run checks that once
 * (bakery.extract answers IMAGE_UNBAKED) and then extracts the chunk with
 * the few lines below instead; for the bakery's own speed on OB 2.0 images
 * see peer_bakery.js.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const repoRoot = path.resolve(__dirname, '..');

// The text of the first iTXt chunk whose keyword is `keyword`, or null.
function itxt(png, keyword) {
  let off = 8;
  while (off + 12 <= png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === 'iTXt') {
      const k = data.indexOf(0);
      if (data.toString('latin1', 0, k) === keyword) {
        const compressed = data[k + 1] === 1;
        const lang = data.indexOf(0, k + 3);
        const tkey = data.indexOf(0, lang + 1);
        const text = data.subarray(tkey + 1);
        return (compressed ? zlib.inflateSync(text) : text).toString('utf8');
      }
    }
    if (type === 'IEND') break;
    off += 12 + len;
  }
  return null;
}

function contexts() {
  const map = new Map();
  for (const line of fs.readFileSync(path.join(repoRoot, 'data', 'contexts.list'), 'utf8').split('\n')) {
    const [url, source, , format] = line.trim().split(/\s+/);
    if (!url || url.startsWith('#') || !source.startsWith('npm:')) continue;
    const file = path.join(repoRoot, 'node_modules', source.slice(4));
    const doc = format === 'js' ? require(file) : JSON.parse(fs.readFileSync(file, 'utf8'));
    map.set(url, doc.default || doc);
  }
  return map;
}

// Offline loader: contexts, and an `<issuer>#<Multikey>` method with its controller.
function loader(ctx) {
  return async (url) => {
    if (ctx.has(url)) return { contextUrl: null, documentUrl: url, document: ctx.get(url) };
    const hash = url.indexOf('#z6Mk');
    if (hash > 0) {
      return { contextUrl: null, documentUrl: url, document: {
        '@context': 'https://w3id.org/security/multikey/v1', id: url, type: 'Multikey',
        controller: url.slice(0, hash), publicKeyMultibase: url.slice(hash + 1) } };
    }
    return { contextUrl: null, documentUrl: url, document: {
      '@context': ['https://w3id.org/security/multikey/v1', { assertionMethod:
        { '@id': 'https://w3id.org/security#assertionMethod', '@type': '@id', '@container': '@set' } }],
      id: url, assertionMethod: [`${url}#${currentKey}`] } };
  };
}
let currentKey = '';

async function bakeryCannot(png) {
  const peer = require('../tests/interop/lib/bakery');
  try {
    await peer.extract(png);
    return false;
  } catch (e) {
    return e.code === 'IMAGE_UNBAKED';
  }
}

async function main() {
  const [secsArg, nowArg, ...rest] = process.argv.slice(2);
  if (!secsArg || rest.length === 0 || rest.length % 3 !== 0) {
    process.stderr.write('usage: node bench/peer_verify.js SECONDS NOW KIND FILE.png KEY.pem|- ...\n');
    process.exit(2);
  }
  const secs = Number(secsArg);
  const now = new Date(Number(nowArg) * 1000);
  const jose = await import('jose');
  const vc = await import('@digitalbazaar/vc');
  const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
  const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const documentLoader = loader(contexts());
  const suite = new DataIntegrityProof({ cryptosuite });

  for (let i = 0; i < rest.length; i += 3) {
    const [kind, file, keyfile] = rest.slice(i, i + 3);
    const png = fs.readFileSync(file);
    if (!(await bakeryCannot(png))) throw new Error(`${file}: openbadges-bakery read it after all`);
    let verify;
    if (keyfile !== '-') {
      const key = crypto.createPublicKey(fs.readFileSync(keyfile));
      verify = async () => {
        const jws = itxt(png, 'openbadgecredential').trim();
        const { payload } = await jose.jwtVerify(jws, key, { currentDate: now });
        if (!payload.vc && !payload.type) throw new Error('not a credential');
      };
    } else {
      verify = async () => {
        const credential = JSON.parse(itxt(png, 'openbadgecredential'));
        const vm = credential.proof.verificationMethod;
        currentKey = vm.slice(vm.indexOf('#') + 1);
        const r = await vc.verifyCredential({ credential, suite, documentLoader, now,
          checkStatus: async () => ({ verified: true }) });
        if (!r.verified) throw new Error(`peer failed to verify ${file}: ${JSON.stringify(r.error || r)}`);
      };
    }
    // Warm-up, as the C side's first check run.
    for (let w = 0; w < 20; w++) await verify();
    let n = 0;
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    let t = 0;
    while (t < secs) {
      await verify();
      n++;
      t = Number(process.hrtime.bigint() - t0) / 1e9;
    }
    const c = process.cpuUsage(c0);
    console.log(`peer.verify.png.${kind} ${(n / t).toFixed(1)} ops/s`);
    // CPU of the whole process (all its threads: GC and libuv count against it).
    console.log(`peer.verify.png.${kind}.cpu ${(n / ((c.user + c.system) / 1e6)).toFixed(1)} ops/cpu-s`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
