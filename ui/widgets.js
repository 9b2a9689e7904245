// The widgets the screens share. Forms generic over a register's description: one widget per
// field kind, each with its label tied to the input, help and error text tied by
// aria-describedby, and the core's validation messages shown beside the field they belong to.
// Then the pieces of the report and file forms: a labelled field, a language and a protective
// marking choice, a progress bar and a form that generates a file. Errors show through
// errorBox (and announceError), which show nothing for "the session is locked": the shell is
// already replacing the screen with the unlock page.
import { api, isLocked } from './api.js';
import { h, replace, announce, nextId, debounce } from './dom.js';
import { t, lang } from './i18n.js';
import { datePicker } from './datepicker.js';
import { registerView } from './state.js';

/**
 * A labelled progress bar for long work (`#<id>-progress`), hidden until `start()`; the core
 * sends 0–100 to `bar.value`.
 */
export function progressRow(id, labelId = 'ui-report-progress') {
  const bar = h('progress', { id: `${id}-progress`, max: 100, value: 0, 'aria-labelledby': `${id}-progress-label` });
  const box = h('div', { class: 'report-progress', hidden: true }, h('span', { id: `${id}-progress-label` }, t(labelId)), bar);
  return { box, bar, start() { bar.value = 0; box.hidden = false; }, stop() { box.hidden = true; } };
}

/**
 * A summary of an error report, focused so screen readers announce it. "The session is
 * locked" gives an empty fragment: the shell is replacing the screen with the unlock page.
 */
export function errorBox(err) {
  if (isLocked(err)) return document.createDocumentFragment();
  const report = normalise(err);
  return h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' },
    h('h2', {}, t('ui-problem-title')),
    h('p', {}, report.message),
    report.fields.length
      ? h('ul', {}, report.fields.map((f) => h('li', {}, h('a', { href: `#field-${f.field}`, onclick: (e) => {
        e.preventDefault();
        document.querySelector(`[data-field="${CSS.escape(f.field)}"] :is(input, select, textarea, button)`)?.focus();
      } }, f.label && !f.message.toLowerCase().includes(f.label.toLowerCase()) ? `${f.label}: ${f.message}` : f.message))))
      : null);
}

function normalise(err) {
  if (err && typeof err === 'object' && 'code' in err) return { fields: [], ...err };
  return { code: 'unknown', message: String(err?.message || err), fields: [] };
}

/** Says an error aloud (where the screen shows none), except "locked": the shell says that. */
export function announceError(err) {
  if (!isLocked(err)) announce(err.message);
}

/** Marks each field the core complained about. `fieldMap` maps core field names to input ids. */
export function fieldErrors(form, err, fieldMap = {}) {
  for (const p of form.querySelectorAll('.field > .error')) {
    p.hidden = true;
    p.textContent = '';
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const f of normalise(err).fields) {
    const container = form.querySelector(`[data-field="${CSS.escape(f.field)}"]`)
      || (fieldMap[f.field] && form.querySelector(`#${fieldMap[f.field]}`)?.closest('.field'));
    if (!container) continue;
    const p = container.querySelector(':scope > .error');
    if (p) {
      p.textContent = f.message;
      p.hidden = false;
    }
    for (const input of container.querySelectorAll('input, select, textarea')) {
      input.setAttribute('aria-invalid', 'true');
    }
  }
}

function describedBy(...ids) {
  return ids.filter(Boolean).join(' ') || null;
}

