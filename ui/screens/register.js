// One screen for every register, driven by its description from the core: a sortable,
// filterable, searchable table with paging, and a dialog with the record's form and history.
import { api } from '../api.js';
import { h, replace, announce, debounce } from '../dom.js';
import { t, lang } from '../i18n.js';
import { setLastQuery } from '../state.js';
import { errorBox, announceError, fieldErrors, widget, recordLabel, ukTime } from '../widgets.js';

const PAGE = 50;

/**
 * A value as people read it in the table. On Welsh screens a field with a Welsh twin that the
 * table does not show itself (e.g. a retention class's description) shows the Welsh text.
 */
function display(field, rec, view) {
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
    default:
      return v === null || v === undefined ? '' : String(v);
  }
}

function hashParams() {
  return new URLSearchParams(location.hash.split('?')[1] || '');
}

function initialFilters() {
  const filters = {};
  for (const [k, v] of hashParams()) if (k !== 'open') filters[k] = v;
  return filters;
}

export async function showRegister(main, view) {
  const query = { search: '', filters: initialFilters(), sort: null, descending: false, offset: 0, limit: PAGE };
  setLastQuery(view.name, query);
  const columns = view.fields.filter((f) => f.in_table);
  document.title = `${view.label} · Cofrestr`;

  const count = h('p', { class: 'count', id: 'record-count', 'aria-live': 'polite' });
  const extra = h('div', { class: 'register-extra' });
  const tableWrap = h('div', { class: 'table-wrap' });
  const pager = h('div', { class: 'pager' });
  const filterBar = h('div', { class: 'filters' });
  const filterSummary = h('summary', {}, t('ui-filters'));
  const filterBox = h('details', { class: 'filter-box', id: 'filter-box', open: Object.keys(query.filters).length > 0 }, filterSummary, filterBar);
  const showActive = () => {
    const n = Object.keys(query.filters).length;
    replace(filterSummary, n ? t('ui-filters-active', { count: n }) : t('ui-filters'));
  };

  const refresh = async () => {
    let page;
    try {
      page = await api.list(view.name, { ...query, search: query.search || null });
    } catch (err) {
      replace(tableWrap, errorBox(err));
      return;
    }
    replace(count, t('ui-records-count', { count: page.total.toLocaleString() }));
    // The heat map depends on the council's risk scale: if that cannot be read, say so where
    // the map would be, and still show the register.
    if (view.heat_map) replace(extra, await heatMap(query, refresh).catch((err) => errorBox(err)));
    if (view.starter) replace(extra, templateButton(view.name, refresh));
    replace(tableWrap, table(page));
    const from = page.total ? page.offset + 1 : 0;
    const to = page.offset + page.rows.length;
    replace(pager,
      h('button', { type: 'button', id: 'page-prev', disabled: page.offset === 0, onclick: () => { query.offset = Math.max(0, query.offset - PAGE); refresh(); } }, t('ui-previous')),
      h('span', { id: 'page-status' }, t('ui-showing', { from, to, total: page.total })),
      h('button', { type: 'button', id: 'page-next', disabled: to >= page.total, onclick: () => { query.offset += PAGE; refresh(); } }, t('ui-next')));
  };

  const sortBy = (name) => {
    if ((query.sort || view.default_sort) === name) query.descending = !query.descending;
    else { query.sort = name; query.descending = false; }
    query.offset = 0;
    refresh().then(() => document.querySelector(`th[data-col="${name}"] button`)?.focus());
  };

  const table = (page) => {
    const sorted = query.sort || view.default_sort;
    const head = h('tr', {}, columns.map((f) => {
      const ariaSort = f.name === sorted ? (query.descending ? 'descending' : 'ascending') : null;
      return h('th', { scope: 'col', 'aria-sort': ariaSort, 'data-col': f.name },
        h('button', { type: 'button', class: 'sort', onclick: () => sortBy(f.name) },
          f.label,
          ariaSort ? h('span', { 'aria-hidden': 'true', class: 'sort-mark' }, query.descending ? ' ↓' : ' ↑') : null,
          ariaSort ? h('span', { class: 'visually-hidden' }, `, ${t(query.descending ? 'ui-sorted-desc' : 'ui-sorted-asc')}`) : null));
    }));
    const body = page.rows.length
      ? page.rows.map((rec) => h('tr', { 'data-id': rec.id }, columns.map((f, i) => {
        const text = display(f, rec, view);
        if (i === 0) {
          return h('th', { scope: 'row' }, h('button', { type: 'button', class: 'open-record', onclick: () => openRecord(rec.id) }, text || '—'));
        }
        return h('td', {}, text);
      })))
      : [h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, t('ui-no-records')))];
    return h('table', { id: 'register-table', class: 'register' },
      h('caption', { class: 'visually-hidden' }, view.label),
      h('thead', {}, head), h('tbody', {}, body));
  };

  const search = h('input', { type: 'search', id: 'register-search', placeholder: t('ui-search-placeholder'), value: query.search,
    oninput: debounce((e) => { query.search = e.target.value; query.offset = 0; refresh(); }, 250) });

  const filters = [];
  for (const f of view.fields.filter((x) => x.filterable)) {
    let options = null;
    if (f.kind === 'choice' || f.kind === 'multi-choice') options = f.choices.map((c) => [c.value, c.label]);
    else if (f.kind === 'yes-no') options = [['yes', t('ui-yes')], ['no', t('ui-no')]];
    else if ((f.kind === 'ref' || f.kind === 'ref-many') && f.of === 'departments') {
      const depts = await api.list('departments', { limit: 200 });
      options = depts.rows.map((r) => [r.id, recordLabel('departments', r)]);
    } else if (f.kind === 'ref' || f.kind === 'ref-many') {
      // Too many records to list: offer "not set", which the dashboard's gap notices use.
      options = [];
    }
    // An optional field can be filtered to the records that leave it empty.
    if (options && !f.required && f.kind !== 'yes-no') options = [...options, ['!none', t('ui-filter-none')]];
    if (!options) continue;
    filters.push(filterSelect(f.name, f.label, options));
  }
  if (view.review_field) {
    filters.push(filterSelect('due', t('ui-filter-due'), [['overdue', t('ui-due-overdue')], ['soon', t('ui-due-soon')]]));
  }
  function filterSelect(name, label, options) {
    const id = `filter-${name}`;
    return h('div', { class: 'filter' },
      h('label', { for: id }, label),
      h('select', { id, 'data-filter': name, onchange: (e) => {
        if (e.target.value) query.filters[name] = e.target.value;
        else delete query.filters[name];
        showActive();
        query.offset = 0;
        refresh();
      } },
      h('option', { value: '' }, t('ui-filter-any')),
      options.map(([value, text]) => h('option', { value, selected: query.filters[name] === value }, text))));
  }
  showActive();
  replace(filterBar, filters,
    filters.length ? h('button', { type: 'button', class: 'link', id: 'clear-filters', onclick: () => {
      query.filters = {};
      for (const s of filterBar.querySelectorAll('select')) s.value = '';
      showActive();
      query.offset = 0;
      refresh();
    } }, t('ui-clear-filters')) : null);

  const openRecord = async (id) => {
    let rec = null;
    try {
      if (id) rec = await api.get(view.name, id);
    } catch (err) {
      announceError(err);
      return;
    }
    recordDialog(view, rec, async (message, savedId) => {
      announce(message);
      await refresh();
      // The table was redrawn: give focus back to the record's row, or to Add.
      const target = (savedId && document.querySelector(`#register-table tr[data-id="${CSS.escape(savedId)}"] .open-record`))
        || document.getElementById('add-record');
      target?.focus();
      document.dispatchEvent(new CustomEvent('cofrestr:saved'));
    });
  };

  replace(main,
    h('div', { class: 'register-head' },
      h('h1', {}, view.label),
      h('a', { href: `#/transfer/${view.name}`, id: 'open-transfer', class: 'button-link' }, t('ui-transfer-link')),
      h('a', { href: `#/print/${view.name}`, id: 'open-print', class: 'button-link' }, t('ui-print-link')),
      h('button', { type: 'button', class: 'primary', id: 'add-record', onclick: () => openRecord(null) }, t('ui-add'))),
    h('div', { class: 'toolbar' },
      h('div', { class: 'search' }, h('label', { for: 'register-search' }, t('ui-search')), search),
      filters.length ? filterBox : null),
    extra, count, tableWrap, pager);
  await refresh();
  main.focus();
  const open = hashParams().get('open');
  if (open) await openRecord(open);
}

