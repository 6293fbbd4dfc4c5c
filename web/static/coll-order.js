// coll-order.js: "Monter" / "Descendre" on a collection's page without a
// page load (progressive enhancement: without JavaScript each button is a
// plain POST form answered by a 303 to the badge moved).  The form is
// posted with fetch, the list is taken from the page the redirect leads to,
// and the focus stays on the badge moved: on the button pressed, or on the
// other one when the badge reached an end.  A refusal falls back to the
// ordinary submission (which shows why); anything else reloads the page.
(function () {
  'use strict';
  var list = document.querySelector('ol.coll-order');
  if (!list || !window.fetch || !window.DOMParser) return;
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var old = document.querySelector('ol.coll-order');
    if (!old || !old.contains(form)) return;
    e.preventDefault();
    var badge = form.elements.badge.value, sens = form.elements.sens.value;
    var buttons = old.querySelectorAll('button');
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
    fetch(form.action, {
      method: 'POST', credentials: 'same-origin', headers: { Accept: 'text/html' },
      body: new URLSearchParams(new FormData(form))
    }).then(function (r) {
      // refused (nothing moved): the ordinary submission shows why
      if (!r.ok) { form.submit(); return null; }
      return r.text();
    }).then(function (html) {
      if (html === null) return;
      var next = new DOMParser().parseFromString(html, 'text/html').querySelector('ol.coll-order');
      if (!next) { window.location.reload(); return; }
      next = document.importNode(next, true);
      old.parentNode.replaceChild(next, old);
      var item = document.getElementById('o-' + badge);
      if (!item) return;
      item.classList.add('coll-order-moved');
      var same = item.querySelector('input[name="sens"][value="' + sens + '"]');
      var target = (same && same.form.querySelector('button')) || item.querySelector('button') || item;
      target.focus();
    }).catch(function () {
      // the move may have been made: show the page as it is, never post twice
      window.location.reload();
    });
  });
})();
