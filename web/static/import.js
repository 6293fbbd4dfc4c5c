// import.js: the progress bar of a CSV import (progressive enhancement:
// without JavaScript the page has a "Rafraîchir" link).  Polls the state
// once a second and reloads the page, which then shows the summary.
(function () {
  'use strict';
  var box = document.getElementById('import-progress');
  if (!box || !window.fetch) return;
  var url = box.getAttribute('data-state-url');
  var bar = document.getElementById('import-bar');
  var done = document.getElementById('import-done');
  function tick() {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.max = s.total || 1;
        bar.value = s.done;
        done.textContent = String(s.done);
        if (s.state === 'done') window.location.reload();
        else setTimeout(tick, 1000);
      })
      .catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 1000);
})();
