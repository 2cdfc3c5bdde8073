// Shared helpers for the browser tests: start a danhgia server with the demo organisation,
// launch Debian's Chromium through playwright-core, log in, talk to the JSON API.
//
// Not a test file itself: `node --test tests/` only runs files named *.test.mjs.

import { spawn } from 'node:child_process';
import net from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The e2e/ folder. */
export const E2E_DIR = path.resolve(here, '..');

/** Screenshots are artifacts written here (created on demand). */
export const SCREENSHOT_DIR = path.join(E2E_DIR, 'screenshots');

/** The password of every demo account. */
export const DEMO_PASSWORD = 'Demo@2026';

/** The demo's system admin: the only account name the tests hard-code. */
export const SYSTEM_ADMIN = 'quantri_huyenmau';

const DEFAULT_BIN = path.resolve(E2E_DIR, '..', 'target', 'debug', 'danhgia');
const STARTUP_TIMEOUT_MS = 60_000;

/**
 * The database the server should use, from DANHGIA_E2E_DATABASE:
 * `sqlite` (or unset) gives a fresh SQLite file in a new temporary folder;
 * a `sqlite://…` or `postgres://…` URL is used as it is.
 */
function databaseFor() {
  const wanted = (process.env.DANHGIA_E2E_DATABASE || 'sqlite').trim();
  if (wanted === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'danhgia-e2e-'));
    return { url: 'sqlite://' + path.join(dir, 'e2e.db'), tmpDir: dir, backend: 'sqlite' };
  }
  if (/^sqlite:\/\//.test(wanted)) return { url: wanted, tmpDir: null, backend: 'sqlite' };
  if (/^postgres(ql)?:\/\//.test(wanted)) return { url: wanted, tmpDir: null, backend: 'postgres' };
  throw new Error(`DANHGIA_E2E_DATABASE must be "sqlite" or a sqlite:// or postgres:// URL, not ${wanted}`);
}

/**
 * The demo's "Accounts to try" block, as a list of { username, description }:
 *   `  vudieuduyen_huyenmau         unit admin of Xã An Phú`
 */
export function parseDemoAccounts(stdout) {
  const lines = stdout.split(/\r?\n/);
  const start = lines.findIndex((l) => l.includes('Accounts to try'));
  if (start < 0) return [];
  const accounts = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s+([a-z][a-z0-9._]*)\s{2,}(\S.*)$/.exec(line);
    if (!m) break;
    accounts.push({ username: m[1], description: m[2].trim() });
  }
  return accounts;
}

/**
 * Starts `danhgia serve --demo` (with `extraArgs`) on a free port and resolves once it prints
 * its "listening" line. Returns { baseUrl, backend, stdout(), stderr(), accounts, stop() }.
 */