/** One field's widget. Returns { element, read } where read() gives the value to send. */
export function widget(field, value, labels, isNew) {
  const id = nextId(field.name);
  const helpId = field.help ? `${id}-help` : null;
  const errId = `${id}-error`;
  const kind = field.kind;
  const start = isNew && (value === null || value === undefined) && field.default != null ? field.default : value;
  const labelText = [field.label, field.required ? ` (${t('ui-required')})` : ''].join('');
  const help = field.help ? h('p', { class: 'help', id: helpId }, field.help) : null;
  const error = h('p', { class: 'error', id: errId, hidden: true });
  const wrap = (control, read, opts = {}) => ({
    element: opts.fieldset
      ? h('fieldset', { class: 'field', 'data-field': field.name, id: `field-${field.name}`, 'aria-describedby': describedBy(helpId, errId) },
        h('legend', {}, labelText), help, control, error)
      : h('div', { class: `field kind-${kind}`, 'data-field': field.name, id: `field-${field.name}` },
        h('label', { for: id }, labelText), help, control, error),
    read,
  });
  const common = { id, name: field.name, 'aria-describedby': describedBy(helpId, errId), 'aria-required': field.required ? 'true' : null };

  if (field.computed) {
    const shown = kind === 'instant' ? ukTime(value)
      : kind === 'date' ? ukDate(value)
        : (kind === 'choice' ? (field.choices.find((c) => c.value === value)?.label ?? value) : value) ?? '';
    const out = h('output', { id, 'aria-describedby': describedBy(helpId) }, shown === '' ? '—' : String(shown));
    return { element: h('div', { class: 'field computed', 'data-field': field.name },
      h('label', { for: id }, field.label), help, out, h('p', { class: 'help' }, t('ui-computed'))), read: () => undefined };
  }
  switch (kind) {
    case 'long-text': {
      const ta = h('textarea', { ...common, rows: 3 }, start ?? '');
      return wrap(ta, () => ta.value);
    }
    case 'yes-no': {
      const cb = h('input', { ...common, type: 'checkbox', checked: start === true || start === 'true' });
      const el = h('div', { class: 'field kind-yes-no', 'data-field': field.name, id: `field-${field.name}` },
        h('div', { class: 'check' }, cb, h('label', { for: id }, field.label)), help, error);
      return { element: el, read: () => cb.checked };
    }
    case 'number': {
      const input = h('input', { ...common, type: 'number', inputmode: 'numeric', min: field.of?.min, max: field.of?.max, value: start ?? '' });
      return wrap(input, () => input.value);
    }
    case 'instant': {
      const input = h('input', { ...common, type: 'text', placeholder: t('ui-instant-placeholder'), value: ukTime(start), autocomplete: 'off', size: 18 });
      return wrap(input, () => input.value);
    }
    case 'date': {
      const input = h('input', { ...common, type: 'text', inputmode: 'numeric', placeholder: t('ui-date-placeholder'), value: ukDate(start), autocomplete: 'off', size: 12 });
      // Typed as DD/MM/YYYY, or chosen from the calendar beside it.
      return wrap(h('div', { class: 'date-input' }, input, datePicker(input, field.label)), () => input.value);
    }
    case 'choice': {
      const select = h('select', common,
        h('option', { value: '' }, t('ui-select-none')),
        field.choices.map((c) => h('option', { value: c.value, selected: c.value === start }, c.label)));
      return wrap(select, () => select.value);
    }
    case 'multi-choice': {
      const chosen = new Set(Array.isArray(start) ? start : []);
      const boxes = field.choices.map((c) => {
        const cid = nextId(`${field.name}-opt`);
        return h('div', { class: 'check' },
          h('input', { type: 'checkbox', id: cid, value: c.value, checked: chosen.has(c.value) }),
          h('label', { for: cid }, c.label));
      });
      const group = h('div', { class: 'checks' }, boxes);
      return wrap(group, () => [...group.querySelectorAll('input:checked')].map((i) => i.value), { fieldset: true });
    }
    case 'ref':
    case 'ref-many':
      return refPicker(field, start, labels, { id, common, labelText, help, error, helpId, errId });
    case 'email': {
      const input = h('input', { ...common, type: 'email', value: start ?? '', autocomplete: 'off', spellcheck: 'false' });
      return wrap(input, () => input.value);
    }
    default: {
      const input = h('input', { ...common, type: 'text', value: start ?? '' });
      return wrap(input, () => input.value);
    }
  }
}

const ukFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** An instant stored in UTC, shown in UK time as DD/MM/YYYY HH:MM (GMT or BST as it was). */
export function ukTime(value) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const p = Object.fromEntries(ukFormat.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/**
 * Today in the UK as YYYY-MM-DD, by the core's clock (the one every due date is counted
 * from), whatever the computer's own time zone.
 */
export function londonToday() {
  return api.today();
}

/** A date stored as YYYY-MM-DD, shown as a UK reader expects: DD/MM/YYYY (the same in Welsh). */
export function ukDate(value) {
  return value ? ukText(value) : '';
}

/**
 * Text from the core that is a date (YYYY-MM-DD) or a UK time (YYYY-MM-DD HH:MM) as a UK reader
 * reads it (DD/MM/YYYY, DD/MM/YYYY HH:MM); any other text as it is.
 */
export function ukText(value) {
  const s = value == null ? '' : String(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})( \d{2}:\d{2})?$/.exec(s);
  return m ? `${m[3]}/${m[2]}/${m[1]}${m[4] || ''}` : s;
}

/**
 * A value as people read it in a table. On Welsh screens a field with a Welsh twin that the
 * table does not show itself (e.g. a retention class's description) shows the Welsh text.
 */