/** Adds the starter records the register lacks (retention classes, the site audit checklist). */
function templateButton(register, refresh) {
  const status = h('span', { class: 'help', role: 'status' });
  return h('div', { class: 'template-row' },
    h('button', { type: 'button', id: 'load-template', onclick: async () => {
      try {
        const added = await api.loadStarter(register);
        const message = t(`ui-starter-added-${register}`, { count: added });
        await refresh();
        announce(message);
        document.getElementById('load-template')?.focus();
        replace(document.querySelector('.template-row [role="status"]'), message);
      } catch (err) {
        replace(status, errorBox(err));
      }
    } }, t(`ui-starter-load-${register}`)),
    status);
}

/**
 * The 5×5 heat map of open risks by residual likelihood (rows, 5 at the top) and impact
 * (columns), each cell coloured by the band the core gives it. Each cell is a button that
 * filters the table to its risks.
 */
async function heatMap(query, refresh) {
  const { grid, colours, legend } = await api.heatMap();
  // Colours come from the settings; set through the CSSOM, which the CSP allows.
  for (const [band, colour] of Object.entries(colours)) document.documentElement.style.setProperty(`--band-${band}`, colour);
  const bandLabel = Object.fromEntries(legend.map((e) => [e.band, e.label]));
  const rows = [5, 4, 3, 2, 1].map((l) => h('tr', {},
    h('th', { scope: 'row' }, String(l)),
    [1, 2, 3, 4, 5].map((i) => {
      const { count: n, band } = grid[l - 1][i - 1];
      const active = query.filters.residual_likelihood === String(l) && query.filters.residual_impact === String(i);
      return h('td', { class: `band-${band}`, 'data-band': band },
        h('button', { type: 'button', class: 'heat-cell', 'data-cell': `${l}-${i}`, 'data-band': band, 'aria-pressed': active ? 'true' : 'false',
          'aria-label': t('ui-heat-cell', { l, i, n, band: bandLabel[band] }),
          onclick: () => {
            if (active) { delete query.filters.residual_likelihood; delete query.filters.residual_impact; }
            else { query.filters.residual_likelihood = String(l); query.filters.residual_impact = String(i); }
            query.offset = 0;
            refresh();
          } }, n ? String(n) : ''));
    })));
  // The key names each band and its scores, so the map does not rely on colour alone.
  const key = h('div', { class: 'heat-legend' },
    h('h2', { id: 'heat-legend-title' }, t('ui-heat-legend')),
    h('ul', { 'aria-labelledby': 'heat-legend-title' }, legend.map((e) => h('li', { 'data-band': e.band },
      h('span', { class: `swatch band-${e.band}`, 'aria-hidden': 'true' }),
      t('ui-heat-legend-entry', { label: e.label, from: e.from, to: e.to })))));
  return h('figure', { class: 'heat-map', id: 'heat-map' },
    h('figcaption', {}, t('ui-heat-map')),
    h('div', { class: 'heat-body' },
      h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('ui-heat-likelihood'), ' \\ ', t('ui-heat-impact')),
          [1, 2, 3, 4, 5].map((i) => h('th', { scope: 'col' }, String(i))))),
        h('tbody', {}, rows)),
      key));
}

