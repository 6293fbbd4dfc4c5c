'use strict';
/*
 * tests/lib/api.js: one JSON API call as the API tests make it.  body is
 * sent as JSON (a string as it is); bearer, cookie and csrf authenticate.
 * The answer: { status, json (null when the body is not JSON), text, headers }.
 */
async function apiCall(base, method, p, { body, bearer, cookie, csrf, headers = {} } = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (bearer) h.Authorization = `Bearer ${bearer}`;
  if (cookie) h.Cookie = cookie;
  if (csrf) h['X-CSRF-Token'] = csrf;
  const r = await fetch(base + p, { method, headers: h, redirect: 'manual',
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)) });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: r.status, json, text, headers: r.headers };
}

module.exports = { apiCall };
