#!/usr/bin/env node
'use strict';
/*
 * peer_di.js CREDENTIAL.json [SECONDS]: @digitalbazaar/vc with the
 * eddsa-rdfc-2022 cryptosuite signing and verifying the same OB 3.0
 * credential as bench/bench_di.c, with an offline document loader over the
 * same contexts.  Prints "peer.vc.di.sign N ops/s" and "peer.vc.di.verify".
 */
const fs = require('fs');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..');
const ISSUER = 'https://example.com/issuers/876543';

function contexts() {
  const map = new Map();
  for (const line of fs.readFileSync(path.join(repoRoot, 'data', 'contexts.list'), 'utf8').split('\n')) {
    const [url, source, , format] = line.trim().split(/\s+/);
    if (!url || url.startsWith('#') || !source.startsWith('npm:')) continue;
    const file = path.join(repoRoot, 'node_modules', source.slice(4));
    let doc = format === 'js' ? require(file) : JSON.parse(fs.readFileSync(file, 'utf8'));
    map.set(url, doc.default || doc);
  }
  return map;
}

async function main() {
  const file = process.argv[2];
  const secs = Number(process.argv[3] || 1);
  const vc = await import('@digitalbazaar/vc');
  const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
  const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const Ed25519Multikey = await import('@digitalbazaar/ed25519-multikey');
  const ctx = contexts();
  const keyPair = await Ed25519Multikey.generate({ controller: ISSUER });
  keyPair.id = `${ISSUER}#${keyPair.publicKeyMultibase}`;
  const documentLoader = async (url) => {
    if (ctx.has(url)) return { contextUrl: null, documentUrl: url, document: ctx.get(url) };
    if (url === ISSUER) {
      return { contextUrl: null, documentUrl: url, document: {
        '@context': ['https://w3id.org/security/multikey/v1', { assertionMethod:
          { '@id': 'https://w3id.org/security#assertionMethod', '@type': '@id', '@container': '@set' } }],
        id: ISSUER, assertionMethod: [keyPair.id] } };
    }
    if (url === keyPair.id) {
      return { contextUrl: null, documentUrl: url, document: {
        '@context': 'https://w3id.org/security/multikey/v1', id: keyPair.id, type: 'Multikey',
        controller: ISSUER, publicKeyMultibase: keyPair.publicKeyMultibase } };
    }
    throw new Error(`offline loader: ${url}`);
  };
  const credential = JSON.parse(fs.readFileSync(file, 'utf8'));
  delete credential.proof;
  credential.issuer = { ...credential.issuer, id: ISSUER };
  const signer = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite });
  const verifier = new DataIntegrityProof({ cryptosuite });

  let signed;
  let n = 0;
  let t0 = process.hrtime.bigint();
  let t = 0;
  while (t < secs) {
    signed = await vc.issue({ credential: structuredClone(credential), suite: signer, documentLoader });
    n++;
    t = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  console.log(`peer.vc.di.sign ${(n / t).toFixed(1)} ops/s`);
  n = 0;
  t0 = process.hrtime.bigint();
  t = 0;
  while (t < secs) {
    const r = await vc.verifyCredential({ credential: signed, suite: verifier, documentLoader,
      checkStatus: async () => ({ verified: true }) });
    if (!r.verified) throw new Error('peer failed to verify its own credential');
    n++;
    t = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  console.log(`peer.vc.di.verify ${(n / t).toFixed(1)} ops/s`);
}

main().catch((e) => { console.error(e); process.exit(1); });