export async function startServer(extraArgs = []) {
  const bin = process.env.DANHGIA_BIN || DEFAULT_BIN;
  if (!existsSync(bin)) {
    throw new Error(`no danhgia binary at ${bin}: build it (cargo build -p danhgia) or set DANHGIA_BIN`);
  }
  const db = databaseFor();
  const env = { ...process.env };
  // Our command-line flags decide; keep stray settings of the caller out.
  delete env.DANHGIA_DATABASE_URL;
  delete env.DANHGIA_LISTEN;
  // The monthly backup of each test's database goes to a scratch folder.
  env.DANHGIA_BACKUP_DIR = path.join(tmpdir(), 'danhgia-e2e-backups');
  const child = spawn(bin, ['serve', '--demo', '--listen', '127.0.0.1:0', '--database', db.url, ...extraArgs], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`danhgia did not print its listening line within ${STARTUP_TIMEOUT_MS / 1000}s\n` +
        `stdout:\n${out}\nstderr:\n${err.slice(-4000)}`));
    }, STARTUP_TIMEOUT_MS);
    const onData = () => {
      const m = /listening on (http:\/\/[^\s/]+)\//.exec(out);
      if (m) { cleanup(); resolve(m[1]); }
    };
    const onExit = (code, signal) => {
      cleanup();
      reject(new Error(`danhgia exited before listening (code ${code}, signal ${signal})\n` +
        `stdout:\n${out}\nstderr:\n${err.slice(-4000)}`));
    };
    function cleanup() {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    }
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  }).catch(async (e) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (db.tmpDir) rmSync(db.tmpDir, { recursive: true, force: true });
    throw e;
  });

  let stopped = false;
  return {
    baseUrl,
    backend: db.backend,
    databaseUrl: db.url,
    stdout: () => out,
    stderr: () => err,
    /** Demo accounts printed at start (on PostgreSQL, a restart prints only the system admin). */
    accounts: parseDemoAccounts(out),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
      if (db.tmpDir) rmSync(db.tmpDir, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's Chromium, headless. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh browser context (own cookies) and page. The page records script errors and
 * Content-Security-Policy violations in `page.problems`, which tests assert empty.
 */
export async function newPage(browser, baseUrl) {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`script error on ${page.url()}: ${e.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) {
      page.problems.push(`CSP violation on ${page.url()}: ${msg.text()}`);
    }
  });
  return { context, page };
}

/** Path of a screenshot file (the folder is created if missing). */
export function screenshotPath(name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name.endsWith('.png') ? name : `${name}.png`);
}

/**
 * Clicks something that submits a form and waits until the next page has loaded.
 * Resolves with { post, final }: the response to the form's POST (a 303 when the server
 * redirects) and the response of the page finally shown.
 */
export async function submit(page, clickable) {
  const [post, final] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    // Deprecated in favour of waitForURL, but the only way to wait for a new document when
    // the URL does not change (a form that answers 422 at the URL it was posted to).
    page.waitForNavigation({ waitUntil: 'load' }),
    clickable.click(),
  ]);
  return { post, final };
}

/** Logs in through the login form and waits until the page has left /login. */
export async function login(page, username, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => u.pathname !== '/login');
}

/** The pathname of the page's current URL. */
export function pathOf(page) {
  return new URL(page.url()).pathname;
}

/** `POST /api/v1/login`; resolves with the bearer token. */
export async function apiLogin(baseUrl, username, password = DEMO_PASSWORD) {
  const res = await fetch(`${baseUrl}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`API login as ${username}: HTTP ${res.status} ${await res.text()}`);
  const body = await res.json();
  if (!body.token) throw new Error(`API login as ${username}: no token in ${JSON.stringify(body)}`);
  return body.token;
}

/** `GET` a JSON API path with a bearer token. */
export async function apiGet(baseUrl, token, apiPath) {
  const res = await fetch(`${baseUrl}${apiPath}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${apiPath}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** The unit called `name` among those the token's account may see (throws if absent). */
export async function unitByName(baseUrl, token, name) {
  const { units } = await apiGet(baseUrl, token, '/api/v1/units');
  const unit = units.find((u) => u.name === name);
  if (!unit) throw new Error(`no unit "${name}" in /api/v1/units (${units.map((u) => u.name).join(', ')})`);
  return unit;
}

/**
 * A real SMTP server on loopback for the browser tests (the Rust tests have their own): it
 * speaks enough SMTP for the app's mailer (EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing,
 * RSET, NOOP, QUIT) and keeps every message. Resolves with { url, messages, waitFor(pred), stop() };
 * each message is { from, to: [...], data } with `data` the raw message text.
 */
export async function startSmtp() {
  const messages = [];
  const server = net.createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let current = { from: '', to: [], lines: [] };
    const reply = (line) => socket.write(line + '\r\n');
    reply('220 127.0.0.1 ESMTP danhgia-e2e');
    socket.on('data', (chunk) => {
      buffer += chunk;
      let i;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push({ from: current.from, to: current.to, data: current.lines.join('\r\n') });
            current = { from: '', to: [], lines: [] };
            reply('250 OK queued');
          } else {
            current.lines.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') { reply('250-127.0.0.1'); reply('250-8BITMIME'); reply('250 SMTPUTF8'); }
        else if (verb === 'HELO') reply('250 127.0.0.1');
        else if (verb === 'MAIL') { current.from = (/<([^>]*)>/.exec(line) || [])[1] || ''; reply('250 OK'); }
        else if (verb === 'RCPT') { current.to.push((/<([^>]*)>/.exec(line) || [])[1] || ''); reply('250 OK'); }
        else if (verb === 'DATA') { inData = true; reply('354 End data with <CR><LF>.<CR><LF>'); }
        else if (verb === 'RSET') { current = { from: '', to: [], lines: [] }; reply('250 OK'); }
        else if (verb === 'NOOP') reply('250 OK');
        else if (verb === 'QUIT') { reply('221 Bye'); socket.end(); }
        else reply('502 Command not implemented');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** Resolves with the first message matching `pred`, polling until `timeoutMs`. */
    async waitFor(pred, timeoutMs = 60_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const m = messages.find(pred);
        if (m) return m;
        if (Date.now() > end) throw new Error(`no matching mail within ${timeoutMs} ms (${messages.length} received)`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    stop() { return new Promise((resolve) => server.close(resolve)); },
  };
}

/** The decoded Subject header of a raw message (RFC 2047 words, base64 or Q). */
export function subjectOf(raw) {
  const head = raw.split(/\r\n\r\n/)[0].replace(/\r\n[ \t]+/g, ' ');
  const m = /^Subject: (.*)$/mi.exec(head);
  if (!m) return '';
  return m[1].replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc, text) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (__, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

/** The decoded text body of a raw single-part message (quoted-printable, base64 or plain). */
export function bodyOf(raw) {
  const at = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(at + 4);
  const enc = (/^Content-Transfer-Encoding: *(\S+)/mi.exec(head) || [])[1]?.toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Today in Vietnam (UTC+7), and `n` days from it, as dd/mm/yyyy (how the date fields read). */
export function vnDay(n = 0) {
  const d = new Date(Date.now() + 7 * 3600_000 + n * 86_400_000);
  const pad = (x) => String(x).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** A `2,5`-style number of the page as a JS number (`100%` → 100). */
export function num(text) {
  return Number(String(text).replace('%', '').replace(',', '.').trim());
}
