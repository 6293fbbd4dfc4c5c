'use strict';
/*
 * bench/peer_jose.js: the peer for bench/jws.sh.  jose (panva) signs and
 * verifies the same ~1 KB payload as bench_jws.c, compact JWS, RS256
 * (RSA-2048), ES256 and EdDSA, each for --time seconds (default 1), keys
 * made once.  Prints "peer.jose.sign.RS256 1234.5 ops/s" lines.
 * Usage: node bench/peer_jose.js [--time SECONDS] PAYLOAD-FILE
 */
const fs = require('node:fs');

async function measure(seconds, op) {
  let n = 0;
  const t0 = process.hrtime.bigint();
  let t = 0;
  do {
    for (let i = 0; i < 8; i++) await op();
    n += 8;
    t = Number(process.hrtime.bigint() - t0) / 1e9;
  } while (t < seconds);
  return n / t;
}

async function main() {
  const args = process.argv.slice(2);
  let seconds = 1;
  const ti = args.indexOf('--time');
  if (ti >= 0) {
    seconds = Number(args[ti + 1]);
    args.splice(ti, 2);
  }
  if (args.length !== 1) {
    console.error('usage: node bench/peer_jose.js [--time SECONDS] PAYLOAD-FILE');
    process.exit(2);
  }
  const payload = fs.readFileSync(args[0]);
  const jose = await import('jose');
  for (const alg of ['RS256', 'ES256', 'EdDSA']) {
    const opts = alg === 'RS256' ? { modulusLength: 2048 } : alg === 'EdDSA' ? { crv: 'Ed25519' } : {};
    const { publicKey, privateKey } = await jose.generateKeyPair(alg, opts);
    let jws;
    const sign = await measure(seconds, async () => {
      jws = await new jose.CompactSign(payload).setProtectedHeader({ alg }).sign(privateKey);
    });
    console.log(`peer.jose.sign.${alg} ${sign.toFixed(1)} ops/s`);
    const verify = await measure(seconds, async () => {
      await jose.compactVerify(jws, publicKey, { algorithms: [alg] });
    });
    console.log(`peer.jose.verify.${alg} ${verify.toFixed(1)} ops/s`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
