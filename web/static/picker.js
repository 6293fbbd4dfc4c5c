// SPDX-License-Identifier: AGPL-3.0-or-later
// picker.js: the competency picker of the badge editor (progressive
// enhancement; without JavaScript the link goes to the search page, whose
// "Aligner" buttons post one alignment at a time).  Searches the network's
// frameworks as you type (JSON from /espace/{slug}/referentiels/recherche)
// and fills the first empty "Compétence" row with the item's alignment:
// targetFramework, targetCode, targetName, targetUrl, targetDescription, targetType.
'use strict';
(function () {
  const box = document.querySelector('.picker[data-picker]');
  if (!box || !window.fetch) return;
  const url = box.getAttribute('data-picker').split('?')[0];
  const label = document.createElement('label');
  label.htmlFor = 'picker-q';
  label.textContent = 'Chercher une compétence (mot ou code)';
  const input = document.createElement('input');
  input.type = 'search';
  input.id = 'picker-q';
  input.autocomplete = 'off';
  input.setAttribute('aria-describedby', 'picker-status');
  const status = document.createElement('p');
  status.id = 'picker-status';
  status.className = 'hint';
  status.setAttribute('role', 'status');
  const list = document.createElement('ul');
  list.className = 'picker-results';
  box.append(label, input, status, list);

  function row() {
    for (let n = 1; n <= 10; n++) {
      const name = document.getElementById('align_name_' + n);
      const link = document.getElementById('align_url_' + n);
      if (name && link && !name.value && !link.value) return n;
    }
    return 0;
  }

  function choose(item) {
    const n = row();
    if (!n) { status.textContent = 'Toutes les lignes sont remplies.'; return; }
    const a = item.alignment;
    const set = (f, v) => { const el = document.getElementById('align_' + f + '_' + n); if (el) el.value = v || ''; };
    set('framework', a.targetFramework);
    set('code', a.targetCode);
    set('name', a.targetName);
    set('url', a.targetUrl);
    set('description', a.targetDescription);
    set('type', a.targetType);
    status.textContent = 'Compétence ' + n + ' : « ' + a.targetName + ' » ajoutée.';
  }

  let timer = 0, seq = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      const mine = ++seq;
      list.replaceChildren();
      if (q.length < 2) { status.textContent = ''; return; }
      try {
        const r = await fetch(url + '?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (!r.ok || mine !== seq) return;
        const items = (await r.json()).items || [];
        status.textContent = items.length ? items.length + ' compétence(s) trouvée(s).' : 'Aucune compétence trouvée.';
        for (const it of items) {
          const li = document.createElement('li');
          const b = document.createElement('button');
          b.type = 'button';
          b.textContent = it.code + ' — ' + it.label + ' (' + it.framework + ')';
          b.addEventListener('click', () => choose(it));
          li.append(b);
          list.append(li);
        }
      } catch (e) {
        status.textContent = 'La recherche a échoué.';
      }
    }, 200);
  });
})();
