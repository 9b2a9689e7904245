// One screen for every register, driven by its description from the core: a sortable,
// filterable, searchable table with paging, each row's labels at a glance, and links to each
// record's page (screens/record.js).
import { api } from '../api.js';
import { h, replace, announce, debounce } from '../dom.js';
import { t } from '../i18n.js';
import { setLastQuery, lastQuery, lastOpened, cameFrom } from '../state.js';
import { errorBox, recordLabel, display, glanceTag } from '../widgets.js';
import { heatMapFigure } from '../charts.js';

const PAGE = 50;

function hashParams() {
  return new URLSearchParams(location.hash.split('?')[1] || '');
}

function initialFilters() {
  const filters = {};
  for (const [k, v] of hashParams()) if (k !== 'open') filters[k] = v;
  // An older link's "due" is now a view.
  if (filters.due) { filters.view = filters.due; delete filters.due; }
  return filters;
}


/** The query's sort for a view: a view of what needs doing is soonest due first. */
function viewSort(view, name) {
  return name !== 'all' && view.due_column ? 'due' : null;
}

export async function showRegister(main, view) {
  // Back from one of its records: the list as it was left (search, filters, sort and page).
  const back = cameFrom()?.startsWith(`#/record/${view.name}/`) && !location.hash.includes('?') ? lastQuery(view.name) : null;
  const query = back
    ? { ...back, filters: { ...back.filters } }
    : { search: '', filters: initialFilters(), sort: null, descending: false, offset: 0, limit: PAGE };
  if (!back && Object.keys(query.filters).length === 0 && view.views.length > 1) {
    // A plain link (the navigation): the view last chosen here, or the register's own (open
    // cases). A link that carries filters (a dashboard notice, a record's "Open the list")
    // shows just what it names.
    const name = view.opens_on; // the one last chosen, kept in the preferences
    if (name !== 'all') query.filters.view = name;
    query.sort = viewSort(view, name);
  } else if (!back && query.filters.view) {
    query.sort = viewSort(view, query.filters.view);
  }
  if (query.filters.view === 'all') delete query.filters.view;
  setLastQuery(view.name, query);
  const columns = view.fields.filter((f) => f.in_table);
  document.title = `${view.label} · Cofrestr`;

  const count = h('p', { class: 'count', id: 'record-count', 'aria-live': 'polite' });
  const extra = h('div', { class: 'register-extra' });
  const tableWrap = h('div', { class: 'table-wrap' });
  const pager = h('div', { class: 'pager' });
  const filterBar = h('div', { class: 'filters' });
  const filterSummary = h('summary', {}, t('ui-filters'));
  const filterBox = h('details', { class: 'filter-box', id: 'filter-box', open: Object.keys(query.filters).some((k) => k !== 'view') }, filterSummary, filterBar);
  const showActive = () => {
    const n = Object.keys(query.filters).filter((k) => k !== 'view').length;
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
    const sorted = query.sort === 'due' ? view.due_column : query.sort || view.default_sort;
    if (sorted === name) query.descending = !query.descending;
    else { query.sort = name; query.descending = false; }
    showSortNote();
    query.offset = 0;
    refresh().then(() => document.querySelector(`th[data-col="${name}"] button`)?.focus());
  };

  const table = (page) => {
    const sorted = query.sort === 'due' ? view.due_column : query.sort || view.default_sort;
    const head = h('tr', {}, columns.map((f) => {
      const ariaSort = f.name === sorted ? (query.descending ? 'descending' : 'ascending') : null;
      return h('th', { scope: 'col', 'aria-sort': ariaSort, 'data-col': f.name },
        h('button', { type: 'button', class: 'sort', onclick: () => sortBy(f.name) },
          f.label,
          ariaSort ? h('span', { 'aria-hidden': 'true', class: 'sort-mark' }, query.descending ? ' ↓' : ' ↑') : null,
          ariaSort ? h('span', { class: 'visually-hidden' }, `, ${t(query.descending ? 'ui-sorted-desc' : 'ui-sorted-asc')}`) : null));
    }), view.clock ? h('th', { scope: 'col' }, t('ui-glance')) : null);
    const body = page.rows.length
      ? page.rows.map((rec) => h('tr', { 'data-id': rec.id }, columns.map((f, i) => {
        const text = display(f, rec, view);
        if (i === 0) {
          return h('th', { scope: 'row' }, h('a', { href: `#/record/${view.name}/${encodeURIComponent(rec.id)}`, class: 'open-record' }, text || '—'));
        }
        // A status, RAG or band is shown as its label: the words, coloured by how urgent.
        const tag = (rec.glance || []).find((l) => l.kind === f.name);
        return h('td', { class: `kind-${f.kind}` }, tag ? glanceTag({ ...tag, text }) : text);
      }), view.clock ? h('td', { class: 'glance-cell' }, (rec.glance || []).filter((l) => l.kind === 'clock' || l.kind === 'outcome').map(glanceTag)) : null))
      : [h('tr', {}, h('td', { colspan: columns.length + (view.clock ? 1 : 0), class: 'empty' }, t('ui-no-records')))];
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
      const depts = await api.list('departments', { limit: 200, plain: true });
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
      query.filters = query.filters.view ? { view: query.filters.view } : {};
      for (const s of filterBar.querySelectorAll('select')) s.value = '';
      showActive();
      query.offset = 0;
      refresh();
    } }, t('ui-clear-filters')) : null);

  // The saved views: toggle buttons, one pressed; the choice is kept for next time.
  const current = () => query.filters.view || 'all';
  const sortNote = h('p', { class: 'help', id: 'view-sort-note' });
  function showSortNote() { replace(sortNote, query.sort === 'due' ? t('ui-view-sorted-due') : ''); }
  const viewBar = view.views.length > 1
    ? h('div', { class: 'views', id: 'views', role: 'group', 'aria-label': t('ui-views') },
      view.views.map((name) => h('button', { type: 'button', class: 'view', 'data-view': name,
        'aria-pressed': String(current() === name),
        onclick: async (e) => {
          if (name === 'all') delete query.filters.view;
          else query.filters.view = name;
          view.opens_on = name;
          api.rememberView(view.name, name).catch(() => {}); // kept for next time if it can be
          query.sort = viewSort(view, name);
          query.descending = false;
          query.offset = 0;
          for (const b of viewBar.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === e.currentTarget));
          showSortNote();
          await refresh();
          announce(t('ui-view-shown', { view: t(`ui-view-${name === 'open' ? view.open_word : name}`) }) + '. ' + count.textContent);
        } }, t(`ui-view-${name === 'open' ? view.open_word : name}`))))
    : null;
  showSortNote();

  replace(main,
    h('div', { class: 'register-head' },
      h('h1', {}, view.label),
      h('a', { href: `#/transfer/${view.name}`, id: 'open-transfer', class: 'button-link' }, t('ui-transfer-link')),
      h('a', { href: `#/print/${view.name}`, id: 'open-print', class: 'button-link' }, t('ui-print-link')),
      h('a', { href: `#/record/${view.name}/new`, class: 'button-link primary', id: 'add-record' }, t('ui-add'))),
    h('div', { class: 'toolbar' },
      h('div', { class: 'search' }, h('label', { for: 'register-search' }, t('ui-search')), search),
      filters.length ? filterBox : null),
    viewBar, sortNote, extra, count, tableWrap, pager);
  await refresh();
  // Back from a record's page: focus on its row, so a keyboard user carries on from there.
  const opened = lastOpened(view.name);
  const row = opened && document.querySelector(`#register-table tr[data-id="${CSS.escape(opened)}"] .open-record`);
  (row || main).focus();
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
 * The 5×5 heat map of open risks, each cell a button that filters the table to its risks
 * (pressed while it does).
 */
async function heatMap(query, refresh) {
  const map = await api.heatMap();
  return heatMapFigure(map, (l, i, n, label) => {
    const active = query.filters.residual_likelihood === String(l) && query.filters.residual_impact === String(i);
    return h('button', { type: 'button', class: 'heat-cell', 'data-cell': `${l}-${i}`, 'aria-pressed': active ? 'true' : 'false',
      'aria-label': label,
      onclick: () => {
        if (active) { delete query.filters.residual_likelihood; delete query.filters.residual_impact; }
        else { query.filters.residual_likelihood = String(l); query.filters.residual_impact = String(i); }
        query.offset = 0;
        refresh();
      } }, n ? String(n) : '');
  });
}
