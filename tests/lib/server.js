'use strict';
/*
 * tests/lib/server.js: a Blason server for a test file — a temporary folder
 * and database (SQLite, or the PostgreSQL of BLASON_TEST_DB), the site
 * commands to fill it, `blason serve` on a free 127.0.0.1 port.  stop()
 * ends the server with SIGTERM and fails when it did not exit cleanly or
 * wrote a sanitizer report (under `make check SANITIZE=...` the server is
 * the sanitizer build, leaks included), so a crash or a leak behind an
 * answer cannot go unnoticed.
 */
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const BLASON = process.env.BLASON
  ? path.resolve(process.cwd(), process.env.BLASON)
  : path.join(repoRoot, 'build', 'blason');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

const SANITIZER = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;

class Site {
  /* A folder, a port and the site options; config is extra blason.conf lines. */
  async start({ config = '' } = {}) {
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-test-'));
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    this.args = ['--db', process.env.BLASON_TEST_DB || `sqlite:${this.tmp}/blason.db`,
      '--data', this.tmp, '--base-url', this.base];
    this.conf = path.join(this.tmp, 'blason.conf');
    fs.writeFileSync(this.conf, config);
    return this;
  }

  /* Run a site command (org, user, badge, award, revoke...); its stdout, trimmed. */
  cli(args, input) {
    const r = spawnSync(BLASON, [...args, ...this.args], { encoding: 'utf8', input });
    assert.equal(r.status, 0, `blason ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  }

  async serve() {
    this.log = '';
    this.server = spawn(BLASON, ['serve', '--listen', `127.0.0.1:${this.port}`, '--config', this.conf,
      ...this.args], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.server.stderr.on('data', (d) => { this.log += d; });
    this.exited = new Promise((resolve) => this.server.on('exit', (code, sig) => resolve({ code, sig })));
    for (let i = 0; i < 200; i++) {
      try { if ((await fetch(`${this.base}/healthz`)).ok) return; } catch { /* not yet */ }
      if (this.server.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`blason serve did not start: ${this.log}`);
  }

  /* SIGTERM, then the exit status and the sanitizer's word. */
  async stop() {
    let problem = null;
    if (this.server) {
      if (this.server.exitCode === null) this.server.kill('SIGTERM');
      const { code, sig } = await this.exited;
      if (code !== 0 || SANITIZER.test(this.log)) {
        problem = `blason serve exited with ${code ?? sig}:\n${this.log.split('\n').slice(-60).join('\n')}`;
      }
      this.server = null;
    }
    if (this.tmp) fs.rmSync(this.tmp, { recursive: true, force: true });
    this.tmp = null;
    if (problem) throw new Error(problem);
  }
}

/*
 * For tests that start `blason serve` themselves: SIGTERM it and fail unless
 * it exits 0 (a sanitizer report, leaks included, makes it exit non-zero).
 */
async function stopChecked(server) {
  if (!server) return;
  const done = server.exitCode !== null || server.signalCode !== null
    ? { code: server.exitCode, sig: server.signalCode }
    : await new Promise((resolve) => {
      server.once('exit', (code, sig) => resolve({ code, sig }));
      server.kill('SIGTERM');
    });
  if (done.code !== 0) throw new Error(`blason serve exited with ${done.code ?? done.sig}`);
}

module.exports = { BLASON, Site, freePort, repoRoot, stopChecked };
