'use strict';
/*
 * Loads openbadges-bakery 1.0.5 so that it works on current Node.
 *
 * The bakery writes PNG chunks through streampng 0.1.7, which builds every
 * chunk it outputs with bitwriter 0.0.5.  bitwriter fakes a Buffer subclass
 * the Node 0.8 way (util.inherits(BitWriter, Buffer), then copies `length`,
 * `parent` and `offset` from a real buffer onto a plain object).  Since Node 4
 * a Buffer is a Uint8Array: `length` is a getter-only accessor on
 * %TypedArray%.prototype, so `this.length = n` is silently ignored and the
 * next read of `this.length` throws "Method get TypedArray.prototype.length
 * called on incompatible receiver".  Even past that, Buffer.concat() and
 * buf.copy() only take real Uint8Arrays, which a BitWriter is not.  See
 * tests/interop/README.md.
 *
 * Nothing under node_modules is changed.  Before the bakery is required, this
 * module probes the installed bitwriter; if the probe fails it puts, in
 * Node's module cache under bitwriter's own resolved path, a small writer
 * written here that offers the part of bitwriter's API that streampng uses
 * (BitWriter(n), write, writeInt/8/16/32, writeString, writeRaw, attach,
 * remaining, position, move, out) on a real Buffer.  streampng, its chunk
 * layout and length computations, buffer-crc32 and the bakery itself all run
 * unchanged.
 */
const Module = require('module');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..', '..');

function resolveFrom(dir, request) {
  return require.resolve(request, { paths: [dir] });
}

const bakeryMain = resolveFrom(repoRoot, 'openbadges-bakery');
const streampngMain = resolveFrom(path.dirname(bakeryMain), 'streampng');
const bitwriterMain = resolveFrom(path.dirname(streampngMain), 'bitwriter');

/* ---- the replacement writer ------------------------------------------- */

const U32_MAX = 0xffffffff;
const I32_MIN = -0x80000000;

const proto = Object.create(Buffer.prototype);

function defineMethods(obj, methods) {
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(obj, name, {
      value: fn,
      enumerable: true, // attach() lists them with Object.keys, as bitwriter does
      writable: true,
      configurable: true,
    });
  }
}

function overflow(what, need, left) {
  const err = new RangeError(`bitwriter shim: ${what} needs ${need} bytes, ${left} left`);
  err.code = 'OVERFLOW';
  return err;
}

defineMethods(proto, {
  out() {
    return this;
  },
  remaining() {
    return this.length - this._pos;
  },
  position(p) {
    if (p === undefined) return this._pos;
    if (typeof p !== 'number' || !(p >= 0 && p <= this.length))
      throw new RangeError(`bitwriter shim: position ${p} outside [0, ${this.length}]`);
    this._pos = p;
    return this;
  },
  move(n) {
    return this.position(this._pos + n);
  },
  full() {
    return this.remaining() === 0;
  },
  // Same dispatch as bitwriter: arrays and buffers raw, strings with a NUL
  // terminator, anything else as an integer.
  write(data, opts) {
    if (Array.isArray(data) || Buffer.isBuffer(data)) return this.writeRaw(data, opts);
    const value = data && data.value ? data.value : data;
    if (typeof value === 'string') return this.writeString(data, opts);
    return this.writeInt(data, opts);
  },
  // Integer of an explicit width (opts.size/width: 8, 16, 32) or of the
  // smallest width that holds it, big-endian; unsigned when it fits.
  writeInt(integer, opts) {
    if (integer !== null && typeof integer === 'object' && integer.value) {
      opts = integer;
      integer = opts.value;
    }
    if (typeof integer === 'string') {
      if (!/^\d+$/.test(integer)) throw new TypeError(`bitwriter shim: not an integer: ${integer}`);
      integer = parseInt(integer, 10);
    }
    if (typeof integer !== 'number' || !Number.isInteger(integer) || integer < I32_MIN || integer > U32_MAX)
      throw new RangeError(`bitwriter shim: integer out of range: ${integer}`);
    let width = opts && (opts.size || opts.width);
    if (width === undefined) {
      if (integer >= 0) width = integer <= 0xff ? 8 : integer <= 0xffff ? 16 : 32;
      else width = integer >= -0x80 ? 8 : integer >= -0x8000 ? 16 : 32;
    }
    if (width !== 8 && width !== 16 && width !== 32)
      throw new RangeError(`bitwriter shim: invalid width ${width}`);
    const bytes = width / 8;
    if (bytes > this.remaining()) throw overflow(`integer ${integer}`, bytes, this.remaining());
    const pos = this._pos;
    if (integer >= 0) {
      if (width === 8) Buffer.prototype.writeUInt8.call(this, integer & 0xff, pos);
      else if (width === 16) Buffer.prototype.writeUInt16BE.call(this, integer & 0xffff, pos);
      else Buffer.prototype.writeUInt32BE.call(this, integer >>> 0, pos);
    } else {
      if (width === 8) Buffer.prototype.writeInt8.call(this, integer, pos);
      else if (width === 16) Buffer.prototype.writeInt16BE.call(this, integer, pos);
      else Buffer.prototype.writeInt32BE.call(this, integer, pos);
    }
    this._pos += bytes;
    return this;
  },
  write8(v) {
    return this.writeInt(v, { size: 8 });
  },
  write16(v) {
    return this.writeInt(v, { size: 16 });
  },
  write32(v) {
    return this.writeInt(v, { size: 32 });
  },
  // UTF-8 bytes, then a NUL unless opts.null === false or the buffer is
  // full (bitwriter's rule, which streampng relies on for the last field of
  // a chunk); with opts.size, exactly that many bytes, truncated or NUL-padded.
  writeString(string, opts) {
    opts = opts || {};
    if (string !== null && typeof string === 'object' && typeof string.value === 'string') string = string.value;
    const buf = Buffer.from(String(string), 'utf8');
    if (opts.size) {
      const fixed = Buffer.alloc(opts.size);
      buf.copy(fixed, 0, 0, Math.min(buf.length, opts.size));
      return this.writeRaw(fixed);
    }
    if (buf.length > this.remaining()) throw overflow('string', buf.length, this.remaining());
    this.writeRaw(buf);
    if (opts.null !== false && this.remaining() > 0) this.writeRaw(Buffer.from([0]));
    return this;
  },
  writeRaw(arr) {
    let buf = arr;
    if (!Buffer.isBuffer(buf)) {
      for (let i = 0; i < arr.length; i++) {
        const v = arr[i];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < -0x80 || v > 0xff)
          throw new RangeError(`bitwriter shim: array element ${i} is not a byte: ${v}`);
      }
      buf = Buffer.from(arr.map((v) => v & 0xff));
    }
    if (buf.length > this.remaining()) throw overflow('raw bytes', buf.length, this.remaining());
    buf.copy(this, this._pos);
    this._pos += buf.length;
    return this;
  },
  // Bind every write* method onto obj (streampng's Output uses this).
  attach(obj, key) {
    for (const name of Object.keys(proto)) {
      if (/^write/.test(name)) obj[name] = this[name].bind(this);
    }
    if (key) obj[key] = this;
    return obj;
  },
});

