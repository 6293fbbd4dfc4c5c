/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * event-display.js: the tablet page of an event (event-screen.html) fetches
 * a fresh QR code every N seconds, so a photo of the code stops working.
 * Without JavaScript the page has an "Actualiser" link.
 */
(function () {
  'use strict';
  var box = document.querySelector('.screen');
  var img = document.getElementById('screen-qr');
  if (!box || !img) return;
  var every = parseInt(box.getAttribute('data-every'), 10) || 30;
  var base = img.getAttribute('src');
  var n = 0;
  function refresh() {
    n += 1;
    var next = new Image();
    next.onload = function () { img.src = next.src; img.setAttribute('data-n', String(n)); };
    next.src = base + (base.indexOf('?') < 0 ? '?' : '&') + 't=' + Date.now();
  }
  /* A little before each slot ends, so the shown code is always the current one. */
  setInterval(refresh, Math.max(5, every / 2) * 1000);
}());
