// A record as a page (#/record/<register>/<id>, or .../new): where it sits (the register, and
// the parent record for a child register), its title and labels at a glance, a contents list
// of its sections, the form by section (a case's current stage first), and below it tabs for
// its child records, its links and its history. Saving stays on the record, now saved.
import { api } from '../api.js';
import { h, replace, announce } from '../dom.js';
import { t } from '../i18n.js';
import { registerView, cameFrom, setLastOpened, setLeaveGuard } from '../state.js';
import { errorBox, fieldErrors, widget, recordLabel, glanceList, display, ukText } from '../widgets.js';

// A message to show once on the page the window goes to next (after saving a new record).
let flash = null;

/** The page of `id` in register `view` ('new' for a new record; `params` prefill it). */
export async function showRecord(main, view, id, params) {
  const isNew = id === 'new';
  const rec = isNew ? null : await api.get(view.name, id);
  const preset = {};
  const presetLabels = {};
  if (isNew) {
    for (const [k, v] of params) {
      if (view.fields.some((f) => f.name === k && !f.computed)) preset[k] = v;
    }
  }
  // The parent, for a child register: its page is where this record is reached from.
  const parent = await parentOf(view, rec, preset);
  if (parent && isNew) presetLabels[parent.field] = parent.label;
  // Back to where the record was opened from: its register's list as it was (search and
  // filters kept), or else its parent's page, or else the whole list.
  const came = cameFrom();
  const fromList = came && came.split('?')[0] === `#/register/${view.name}` ? came : null;
  const listHref = fromList || (parent ? parent.href : `#/register/${view.name}`);
  const backLabel = !fromList && parent ? t('ui-back-to-record', { place: parent.label }) : t('ui-back-to-list', { place: view.label });
  if (rec) setLastOpened(view.name, rec.id);
  const title = rec ? recordLabel(view.name, rec) : t('ui-new-record', { register: view.label });
  document.title = `${title} · ${view.label} · Cofrestr`;

  const widgets = view.fields.map((f) => {
    const value = rec ? rec.fields[f.name] : (preset[f.name] ?? null);
    return { f, w: widget(f, value, rec ? rec.labels : presetLabels, isNew && preset[f.name] === undefined) };
  });
  const byName = new Map(widgets.map((x) => [x.f.name, x.w]));
  const messages = h('div', { class: 'form-message', id: 'record-messages' });

  // Sections, the case's current stage first.
  let sections = view.sections.slice();
  const stage = rec?.stage;
  if (stage) sections = [...sections.filter((s) => s.id === stage), ...sections.filter((s) => s.id !== stage)];
  const sectionEls = sections.map((s) => h('section', { class: 'form-section', id: `sec-${s.id}`, 'aria-labelledby': `sec-${s.id}-title` },
    h('h2', { id: `sec-${s.id}-title`, tabindex: '-1' }, s.label,
      s.id === stage ? h('span', { class: 'tag tone-warning stage-tag' }, h('span', { class: 'visually-hidden' }, ' ('), t('ui-current-stage'), h('span', { class: 'visually-hidden' }, ')')) : null),
    h('div', { class: 'form-grid' }, s.fields.map((name) => byName.get(name)?.element))));

  const form = h('form', { id: 'record-form', novalidate: true, 'aria-labelledby': 'record-title', onsubmit: async (e) => {
    e.preventDefault();
    const fields = {};
    for (const { f, w } of widgets) {
      const v = w.read();
      if (v !== undefined) fields[f.name] = v;
    }
    try {
      const saved = await api.save(view.name, rec?.id ?? null, rec?.revision ?? null, fields);
      setLeaveGuard(null);
      document.dispatchEvent(new CustomEvent('cofrestr:saved'));
      flash = t('ui-saved');
      const target = `#/record/${view.name}/${encodeURIComponent(saved.id)}`;
      if (location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
      else location.replace(target);
    } catch (err) {
      const labelled = { ...err, fields: (err.fields || []).map((x) => ({ ...x, label: view.fields.find((f) => f.name === x.field)?.label })) };
      replace(messages, errorBox(labelled));
      fieldErrors(form, err);
      messages.querySelector('[role="alert"]')?.focus();
    }
  } },
  messages,
  sectionEls,
  h('div', { class: 'actions record-actions' },
    h('button', { type: 'submit', class: 'primary', id: 'record-save' }, t('ui-save')),
    // Cancel on a new record means "discard it"; Back from a changed record asks first (app.js).
    h('a', { href: listHref, id: 'record-cancel', class: 'button-link', onclick: () => { if (isNew) setLeaveGuard(null); } },
      isNew ? t('ui-cancel') : backLabel),
    isNew || !view.raises_actions || rec?.fields.action_id ? null
      : h('button', { type: 'button', id: 'record-raise', onclick: async () => {
        // Raising reads the record as saved: changes typed since would be lost from sight.
        if (changed()) {
          replace(messages, errorBox({ code: 'unsaved', message: t('ui-save-first'), fields: [] }));
          messages.querySelector('[role="alert"]')?.focus();
          return;
        }
        try {
          const action = await api.raiseAction(view.name, rec.id);
          flash = t('ui-action-raised', { reference: action.fields.reference });
          document.dispatchEvent(new CustomEvent('cofrestr:saved'));
          window.dispatchEvent(new HashChangeEvent('hashchange'));
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
        setLeaveGuard(null);
        document.dispatchEvent(new CustomEvent('cofrestr:saved'));
        location.replace(listHref);
        announce(t('ui-deleted'));
      } catch (err) {
        confirmBox.hidden = true;
        replace(messages, errorBox(err));
        messages.querySelector('[role="alert"]')?.focus();
      }
    } }, t('ui-delete')),
    h('button', { type: 'button', id: 'confirm-cancel', onclick: () => { confirmBox.hidden = true; document.getElementById('record-delete')?.focus(); } }, t('ui-cancel')));
  const confirmDelete = () => {
    confirmBox.hidden = false;
    confirmBox.querySelector('#confirm-cancel').focus();
  };

  const tabs = isNew ? null : recordTabs(view, rec);
  const contents = sections.length > 1 || tabs
    ? h('nav', { class: 'contents', 'aria-labelledby': 'contents-title' },
      h('h2', { id: 'contents-title' }, t('ui-contents')),
      h('ol', {},
        sections.map((s) => h('li', {}, jump(`sec-${s.id}-title`, s.label, s.id === stage ? t('ui-current-stage') : null))),
        tabs ? tabs.names.map(([tabId, label]) => h('li', {}, jump(tabId, label, null, () => tabs.select(tabId)))) : null))
    : null;

  const said = flash;
  flash = null;
  replace(main,
    h('div', { id: 'record-page', class: 'record-page' },
      breadcrumb(view, parent, title),
      h('div', { class: 'record-head' },
        h('p', { class: 'record-kind' }, view.label),
        h('h1', { id: 'record-title', tabindex: '-1' }, title),
        rec?.glance?.length ? glanceList(rec.glance, 'record-glance') : null),
      said ? h('p', { class: 'success', role: 'status', id: 'record-saved' }, said) : null,
      h('div', { class: contents ? 'record-layout' : 'record-layout single' },
        contents,
        h('div', { class: 'record-body' }, form, confirmBox, tabs?.element))));
  if (said) announce(said);
  // What the form holds as drawn: leaving with anything else asks first (app.js).
  const snapshot = () => JSON.stringify(widgets.map(({ w }) => w.read()));
  const drawn = snapshot();
  const changed = () => document.contains(form) && snapshot() !== drawn;
  setLeaveGuard(changed);
  if (isNew) {
    const first = main.querySelector('.form-section :is(input:not([type=search]), select, textarea):not([readonly])');
    (first || document.getElementById('record-title')).focus();
  } else {
    document.getElementById('record-title').focus();
  }
}

/** A link in the contents list that moves focus to a heading (the window's hash is its route). */
function jump(targetId, label, note, before) {
  return h('a', { href: location.hash, 'data-jump': targetId, onclick: (e) => {
    e.preventDefault();
    before?.();
    const target = document.getElementById(targetId);
    target?.scrollIntoView({ block: 'start' });
    target?.focus();
  } }, label, note ? h('span', { class: 'contents-note' }, ` (${note})`) : null);
}

/** Where the page sits: the register (and the parent record), then this record. */
function breadcrumb(view, parent, title) {
  const items = parent
    ? [h('li', {}, h('a', { href: `#/register/${parent.register}` }, registerView(parent.register)?.label || parent.register)),
      h('li', {}, h('a', { href: parent.href, id: 'record-parent' }, parent.label))]
    : [h('li', {}, h('a', { href: `#/register/${view.name}`, id: 'record-list' }, view.label))];
  return h('nav', { class: 'breadcrumb', 'aria-label': t('ui-breadcrumb') },
    h('ol', {}, items, h('li', { 'aria-current': 'page' }, title)));
}

/**
 * The parent record of a child register's record: { register, field, id, label, href }, or
 * null. A completion has two (its person and its course): the one whose page it was opened
 * from comes first.
 */
async function parentOf(view, rec, preset) {
  if (!view.child) return null;
  const came = cameFrom()?.match(/^#\/record\/([a-z_]+)\//)?.[1];
  const fields = [...view.fields].sort((a, b) => (b.of === came) - (a.of === came));
  for (const f of fields) {
    if (f.kind !== 'ref') continue;
    const owner = registerView(f.of);
    if (!owner?.children.some((c) => c.register === view.name && c.field === f.name)) continue;
    const id = rec ? rec.fields[f.name] : preset[f.name];
    if (!id) continue;
    let label = rec?.labels?.[f.name];
    if (!label) {
      try {
        label = recordLabel(f.of, await api.get(f.of, id));
      } catch {
        continue;
      }
    }
    return { register: f.of, field: f.name, id, label, href: `#/record/${f.of}/${encodeURIComponent(id)}` };
  }
  return null;
}

/**
 * The tabs below a saved record (the APG tabs pattern, arrow keys between them): each child
 * register, its linked records and its history. Returns { element, names, select }.
 */
function recordTabs(view, rec) {
  const defs = [
    ...view.children.map((c) => ({ id: `tab-${c.register}`, label: c.label, fill: (panel) => childPanel(c, rec, panel) })),
    { id: 'tab-links', label: t('ui-linked-records'), fill: (panel) => linksPanel(view, rec, panel) },
    { id: 'tab-history', label: t('ui-history'), fill: (panel) => historyPanel(view, rec, panel) },
  ];
  const tablist = h('div', { role: 'tablist', 'aria-label': t('ui-record-tabs'), class: 'tablist' });
  const panels = [];
  const buttons = defs.map((d, i) => {
    const panel = h('div', { role: 'tabpanel', id: `${d.id}-panel`, 'aria-labelledby': d.id, tabindex: '0', hidden: i !== 0, class: 'tabpanel' });
    panels.push(panel);
    return h('button', { type: 'button', role: 'tab', id: d.id, 'aria-controls': `${d.id}-panel`, 'aria-selected': i === 0 ? 'true' : 'false', tabindex: i === 0 ? '0' : '-1',
      onclick: () => select(d.id),
      onkeydown: (e) => {
        const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -i, End: defs.length - 1 - i };
        if (!(e.key in moves)) return;
        e.preventDefault();
        const next = defs[(i + moves[e.key] + defs.length) % defs.length];
        select(next.id);
        document.getElementById(next.id).focus();
      } }, d.label);
  });
  const filled = new Set();
  const select = (tabId) => {
    defs.forEach((d, i) => {
      const on = d.id === tabId;
      buttons[i].setAttribute('aria-selected', on ? 'true' : 'false');
      buttons[i].tabIndex = on ? 0 : -1;
      panels[i].hidden = !on;
      if (on && !filled.has(d.id)) {
        filled.add(d.id);
        d.fill(panels[i]);
      }
    });
  };
  replace(tablist, buttons);
  select(defs[0].id);
  return {
    element: h('section', { class: 'record-tabs', 'aria-label': t('ui-record-tabs') }, tablist, panels),
    names: defs.map((d) => [d.id, d.label]),
    select,
  };
}

/** A child register's records of this parent, each opening its page, and a way to add one. */
async function childPanel(child, rec, panel) {
  const view = registerView(child.register);
  const columns = view.fields.filter((f) => f.in_table && f.name !== child.field);
  const add = h('a', { href: `#/record/${child.register}/new?${encodeURIComponent(child.field)}=${encodeURIComponent(rec.id)}`, class: 'button-link', id: `add-${child.register}` },
    t('ui-new-record', { register: view.label }));
  try {
    // The newest first, so one just added is always in sight; the whole list is a link away.
    const page = await api.list(child.register, { filters: { [child.field]: rec.id }, descending: true, limit: 100 });
    const table = page.rows.length
      ? h('table', { class: 'register', id: `child-${child.register}` },
        h('caption', { class: 'visually-hidden' }, view.label),
        h('thead', {}, h('tr', {}, columns.map((f) => h('th', { scope: 'col' }, f.label)))),
        h('tbody', {}, page.rows.map((r) => h('tr', { 'data-id': r.id }, columns.map((f, i) => {
          const text = display(f, r, view);
          return i === 0
            ? h('th', { scope: 'row' }, h('a', { href: `#/record/${child.register}/${encodeURIComponent(r.id)}`, class: 'open-record' }, text || '—'))
            : h('td', { class: `kind-${f.kind}` }, text);
        })))))
      : h('p', {}, t('ui-child-none'));
    const all = h('a', { href: `#/register/${child.register}?${encodeURIComponent(child.field)}=${encodeURIComponent(rec.id)}`, id: `all-${child.register}` },
      t('ui-child-all', { register: view.label }));
    replace(panel, h('h2', { class: 'visually-hidden' }, view.label),
      h('p', { class: 'count' }, t(page.total > page.rows.length ? 'ui-child-newest' : 'ui-records-count', { count: page.total.toLocaleString(), shown: page.rows.length })),
      table, h('div', { class: 'actions' }, add, all));
  } catch (err) {
    replace(panel, errorBox(err));
  }
}

/** What this record refers to, then what refers to it, each opening its page. */
async function linksPanel(view, rec, panel) {
  const box = h('div', { id: 'links-body' });
  replace(panel, h('h2', { class: 'visually-hidden' }, t('ui-linked-records')), box);
  try {
    const items = await api.links(view.name, rec.id);
    const list = (xs) => h('ul', {}, xs.map((l) => h('li', {},
      h('a', { href: `#/record/${l.register}/${encodeURIComponent(l.id)}`, 'data-link': l.register }, l.label || l.id),
      ` (${l.register_label}: ${l.field_label})`)));
    const out = items.filter((l) => l.outgoing);
    const into = items.filter((l) => !l.outgoing);
    replace(box, items.length
      ? [out.length ? [h('h3', {}, t('ui-links-refers-to')), list(out)] : null,
        into.length ? [h('h3', {}, t('ui-links-referred-by')), list(into)] : null]
      : h('p', {}, t('ui-no-linked-records')));
  } catch (err) {
    replace(box, errorBox(err));
  }
}

/** Every change to the record, newest first, field by field. */
async function historyPanel(view, rec, panel) {
  const box = h('div', { id: 'history-body' });
  replace(panel, h('h2', { class: 'visually-hidden' }, t('ui-history')), box);
  try {
    const entries = await api.history(view.name, rec.id);
    replace(box, entries.length ? entries.slice().reverse().map((entry) => h('section', { class: entry.brought_by ? 'history-entry brought' : 'history-entry' },
      h('h3', {}, t('ui-history-by', { action: entry.action_label, actor: entry.actor, at: ukText(entry.at) })),
      entry.brought_by ? h('p', { class: 'history-note' }, t('ui-history-brought', { seq: entry.brought_by })) : null,
      entry.changes.length ? h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('ui-history-field')), h('th', { scope: 'col' }, t('ui-history-before')), h('th', { scope: 'col' }, t('ui-history-after')))),
        h('tbody', {}, entry.changes.map((c) => h('tr', {}, h('th', { scope: 'row' }, c.label), h('td', {}, ukText(c.from)), h('td', {}, ukText(c.to)))))) : null))
      : h('p', {}, t('ui-history-empty')));
  } catch (err) {
    replace(box, errorBox(err));
  }
}