function BitWriter(length) {
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0)
    throw new TypeError(`bitwriter shim: only BitWriter(length) is supported, got ${typeof length}`);
  // A real Buffer (so Buffer.concat, copy and isUint8Array accept it) whose
  // prototype adds the writer methods on top of Buffer.prototype.
  const buf = Buffer.alloc(length);
  Object.setPrototypeOf(buf, proto);
  Object.defineProperty(buf, '_pos', { value: 0, writable: true, enumerable: false });
  return buf;
}
BitWriter.prototype = proto;
BitWriter.NULL_BYTE = Buffer.from([0]);

/* ---- probe and install ----------------------------------------------- */

function probeOriginal() {
  try {
    const Original = require(bitwriterMain);
    const w = Original(4);
    w.write32(0x01020304);
    const out = Buffer.concat([w]);
    if (out.length !== 4 || out.readUInt32BE(0) !== 0x01020304) return new Error('bitwriter wrote wrong bytes');
    return null;
  } catch (err) {
    return err;
  }
}

let shimmed = false;
let probeError = null;

if (!require.cache[bakeryMain]) {
  probeError = probeOriginal();
  if (probeError) {
    const m = new Module(bitwriterMain, module);
    m.filename = bitwriterMain;
    m.paths = Module._nodeModulePaths(path.dirname(bitwriterMain));
    m.exports = BitWriter;
    m.loaded = true;
    require.cache[bitwriterMain] = m;
    shimmed = true;
  }
}

const bakery = require(bakeryMain);

/* ---- promise helpers -------------------------------------------------- */

// The bakery sniffs the type from the first 256 bytes of a buffer and, for
// a smaller image, never calls back at all; say so instead of hanging.
function tooSmall(image) {
  if (Buffer.isBuffer(image) && image.length < 256)
    return new Error(`openbadges-bakery never answers for an image under 256 bytes (got ${image.length})`);
  return null;
}

// bake(opts) -> Promise<Buffer>: the PNG path yields a Buffer, the SVG path
// a string (the serialised document); both are returned as bytes.
function bake(opts) {
  return new Promise((resolve, reject) => {
    const small = tooSmall(opts && opts.image);
    if (small) return reject(small);
    bakery.bake(opts, (err, out) => {
      if (err) return reject(err);
      resolve(Buffer.isBuffer(out) ? out : Buffer.from(String(out), 'utf8'));
    });
  });
}

// extract(image) -> Promise<string>, called once per image (the PNG
// extractor calls back once and then stops listening).
function extract(image) {
  return new Promise((resolve, reject) => {
    const small = tooSmall(image);
    if (small) return reject(small);
    let done = false;
    bakery.extract(image, (err, data) => {
      if (done) return;
      done = true;
      if (err) return reject(err);
      resolve(data);
    });
  });
}

module.exports = {
  bakery,
  bake,
  extract,
  shim: { shimmed, probeError, bitwriterPath: bitwriterMain, BitWriter },
};
