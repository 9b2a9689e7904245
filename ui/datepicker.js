// A date picker beside a date field, after the WAI-ARIA date picker dialog pattern: a button
// opens a modal calendar of one month, worked by keyboard (arrows by day and week, Home and End
// to the week's ends, Page Up and Page Down by month, with Shift by year, Enter or Space to
// choose, Escape to close). The field still takes a date typed as DD/MM/YYYY; the picker starts
// on that date, or on today in the UK. Weeks start on Monday, as in the UK. Month and day
// names come from the messages, so Welsh is as complete as English. The button's name begins
// with the word it shows ("Calendar", "Calendr"), as WCAG 2.5.3 asks.
import { h, replace, announce } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';

const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const uk = (d) => `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
// Dates are calendar days: held as UTC midnights, so no clock change moves them.
const day = (y, m, d) => new Date(Date.UTC(y, m, d));
const addDays = (d, n) => day(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n);
/** The same day of another month, or that month's last day (31 January + 1 month = 28/29 February). */
function addMonths(d, n) {
  const last = day(d.getUTCFullYear(), d.getUTCMonth() + n + 1, 0).getUTCDate();
  return day(d.getUTCFullYear(), d.getUTCMonth() + n, Math.min(d.getUTCDate(), last));
}
/** Monday 0 … Sunday 6. */
const weekday = (d) => (d.getUTCDay() + 6) % 7;

/** What the field holds as a date: DD/MM/YYYY or YYYY-MM-DD, a real day; otherwise null. */
export function parseTyped(text) {
  const s = String(text || '').trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const parts = m ? [+m[3], +m[2], +m[1]] : (m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)) ? [+m[1], +m[2], +m[3]] : null;
  if (!parts) return null;
  const d = day(parts[0], parts[1] - 1, parts[2]);
  return d.getUTCFullYear() === parts[0] && d.getUTCMonth() === parts[1] - 1 && d.getUTCDate() === parts[2] ? d : null;
}

/** A date read out in full: "Monday 7 December 2026" / "Dydd Llun 7 Rhagfyr 2026". */
function spoken(d) {
  return t('ui-date-spoken', { weekday: t(`ui-weekday-${weekday(d) + 1}`), day: d.getUTCDate(), month: t(`ui-month-${d.getUTCMonth() + 1}`), year: d.getUTCFullYear() });
}

/** A small calendar drawn in SVG (no emoji: a council laptop may have no font for one). */
function calendarIcon() {
  const NS = 'http://www.w3.org/2000/svg';
  const el = (tag, attrs) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  };
  const svg = el('svg', { viewBox: '0 0 16 16', width: 16, height: 16, 'aria-hidden': 'true', focusable: 'false', class: 'date-pick-icon' });
  svg.append(
    el('rect', { x: 1.5, y: 2.5, width: 13, height: 12, rx: 1.5, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 }),
    el('line', { x1: 1.5, y1: 6, x2: 14.5, y2: 6, stroke: 'currentColor', 'stroke-width': 1.5 }),
    el('line', { x1: 5, y1: 1, x2: 5, y2: 4, stroke: 'currentColor', 'stroke-width': 1.5 }),
    el('line', { x1: 11, y1: 1, x2: 11, y2: 4, stroke: 'currentColor', 'stroke-width': 1.5 }),
    ...[[4, 8.5], [7, 8.5], [10, 8.5], [4, 11.5], [7, 11.5]].map(([x, y]) => el('rect', { x, y, width: 2, height: 2, fill: 'currentColor' })));
  return svg;
}

/** The button that opens the calendar for `input`, a text field labelled `label`. */
export function datePicker(input, label) {
  const button = h('button', { type: 'button', class: 'date-pick', 'data-for': input.id });
  const name = () => {
    const d = parseTyped(input.value);
    button.setAttribute('aria-label', d ? t('ui-date-change', { field: label, date: spoken(d) }) : t('ui-date-choose', { field: label }));
  };
  replace(button, calendarIcon(), h('span', { 'aria-hidden': 'true' }, t('ui-date-pick')));
  name();
  input.addEventListener('input', name);
  // One calendar at a time: a second press while it opens does nothing.
  let opening = false;
  button.addEventListener('click', async () => {
    if (opening || document.getElementById(`${input.id}-calendar`)) return;
    opening = true;
    try { await open(input, button, label, name); } finally { opening = false; }
  });
  return button;
}

/** Today in the UK by the core's clock; by the computer's if the core cannot say. */
async function todayInUk() {
  const fromCore = await api.today().then(parseTyped, () => null);
  if (fromCore) return fromCore;
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric' })
    .formatToParts(new Date()).map((x) => [x.type, x.value]));
  return day(+p.year, +p.month - 1, +p.day);
}

async function open(input, button, label, rename) {
  const today = await todayInUk();
  const chosen = parseTyped(input.value);
  let focus = chosen || today;
  const headingId = `${input.id}-cal-heading`;
  const heading = h('h2', { id: headingId, class: 'cal-heading', 'aria-live': 'polite' });
  const grid = h('table', { role: 'grid', class: 'cal-grid', 'aria-labelledby': headingId });
  const dialog = h('dialog', { class: 'date-dialog', id: `${input.id}-calendar`, 'aria-label': t('ui-date-dialog', { field: label }) });

  const move = (to) => { focus = to; draw(); };
  const nav = (id, labelId, delta) => h('button', { type: 'button', class: 'cal-nav', 'data-nav': id, 'aria-label': t(labelId),
    onclick: () => { focus = addMonths(focus, delta); draw(false); } }, id.includes('year') ? (delta < 0 ? '«' : '»') : (delta < 0 ? '‹' : '›'));

  const close = (value) => {
    if (value) {
      input.value = uk(value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
      rename();
      announce(t('ui-date-chosen', { date: uk(value) }));
    }
    dialog.close();
    dialog.remove();
    button.focus();
  };

  // Draws the month holding `focus`; moves keyboard focus onto that day unless a month button
  // was pressed (focus stays on the button, as a keyboard user expects).
  // The heading is a live region: it changes (and is read out) only when the month does.
  const draw = (focusDay = true) => {
    const month = `${t(`ui-month-${focus.getUTCMonth() + 1}`)} ${focus.getUTCFullYear()}`;
    if (heading.textContent !== month) replace(heading, month);
    const first = day(focus.getUTCFullYear(), focus.getUTCMonth(), 1);
    let cell = addDays(first, -weekday(first));
    const rows = [];
    do {
      const cells = [];
      for (let i = 0; i < 7; i++, cell = addDays(cell, 1)) {
        const d = cell;
        const inMonth = d.getUTCMonth() === focus.getUTCMonth();
        const isFocus = iso(d) === iso(focus);
        cells.push(h('td', {
          role: 'gridcell',
          tabindex: isFocus ? '0' : '-1',
          'data-date': iso(d),
          class: [inMonth ? 'in-month' : 'other-month', iso(d) === iso(today) ? 'today' : ''].join(' ').trim(),
          'aria-selected': chosen && iso(d) === iso(chosen) ? 'true' : null,
          'aria-current': iso(d) === iso(today) ? 'date' : null,
          'aria-label': spoken(d),
          onclick: () => close(d),
        }, String(d.getUTCDate())));
      }
      rows.push(h('tr', {}, cells));
    } while (cell.getUTCMonth() === focus.getUTCMonth());
    replace(grid,
      h('thead', {}, h('tr', {}, [1, 2, 3, 4, 5, 6, 7].map((n) => h('th', { scope: 'col', abbr: t(`ui-weekday-${n}`) }, t(`ui-weekday-short-${n}`))))),
      h('tbody', {}, rows));
    if (focusDay) grid.querySelector('td[tabindex="0"]').focus();
  };

  grid.addEventListener('keydown', (e) => {
    const keys = {
      ArrowLeft: () => addDays(focus, -1),
      ArrowRight: () => addDays(focus, 1),
      ArrowUp: () => addDays(focus, -7),
      ArrowDown: () => addDays(focus, 7),
      Home: () => addDays(focus, -weekday(focus)),
      End: () => addDays(focus, 6 - weekday(focus)),
      PageUp: () => addMonths(focus, e.shiftKey ? -12 : -1),
      PageDown: () => addMonths(focus, e.shiftKey ? 12 : 1),
    };
    if (keys[e.key]) { e.preventDefault(); move(keys[e.key]()); }
    else if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); close(focus); }
  });
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(null); });

  replace(dialog,
    h('div', { class: 'cal-head' },
      nav('prev-year', 'ui-date-prev-year', -12), nav('prev-month', 'ui-date-prev-month', -1),
      heading,
      nav('next-month', 'ui-date-next-month', 1), nav('next-year', 'ui-date-next-year', 12)),
    grid,
    h('p', { class: 'help', id: `${input.id}-cal-keys` }, t('ui-date-keys')),
    h('div', { class: 'cal-foot' },
      h('button', { type: 'button', 'data-action': 'today', onclick: () => move(today) }, t('ui-date-today')),
      h('button', { type: 'button', 'data-action': 'cancel', onclick: () => close(null) }, t('ui-cancel'))));
  grid.setAttribute('aria-describedby', `${input.id}-cal-keys`);
  document.body.append(dialog);
  dialog.showModal();
  draw();
}
