'use strict';
/*
 * Minimal PNG helpers for the interop tests and the bench image generator:
 * CRC-32, a chunk walker that checks structure and CRCs, text-chunk keyword
 * decoding, and an encoder for 8-bit truecolour images (filter 0).
 */
const zlib = require('zlib');

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

// zlib.crc32 exists from Node 20.15 / 22.2; older Node gets a table.
let crcTable = null;
function crc32(buf) {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(buf) >>> 0;
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = crcTable[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const typeBuf = Buffer.from(type, 'latin1');
  if (typeBuf.length !== 4) throw new Error(`bad chunk type ${type}`);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  typeBuf.copy(head, 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([typeBuf, data])), 0);
  return Buffer.concat([head, data, crc]);
}

/*
 * Walk every chunk from the signature to IEND.  Throws on a bad signature,
 * a truncated chunk, a non-letter type, a bad CRC or a missing IEND.
 * Returns [{ index, type, offset, length, data }] and the bytes after IEND.
 */
function walk(png) {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG (signature)');
  const chunks = [];
  let off = 8;
  for (;;) {
    if (off + 12 > png.length) throw new Error(`truncated chunk header at offset ${off}`);
    const length = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new Error(`invalid chunk type at offset ${off}`);
    if (length > 0x7fffffff || off + 12 + length > png.length)
      throw new Error(`chunk ${type} at offset ${off} runs past the end`);
    const data = png.subarray(off + 8, off + 8 + length);
    const crc = png.readUInt32BE(off + 8 + length);
    const want = crc32(png.subarray(off + 4, off + 8 + length));
    if (crc !== want) throw new Error(`bad CRC in ${type} at offset ${off}`);
    chunks.push({ index: chunks.length, type, offset: off, length, data });
    off += 12 + length;
    if (type === 'IEND') break;
  }
  return { chunks, trailing: png.subarray(off) };
}

// Keyword of a tEXt, zTXt or iTXt chunk (Latin-1, up to the first NUL).
function textKeyword(c) {
  if (c.type !== 'tEXt' && c.type !== 'zTXt' && c.type !== 'iTXt') return null;
  const nul = c.data.indexOf(0);
  return c.data.toString('latin1', 0, nul < 0 ? c.data.length : nul);
}

// Parse an iTXt chunk's fields; text is the raw (possibly compressed) bytes.
function parseITXt(c) {
  const d = c.data;
  let p = d.indexOf(0);
  if (p < 0) throw new Error('iTXt without keyword terminator');
  const keyword = d.toString('latin1', 0, p);
  const compressed = d[p + 1];
  const method = d[p + 2];
  p += 3;
  const langEnd = d.indexOf(0, p);
  if (langEnd < 0) throw new Error('iTXt without language tag terminator');
  const lang = d.toString('latin1', p, langEnd);
  const trEnd = d.indexOf(0, langEnd + 1);
  if (trEnd < 0) throw new Error('iTXt without translated keyword terminator');
  const translated = d.toString('utf8', langEnd + 1, trEnd);
  return { keyword, compressed, method, lang, translated, text: d.subarray(trEnd + 1) };
}

// Every text chunk (tEXt, zTXt, iTXt) whose keyword is `keyword`.
function badgeChunks(png, keyword = 'openbadges') {
  return walk(png).chunks.filter((c) => textKeyword(c) === keyword);
}

/*
 * Encode an 8-bit, non-interlaced image.  colorType 2 (RGB) or 6 (RGBA);
 * pixels is width*height*channels bytes, rows are written with filter 0.
 * opts.level is the zlib level; opts.idatSize splits the stream into IDAT
 * chunks of at most that many bytes; opts.before is a list of
 * { type, data } chunks written between IHDR and the first IDAT.
 */
function encode(width, height, colorType, pixels, opts = {}) {
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  if (!channels) throw new Error('only colour types 2 and 6');
  const stride = width * channels;
  if (pixels.length !== stride * height) throw new Error('pixel buffer size mismatch');
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) pixels.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  const z = zlib.deflateSync(raw, { level: opts.level === undefined ? 9 : opts.level });

  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colorType;
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace

  const parts = [SIGNATURE, chunk('IHDR', ihdr)];
  for (const c of opts.before || []) parts.push(chunk(c.type, c.data));
  const step = opts.idatSize || z.length || 1;
  for (let o = 0; o < z.length; o += step) parts.push(chunk('IDAT', z.subarray(o, o + step)));
  parts.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

// tEXt chunk data: Latin-1 keyword, NUL, Latin-1 text.
function textData(keyword, text) {
  return Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]);
}

// Deterministic PRNG (mulberry32) so generated images are stable.
function prng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function noise(n, seed) {
  const rnd = prng(seed);
  const buf = Buffer.alloc(n);
  for (let i = 0; i < n; i++) buf[i] = (rnd() * 256) | 0;
  return buf;
}

module.exports = { SIGNATURE, crc32, chunk, walk, textKeyword, parseITXt, badgeChunks, encode, textData, prng, noise };
