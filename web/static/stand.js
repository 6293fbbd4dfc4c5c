/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * stand.js: the stand mode on a staff phone.  Awards are posted in the
 * background; when the network fails they are kept in localStorage and
 * sent again later with the same code and badge: the server's idempotency
 * key ("stand:<event>:<badge>:<holder>") makes a repeated send harmless,
 * so a badge is never issued twice.  Without JavaScript the form posts.
 */
(function () {
  'use strict';
  var form = document.getElementById('stand-give');
  if (!form || !window.fetch || !window.localStorage) return;
  var KEY = 'blason-stand-queue';
  var status = document.getElementById('stand-status');
  var queueInfo = document.getElementById('stand-queue');
  var csrf = form.querySelector('input[name="csrf"]').value;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || '[]'); } catch (e) { return []; }
  }
  function save(q) { localStorage.setItem(KEY, JSON.stringify(q)); show(q); }
  function show(q) {
    queueInfo.textContent = q.length ? q.length + ' remise(s) en attente de réseau : elles seront envoyées automatiquement.' : '';
  }
  function send(item) {
    var body = new URLSearchParams({ csrf: csrf, badge: item.badge, code: item.code });
    return fetch(item.url, {
      method: 'POST', body: body, credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrf }
    }).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, body: j }; });
    });
  }
  function say(res, item) {
    if (res.status === 200) {
      status.textContent = res.body.existed
        ? res.body.first_name + ' avait déjà ce badge (code ' + item.code + ').'
        : 'Badge remis à ' + res.body.first_name + ' (code ' + item.code + ').';
    } else {
      status.textContent = 'Code ' + item.code + ' inconnu à cet événement : vérifiez-le.';
    }
  }
  var busy = false;
  function flush() {
    var q = load();
    if (busy || !q.length) return;
    busy = true;
    var item = q[0];
    send(item).then(function (res) {
      save(load().slice(1));
      say(res, item);
      busy = false;
      flush();
    }, function () { busy = false; show(load()); });
  }
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var code = form.querySelector('input[name="code"]').value.trim().toUpperCase();
    if (!code) return;
    var q = load();
    q.push({ url: form.getAttribute('action'), badge: form.getAttribute('data-badge'), code: code });
    save(q);
    form.querySelector('input[name="code"]').value = '';
    status.textContent = 'Envoi pour le code ' + code + '…';
    flush();
  });
  window.addEventListener('online', flush);
  setInterval(flush, 5000);
  show(load());
  flush();
}());