export function display(field, rec, view) {
  const twin = `${field.name}_cy`;
  if (lang() === 'cy' && rec.fields[twin] && view && !view.fields.find((f) => f.name === twin)?.in_table) {
    return String(rec.fields[twin]);
  }
  const v = rec.fields[field.name];
  switch (field.kind) {
    case 'ref':
    case 'ref-many':
      return rec.labels[field.name] || '';
    case 'choice':
      return field.choices.find((c) => c.value === v)?.label ?? (v || '');
    case 'multi-choice':
      return (v || []).map((x) => field.choices.find((c) => c.value === x)?.label ?? x).join('; ');
    case 'yes-no':
      return v ? t('ui-yes') : t('ui-no');
    case 'instant':
      return ukTime(v);
    case 'date':
      return ukDate(v);
    default:
      return v === null || v === undefined ? '' : String(v);
  }
}

/** One label at a glance (from the core): its words, coloured by its tone and marked by a shape. */
export function glanceTag(label) {
  return h('span', { class: `tag tone-${label.tone}`, 'data-kind': label.kind }, label.text);
}

/** A record's labels at a glance, as a list named for screen readers. */
export function glanceList(labels, id) {
  return h('ul', { class: 'glance', id, 'aria-label': t('ui-glance') }, labels.map((l) => h('li', {}, glanceTag(l))));
}

/**
 * How a record of another register is named in a picker: its reference and title (the Welsh
 * twin `<title_field>_cy` on Welsh screens, where it has one), then in brackets the fields its
 * register's description lists in `picker_detail` that have a value, e.g. a person's job title
 * and department or a department's code. A reference field shows its record's label.
 */
export function recordLabel(register, rec) {
  const f = rec.fields;
  const view = registerView(register);
  const twin = view && lang() === 'cy' ? f[`${view.title_field}_cy`] : null;
  const titleDef = view?.fields.find((x) => x.name === view.title_field);
  const raw = twin || (view ? f[view.title_field] : null) || f.name;
  const title = titleDef?.kind === 'date' ? ukDate(raw) : raw;
  const named = (title && f.reference && title !== f.reference) ? `${f.reference} – ${title}` : (title ?? f.reference ?? rec.id);
  const detail = (view?.picker_detail || []).map((name) => {
    const def = view.fields.find((x) => x.name === name);
    return def && (def.kind === 'ref' || def.kind === 'ref-many') ? rec.labels?.[name] : f[name];
  }).filter(Boolean).join(', ');
  return detail ? `${named} (${detail})` : named;
}

/**
 * Marks option `i` of a combobox's list as the active one (-1: none): selected, named by the
 * input's aria-activedescendant (focus stays in the input), and scrolled into view.
 */
export function showActiveOption(input, options, i) {
  options.forEach((o, j) => o.el.setAttribute('aria-selected', j === i ? 'true' : 'false'));
  if (i >= 0 && options[i]) {
    input.setAttribute('aria-activedescendant', options[i].el.id);
    options[i].el.scrollIntoView({ block: 'nearest' });
  } else input.removeAttribute('aria-activedescendant');
}

/**
 * A reference field as one searchable combobox (the ARIA 1.2 pattern, list autocomplete):
 * typing searches the other register, Down and Up move through what matches (the input keeps
 * focus, aria-activedescendant names the option), Enter takes it, Escape closes the list (or,
 * closed, empties the field). The record's id is the field's value (`data-value`), its label
 * what is shown. A field of several records (`ref-many`) shows those chosen as chips, each
 * with its own Remove button, above a combobox that adds one at a time: choosing never
 * replaces what was chosen before.
 */