function recordDialog(view, rec, done) {
  const isNew = !rec;
  const title = isNew ? t('ui-new-record', { register: view.label }) : t('ui-edit-record', { register: view.label });
  const widgets = view.fields.map((f) => ({ f, w: widget(f, rec ? rec.fields[f.name] : null, rec?.labels, isNew) }));
  const messages = h('div', { class: 'form-message' });
  const dialog = h('dialog', { class: 'record', 'aria-labelledby': 'record-title', id: 'record-dialog' });
  const opener = document.activeElement;
  const close = () => { dialog.close(); dialog.remove(); opener?.focus?.(); };
  const form = h('form', { id: 'record-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const fields = {};
    for (const { f, w } of widgets) {
      const v = w.read();
      if (v !== undefined) fields[f.name] = v;
    }
    try {
      const saved = await api.save(view.name, rec?.id ?? null, rec?.revision ?? null, fields);
      close();
      await done(t('ui-saved'), saved.id);
    } catch (err) {
      const labelled = { ...err, fields: (err.fields || []).map((x) => ({ ...x, label: view.fields.find((f) => f.name === x.field)?.label })) };
      replace(messages, errorBox(labelled));
      fieldErrors(form, err);
      messages.querySelector('[role="alert"]')?.focus();
    }
  } },
  messages,
  h('div', { class: 'form-grid' }, widgets.map(({ w }) => w.element)),
  h('div', { class: 'actions sticky' },
    h('button', { type: 'submit', class: 'primary', id: 'record-save' }, t('ui-save')),
    h('button', { type: 'button', id: 'record-cancel', onclick: close }, t('ui-cancel')),
    isNew || !view.raises_actions || rec?.fields.action_id ? null
      : h('button', { type: 'button', id: 'record-raise', onclick: async () => {
        try {
          const action = await api.raiseAction(view.name, rec.id);
          close();
          await done(t('ui-action-raised', { reference: action.fields.reference }), rec.id);
        } catch (err) {
          replace(messages, errorBox(err));
          messages.querySelector('[role="alert"]')?.focus();
        }
      } }, t('ui-raise-action')),
    isNew || !view.deletable ? null : h('button', { type: 'button', class: 'danger', id: 'record-delete', onclick: () => confirmDelete() }, t('ui-delete'))));

  const confirmBox = h('div', { class: 'confirm', hidden: true, role: 'alertdialog', 'aria-labelledby': 'confirm-text' },
    h('p', { id: 'confirm-text' }, t('ui-confirm-delete')),
    h('button', { type: 'button', class: 'danger', id: 'confirm-delete', onclick: async () => {
      try {
        await api.remove(view.name, rec.id, rec.revision);
        close();
        await done(t('ui-deleted'), null);
      } catch (err) {
        confirmBox.hidden = true;
        replace(messages, errorBox(err));
        messages.querySelector('[role="alert"]')?.focus();
      }
    } }, t('ui-delete')),
    h('button', { type: 'button', id: 'confirm-cancel', onclick: () => { confirmBox.hidden = true; dialog.querySelector('#record-delete')?.focus(); } }, t('ui-cancel')));
  const confirmDelete = () => {
    confirmBox.hidden = false;
    confirmBox.querySelector('#confirm-cancel').focus();
  };

  const linksBox = h('div', { id: 'links-body' });
  const links = isNew ? null : h('section', { class: 'links', 'aria-labelledby': 'links-title' },
    h('h3', { id: 'links-title' }, t('ui-linked-records')), linksBox);
  if (!isNew) {
    api.links(view.name, rec.id).then((items) => {
      // What this record refers to, then what refers to it.
      const list = (xs) => h('ul', {}, xs.map((l) => h('li', {},
        h('a', { href: `#/register/${l.register}?open=${encodeURIComponent(l.id)}`, 'data-link': l.register }, l.label || l.id),
        ` (${l.register_label}: ${l.field_label})`)));
      const out = items.filter((l) => l.outgoing);
      const into = items.filter((l) => !l.outgoing);
      replace(linksBox, items.length
        ? [out.length ? [h('h4', {}, t('ui-links-refers-to')), list(out)] : null,
          into.length ? [h('h4', {}, t('ui-links-referred-by')), list(into)] : null]
        : h('p', {}, t('ui-no-linked-records')));
    }).catch((err) => replace(linksBox, errorBox(err)));
  }
  const historyBox = h('div', { id: 'history-body' });
  const history = isNew ? null : h('details', { class: 'history', id: 'history', ontoggle: async (e) => {
    if (!e.target.open || historyBox.childElementCount) return;
    try {
      const entries = await api.history(view.name, rec.id);
      replace(historyBox, entries.length ? entries.slice().reverse().map((entry) => h('section', { class: entry.brought_by ? 'history-entry brought' : 'history-entry' },
        h('h3', {}, t('ui-history-by', { action: entry.action_label, actor: entry.actor, at: entry.at })),
        entry.brought_by ? h('p', { class: 'history-note' }, t('ui-history-brought', { seq: entry.brought_by })) : null,
        entry.changes.length ? h('table', {},
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('ui-history-field')), h('th', { scope: 'col' }, t('ui-history-before')), h('th', { scope: 'col' }, t('ui-history-after')))),
          h('tbody', {}, entry.changes.map((c) => h('tr', {}, h('th', { scope: 'row' }, c.label), h('td', {}, c.from), h('td', {}, c.to))))) : null))
        : h('p', {}, t('ui-history-empty')));
    } catch (err) {
      replace(historyBox, errorBox(err));
    }
  } }, h('summary', {}, t('ui-history')), historyBox);

  replace(dialog,
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'record-title' }, title),
      h('button', { type: 'button', class: 'icon', 'aria-label': t('ui-close'), onclick: close }, '×')),
    rec ? h('p', { class: 'record-title' }, recordLabel(view.name, rec)) : null,
    form, confirmBox, links, history);
  dialog.addEventListener('close', () => { dialog.remove(); if (document.contains(opener)) opener.focus(); });
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('input:not([type=search]), select, textarea')?.focus();
}
