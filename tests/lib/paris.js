'use strict';
/*
 * The wall clock of Paris, from ICU's time zone data rather than from our own
 * rule (src/core/paris.c), so the tests check one against the other.  The
 * server dates forms and pages in Paris time: between 22:00 and 24:00 UTC the
 * UTC date is already the day before.
 */

const fmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris', hourCycle: 'h23',
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
});

function parts(d) {
  const p = {};
  for (const { type, value } of fmt.formatToParts(d)) p[type] = value;
  return p;
}

/* "YYYY-MM-DDTHH:MM", the value of an <input type="datetime-local">. */
function parisLocal(d = new Date()) {
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/* "YYYY-MM-DD", the value of an <input type="date">. */
function parisDay(d = new Date()) { return parisLocal(d).slice(0, 10); }

/* { year, month (1-12), day } as numbers. */
function parisDate(d = new Date()) {
  const p = parts(d);
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day) };
}

module.exports = { parisLocal, parisDay, parisDate };