function refPicker(field, value, labels, ctx) {
  const target = field.of;
  const multiple = field.kind === 'ref-many';
  const initial = multiple ? (Array.isArray(value) ? value : []) : (value ? [value] : []);
  const initialLabels = (labels?.[field.name] || '').split('; ');
  const chosen = new Map(initial.map((id, i) => [id, initialLabels[i] || id]));
  const listId = `${ctx.id}-list`;
  const countId = `${ctx.id}-count`;
  const input = h('input', { ...ctx.common, type: 'text', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
    'aria-describedby': describedBy(ctx.helpId, multiple ? `${ctx.id}-chips-label` : null, ctx.errId),
    placeholder: t(multiple ? 'ui-combo-add' : 'ui-combo-search') });
  const list = h('ul', { id: listId, role: 'listbox', class: 'combo-list', 'aria-label': field.label, hidden: true });
  const count = h('span', { id: countId, class: 'visually-hidden', 'aria-live': 'polite' });
  const chips = multiple ? h('ul', { class: 'chips', id: `${ctx.id}-chips`, 'aria-labelledby': `${ctx.id}-chips-label` }) : null;
  let options = [];
  let active = -1;

  const showValue = () => {
    if (multiple) {
      input.dataset.value = [...chosen.keys()].join(',');
      replace(chips, [...chosen].map(([id, label]) => h('li', { class: 'chip', 'data-id': id },
        h('span', {}, label),
        h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('ui-combo-remove', { name: label }), onclick: () => {
          chosen.delete(id);
          showValue();
          announce(t('ui-combo-removed', { name: label }));
          input.focus();
        } }, '×'))));
      if (!chosen.size) chips.append(h('li', { class: 'chip-none' }, t('ui-combo-none-chosen')));
    } else {
      const [id, label] = [...chosen][0] || ['', ''];
      input.dataset.value = id;
      input.value = label;
    }
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (i) => {
    active = i;
    showActiveOption(input, options, i);
  };
  const take = (i) => {
    const o = options[i];
    if (!o) return;
    if (!multiple) chosen.clear();
    chosen.set(o.id, o.label);
    showValue();
    if (multiple) input.value = '';
    close();
    announce(t(multiple ? 'ui-combo-added' : 'ui-combo-chosen', { name: o.label }));
  };
  let asked = 0;
  const search = async (q, open = true) => {
    const ticket = ++asked;
    const page = await api.list(target, { search: q || null, limit: 20, plain: true });
    if (ticket !== asked) return; // a later search has been asked for: show that one
    options = page.rows.filter((rec) => !(multiple && chosen.has(rec.id))).map((rec, i) => ({
      id: rec.id,
      label: recordLabel(target, rec),
      el: null,
      i,
    }));
    replace(list, options.length
      ? options.map((o, i) => {
        o.el = h('li', { role: 'option', id: `${ctx.id}-opt-${i}`, 'aria-selected': 'false', 'data-id': o.id,
          onmousedown: (e) => e.preventDefault(), onclick: () => take(i) }, o.label);
        return o.el;
      })
      : h('li', { class: 'combo-empty', role: 'presentation' }, t('ui-combo-no-match')));
    replace(count, t('ui-combo-results', { count: options.length }));
    if (open) {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
    highlight(-1);
  };
  const typed = debounce(() => search(input.value), 200);
  input.addEventListener('input', () => {
    if (!multiple && !input.value.trim()) {
      chosen.clear();
      input.dataset.value = '';
    }
    typed();
  });
  input.addEventListener('keydown', async (e) => {
    const open = !list.hidden;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        await search(multiple || !chosen.size ? input.value : '');
        highlight(e.key === 'ArrowDown' || e.altKey ? 0 : options.length - 1);
        return;
      }
      if (e.altKey) return;
      const n = options.length;
      if (!n) return;
      highlight(e.key === 'ArrowDown' ? (active + 1) % n : (active - 1 + n) % n);
    } else if (e.key === 'Enter' && open && active >= 0) {
      e.preventDefault();
      take(active);
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        e.stopPropagation();
        close();
        if (!multiple) showValue();
      } else if (input.value) {
        e.preventDefault();
        input.value = '';
        if (!multiple) {
          chosen.clear();
          input.dataset.value = '';
        }
      }
    }
  });
  // Leaving the field: an unfinished search does not change what was chosen.
  input.addEventListener('blur', () => {
    close();
    if (multiple) input.value = '';
    else if (input.value.trim()) showValue();
  });
  showValue();
  const el = h('div', { class: `field kind-ref${multiple ? ' kind-ref-many' : ''}`, 'data-field': field.name, id: `field-${field.name}` },
    h('label', { for: ctx.id }, ctx.labelText), ctx.help,
    multiple ? h('p', { class: 'visually-hidden', id: `${ctx.id}-chips-label` }, t('ui-combo-chosen-label', { field: field.label })) : null,
    chips,
    h('div', { class: 'combo' }, input, list, count), ctx.error);
  return {
    element: el,
    read: () => (multiple ? [...chosen.keys()] : (input.dataset.value || '')),
  };
}

/**
 * Where a file is saved or read from, picked in the computer's own dialog (never typed: the
 * core takes only paths picked this way), opening in the folder last used for this kind of
 * file (Documents the first time). A file to read (or a folder) is shown once picked, with a
 * button to pick another; a file to save is asked for afresh each time it is saved (so a new
 * quarter is never saved under last quarter's name), and the last one saved is shown.
 * `suggest()` gives a save dialog's file name. Returns { element, path(), choose(), next(),
 * set(path) }: next() resolves with the path to use now (asking if need be), or null for Cancel.
 */
