/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * badge-editor.js: live preview of a generated badge image in the badge
 * form (h_badge_editor.c).  Progressive enhancement only: without it the
 * form works the same and the badge page shows the result.  The drawing is
 * made by the server (/espace/{slug}/badges/apercu.svg), so there is one
 * drawing code, in src/core/badgeart.c.
 */
'use strict';
(function () {
  var form = document.querySelector('form.badge-form');
  var box = document.getElementById('art-preview');
  if (!form || !box || !form.getAttribute('data-preview') || !window.URLSearchParams) return;
  var img = box.querySelector('img');
  var ids = ['art_shape', 'art_colour', 'art_picto', 'art_text'];
  var timer = null;

  function update() {
    var q = new URLSearchParams();
    var names = ['shape', 'colour', 'picto', 'text'];
    for (var i = 0; i < ids.length; i++) {
      var el = document.getElementById(ids[i]);
      q.set(names[i], el ? el.value : '');
    }
    img.src = form.getAttribute('data-preview') + '?' + q.toString();
    box.hidden = false;
  }

  for (var i = 0; i < ids.length; i++) {
    var el = document.getElementById(ids[i]);
    if (!el) continue;
    el.addEventListener(el.tagName === 'SELECT' ? 'change' : 'input', function () {
      clearTimeout(timer);
      timer = setTimeout(update, 250);
    });
  }
  /* A text over the limit gives no image: hide the preview until the choices are valid again. */
  img.addEventListener('error', function () { box.hidden = true; });
  update();
})();
