'use strict';
/*
 * Workshops (events) linked to needs over real HTTP (h_needs.c, h_events.c):
 * the network admin picks one of its events on the need page; the answer
 * reads "Atelier : <name>, le <Paris date>" for everyone, with a link to the
 * staff-only event page for the event's organisation only; the event page
 * lists the needs it answers; a partner cannot link, nor the network admin
 * another organisation's event; linking twice keeps one answer; hostile
 * names come back escaped.  Run from the repository root:
 * node --test tests/http/need-events.test.js
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { Site, repoRoot } = require('../lib/server');
const { MASTER, PASSWORD, signIn, get, post, createEvent } = require('../lib/events');

let S, conseil, viewer, leon, needUid, needOther, mlEvent, leonEvent;
const uidOf = (out) => /([A-Za-z0-9_-]{22})\s*$/.exec(out)[1];

test.before(async () => {
  process.env.BLASON_MASTER_KEY = MASTER;
  S = await new Site().start();
  S.cli(['org', 'add', '--slug', 'ml', '--name', 'Mission Locale', '--url', 'https://ml.example', '--email', 'c@ml.example']);
  S.cli(['partner', 'add', '--network', 'ml', '--slug', 'boulangerie', '--name', 'Boulangerie <script>x</script>',
    '--kind', 'employer', '--email', 'patron@boulangerie.example']);
  for (const [email, org, role] of [['conseil@ml.example', 'ml', 'issuer'], ['vue@ml.example', 'ml', 'viewer'],
    ['leon@boulangerie.example', 'boulangerie', 'issuer']]) {
    S.cli(['user', 'add', '--email', email, '--name', email.split('@')[0], '--org', org, '--role', role,
      '--password-file', '-'], `${PASSWORD}\n`);
  }
  const img = path.join(repoRoot, 'tests', 'data', 'demo', 'badge.svg');
  const badge = (org, name) => uidOf(S.cli(['badge', 'add', '--org', org, '--name', name, '--description', 'd',
    '--criteria', 'c', '--image', img]));
  const mlBadge = badge('ml', 'Atelier CV');
  const leonBadge = badge('boulangerie', 'Visite du fournil');
  needUid = uidOf(S.cli(['need', 'add', '--org', 'boulangerie', '--title', 'Vendeurs <b>du matin</b>',
    '--description', 'Pour la rentrée.', '--people', '2']));
  needOther = uidOf(S.cli(['need', 'add', '--org', 'boulangerie', '--title', 'Livreurs', '--description', 'Vélo.']));
  await S.serve();
  conseil = await signIn(S.base, 'conseil@ml.example', 'ml');
  viewer = await signIn(S.base, 'vue@ml.example', 'ml');
  leon = await signIn(S.base, 'leon@boulangerie.example', 'boulangerie');
  // 14:00 in Paris on 12 March 2027 (winter time) and 9:30 on 3 July 2027 (summer time).
  mlEvent = await createEvent(conseil, 'ml', { name: 'Atelier <b>vente</b> & "accueil"', place: 'Salle <i>2</i>',
    starts: '2027-03-12T14:00', ends: '2027-03-12T17:00', participation: mlBadge });
  leonEvent = await createEvent(leon, 'boulangerie', { name: 'Portes ouvertes', starts: '2027-07-03T09:30',
    ends: '2027-07-03T12:00', participation: leonBadge });
});

test.after(async () => {
  delete process.env.BLASON_MASTER_KEY;
  if (S) await S.stop(); // fails on a crash or a sanitizer report
});

const text = (html) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
const answersOf = (html) => /<ul class="need-answers">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';

test('the network admin links its event to a need: the need page and the event page show it', async () => {
  const page = await (await get(conseil, `/espace/ml/besoins/${needUid}`)).text();
  assert.match(page, /<label for="answer-event">/);
  assert.match(page, new RegExp(`<option value="${mlEvent}">Atelier &lt;b&gt;vente&lt;/b&gt; &amp; &quot;accueil&quot; — 12/03/2027 à 14h00</option>`));
  assert.doesNotMatch(page, new RegExp(leonEvent), 'only the network admin’s own events are offered');
  // Without JavaScript: a plain form POST, 303 back to the need.
  const r = await post(conseil, `/espace/ml/besoins/${needUid}/reponse`, { event: mlEvent });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/espace/ml/besoins/${needUid}?fait=reponse`);
  // Linked again: the same redirect, still one answer.
  assert.equal((await post(conseil, `/espace/ml/besoins/${needUid}/reponse`, { event: mlEvent })).status, 303);
  const seen = await (await get(conseil, `/espace/ml/besoins/${needUid}?fait=reponse`)).text();
  assert.match(seen, /La réponse est liée au besoin/);
  const answers = answersOf(seen);
  assert.equal(answers.split('<li>').length - 1, 1, answers);
  assert.match(answers, new RegExp(`<a href="/espace/ml/evenements/${mlEvent}">Atelier &lt;b&gt;vente&lt;/b&gt; &amp; &quot;accueil&quot;</a>`));
  assert.equal(text(answers).trim(),
    'Atelier : Atelier &lt;b&gt;vente&lt;/b&gt; &amp; &quot;accueil&quot;, le 12/03/2027 à 14h00 (Salle &lt;i&gt;2&lt;/i&gt;)');
  assert.doesNotMatch(seen, /<b>vente|<i>2/);
  // The event page lists the need, linked, escaped; a viewer of the org sees it too.
  for (const who of [conseil, viewer]) {
    const ev = await (await get(who, `/espace/ml/evenements/${mlEvent}`)).text();
    assert.match(ev, /Répond aux besoins :/);
    assert.match(ev, new RegExp(`<a href="/espace/ml/besoins/${needUid}">Vendeurs &lt;b&gt;du matin&lt;/b&gt;</a> <span class="hint">\\(Boulangerie &lt;script&gt;x&lt;/script&gt;\\)</span>`));
    assert.doesNotMatch(ev, new RegExp(needOther), 'an unlinked need is not listed');
    assert.doesNotMatch(ev, /<script>x/);
  }
  // The network admin's board links the workshop in the need's row.
  const board = await (await get(conseil, '/espace/ml/besoins')).text();
  assert.match(board, new RegExp(`<a href="/espace/ml/besoins/${needUid}">[\\s\\S]*?<a href="/espace/ml/evenements/${mlEvent}">`));
  // A second event in summer time: the Paris offset is +2.
  const summer = await createEvent(conseil, 'ml', { name: 'Job dating', starts: '2027-07-03T09:30', ends: '2027-07-03T12:00',
    participation: /<option value="([A-Za-z0-9_-]{22})">Atelier CV/.exec(await (await get(conseil, '/espace/ml/evenements/nouveau')).text())[1] });
  assert.equal((await post(conseil, `/espace/ml/besoins/${needOther}/reponse`, { event: summer })).status, 303);
  const other = await (await get(conseil, `/espace/ml/besoins/${needOther}`)).text();
  assert.equal(text(answersOf(other)).trim(), 'Atelier : Job dating, le 03/07/2027 à 09h30');
  const none = await (await get(conseil, `/espace/ml/evenements/${summer}`)).text();
  assert.match(none, new RegExp(`/espace/ml/besoins/${needOther}"`));
  assert.doesNotMatch(none, new RegExp(`/espace/ml/besoins/${needUid}"`));
});

test('the declaring partner sees the workshop as text, without a link to the staff-only event page', async () => {
  const seen = await (await get(leon, `/espace/boulangerie/besoins/${needUid}`)).text();
  const answers = answersOf(seen);
  assert.equal(text(answers).trim(),
    'Atelier : Atelier &lt;b&gt;vente&lt;/b&gt; &amp; &quot;accueil&quot;, le 12/03/2027 à 14h00 (Salle &lt;i&gt;2&lt;/i&gt;)');
  assert.doesNotMatch(answers, /<a /);
  assert.doesNotMatch(seen, /evenements\//);
  assert.doesNotMatch(seen, /id="answer-event"/, 'a partner gets no picker');
  // The board shows the same text in the need's row, still without a link.
  const board = await (await get(leon, '/espace/boulangerie/besoins')).text();
  const row = new RegExp(`<tr><td>\\d+</td><td><a href="/espace/boulangerie/besoins/${needUid}">[\\s\\S]*?</tr>`).exec(board)[0];
  assert.match(text(row), /Atelier : Atelier &lt;b&gt;vente&lt;\/b&gt; &amp; &quot;accueil&quot;, le 12\/03\/2027 à 14h00 \(Salle &lt;i&gt;2&lt;\/i&gt;\)/);
  assert.doesNotMatch(board, /evenements\//);
  // The event page itself stays closed to the partner.
  assert.equal((await get(leon, `/espace/boulangerie/evenements/${mlEvent}`)).status, 404);
});

test('a partner cannot link its event; the network admin cannot link another organisation’s event', async () => {
  assert.equal((await post(leon, `/espace/boulangerie/besoins/${needUid}/reponse`, { event: leonEvent })).status, 403);
  assert.equal((await post(conseil, `/espace/ml/besoins/${needUid}/reponse`, { event: leonEvent })).status, 404);
  assert.equal((await post(conseil, `/espace/ml/besoins/${needUid}/reponse`, { event: 'AAAAAAAAAAAAAAAAAAAAAA' })).status, 404);
  assert.equal((await post(viewer, `/espace/ml/besoins/${needUid}/reponse`, { event: mlEvent })).status, 403);
  const seen = await (await get(conseil, `/espace/ml/besoins/${needUid}`)).text();
  assert.doesNotMatch(seen, /Portes ouvertes/);
  const ev = await (await get(leon, `/espace/boulangerie/evenements/${leonEvent}`)).text();
  assert.doesNotMatch(ev, /Répond aux besoins/);
});