export function fileChoice(id, purpose, suggest = () => null) {
  let chosen = '';
  // A new database's place is chosen before it is made (the default already shown), like a
  // file to read; every other file to save is asked for when it is saved.
  const saving = purpose.endsWith('-save') && purpose !== 'database-save';
  const empty = t(saving ? 'ui-not-saved-yet' : purpose === 'returns-folder' ? 'ui-no-folder-chosen' : 'ui-no-file-chosen');
  const shown = h('output', { id, class: 'file-path', 'data-name': 'path' }, empty);
  const set = (path) => {
    chosen = path || '';
    shown.textContent = chosen || empty;
    if (chosen) shown.dataset.path = chosen;
    else delete shown.dataset.path;
  };
  const choose = async () => {
    const picked = await api.choose(purpose, suggest());
    if (picked) set(picked);
    return picked;
  };
  // The button is named by the field's label ("Choose…, File to import").
  const button = saving ? null : h('button', { type: 'button', id: `${id}-choose`, class: 'choose',
    'aria-describedby': `${id}-label`, onclick: () => choose().catch(announceError) }, t('ui-choose-file'));
  const element = h('div', { class: 'file-choice', 'data-name': 'path' }, shown, button);
  const next = async () => (saving || !chosen ? choose() : chosen);
  return { element, path: () => chosen, choose, next, set };
}

/** A labelled form field around `control`, with its help and a place for its error. */
export function field(id, labelId, control, helpId) {
  return h('div', { class: 'field', 'data-field': control.dataset?.name || id },
    h('label', { for: id, id: `${id}-label` }, t(labelId)),
    helpId ? h('p', { class: 'help', id: `${id}-help` }, t(helpId)) : null,
    control,
    h('p', { class: 'error', hidden: true }));
}

/** The language a document is written in: the window's own to start with. */
export function languageSelect(id) {
  return h('select', { id, 'data-name': 'lang' },
    h('option', { value: 'en', lang: 'en', selected: lang() === 'en' }, t('ui-lang-en')),
    h('option', { value: 'cy', lang: 'cy', selected: lang() === 'cy' }, t('ui-lang-cy')));
}

/** The protective marking printed on every page. */
export function markingChoice(id) {
  return h('select', { id, 'data-name': 'marking' },
    h('option', { value: 'official' }, t('ui-report-marking-official')),
    h('option', { value: 'official-sensitive' }, t('ui-report-marking-official-sensitive')));
}

/**
 * A form that generates a report: its fields, a button, a progress bar while the core works
 * and the outcome (the file written, with a button that opens it, or what went wrong, tied to
 * its field where it has one). `call(onProgress)` starts the work and resolves to the path.
 */
export function generator(prefix, buttonId, doneId, call, ...fields) {
  const bar = h('progress', { id: `${prefix}-progress`, max: 100, value: 0, 'aria-labelledby': `${prefix}-progress-label` });
  const progressBox = h('div', { class: 'report-progress', hidden: true },
    h('span', { id: `${prefix}-progress-label` }, t('ui-report-progress')), bar);
  const result = h('div', { id: `${prefix}-result`, class: 'form-message' });
  const button = h('button', { type: 'submit', class: 'primary', id: `${prefix}-generate` }, t(buttonId));
  const form = h('form', { id: `${prefix}-form`, novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    replace(result);
    fieldErrors(form, { fields: [] });
    button.disabled = true;
    progressBox.hidden = false;
    bar.value = 0;
    try {
      const written = await call((p) => { bar.value = p; });
      // Cancel in the Save dialog: nothing written, nothing to say.
      if (written == null) return;
      const msg = t(doneId, { path: written });
      const openResult = h('div', { class: 'form-message' });
      const open = h('button', { type: 'button', id: `${prefix}-open`, onclick: async () => {
        replace(openResult);
        try {
          await api.openSaved(written);
        } catch (err) {
          replace(openResult, errorBox(err));
        }
      } }, t('ui-open-file'));
      replace(result, h('p', { class: 'success', role: 'status' }, msg), h('div', { class: 'actions' }, open), openResult);
      announce(msg);
    } catch (err) {
      replace(result, errorBox(err));
      fieldErrors(form, err);
      result.querySelector('[role="alert"]')?.focus();
    } finally {
      button.disabled = false;
      progressBox.hidden = true;
    }
  } }, result, ...fields, progressBox, h('div', { class: 'actions' }, button));
  return form;
}
