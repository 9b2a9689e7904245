// Departmental returns. On a department laptop: join the council's hub, take its reference
// pack, write a return. On the hub (the IMG secretary's copy): read a return (check, then
// apply), write the reference pack, and decide conflicts side by side, field by field.
import { api } from '../api.js';
import { h, replace, announce } from '../dom.js';
import { t } from '../i18n.js';
import { registerView } from '../state.js';
import { errorBox, fieldErrors, field, fileChoice, londonToday, progressRow } from '../widgets.js';

// Today in the UK by the core's clock, for the names the save dialogs suggest; read as the
// screen is drawn.
let day = '';
const today = () => day;


/**
 * A form with one file (or folder), picked in the computer's own dialog for `choice.purpose`
 * (a save dialog suggesting `choice.name()`), and a button that asks for it first if none is
 * chosen: `call(path, onProgress)` does the work; `done(result)` gives what to show after it. Errors show in the form, tied to the path where they belong.
 * With `bar`, the form has a progress bar (`form.progress`) that shows while the work runs;
 * buttons that go on to apply what was checked use it too.
 */
function fileForm(prefix, labelId, helpId, buttonId, choice, call, done, bar = false) {
  const file = fileChoice(`${prefix}-path`, choice.purpose, choice.name);
  const result = h('div', { id: `${prefix}-result`, class: 'form-message' });
  const button = h('button', { type: 'submit', class: 'primary', id: `${prefix}-run` }, t(buttonId));
  const progress = bar ? progressRow(prefix, 'ui-returns-progress') : { start() {}, stop() {}, bar: {} };
  const form = h('form', { id: `${prefix}-form`, novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    replace(result);
    fieldErrors(form, { fields: [] });
    const path = await file.next().catch((err) => { replace(result, errorBox(err)); return null; });
    if (!path) return;
    button.disabled = true;
    progress.start();
    try {
      const out = await call(path, (p) => { progress.bar.value = p; });
      replace(result, ...[].concat(done(out, path, result)));
      const status = result.querySelector('[role="status"]');
      if (status) announce(status.textContent);
      result.querySelector('h3, [tabindex="-1"]')?.focus();
    } catch (err) {
      replace(result, errorBox(err));
      fieldErrors(form, err);
      result.querySelector('[role="alert"]')?.focus();
    } finally {
      button.disabled = false;
      progress.stop();
    }
  } }, field(`${prefix}-path`, labelId, file.element, helpId), h('div', { class: 'actions' }, button), progress.box || null, result);
  form.progress = progress;
  form.file = file;
  return form;
}

/** Runs `call(onProgress)` with the progress bar of the form `#<prefix>-form` showing. */
async function withProgress(main, prefix, call) {
  const progress = main.querySelector(`#${prefix}-form`)?.progress;
  progress?.start();
  try {
    return await call((p) => { if (progress) progress.bar.value = p; });
  } finally {
    progress?.stop();
  }
}

function success(text) {
  return h('p', { class: 'success', role: 'status' }, text);
}

/**
 * The button that applies a file already checked (`#<kind>-apply`): `call()` applies it, the
 * screen is drawn again with the new standing, and `said(result)` shows in `#<kind>-in-result`.
 */
function applyButton(main, kind, labelId, call, said) {
  const button = h('button', { type: 'button', class: 'primary', id: `${kind}-apply`, onclick: async () => {
    button.disabled = true;
    try {
      const done = await call();
      await showReturns(main);
      const box = main.querySelector(`#${kind}-in-result`);
      replace(box, success(said(done)));
      announce(box.textContent);
    } catch (err) {
      button.disabled = false;
      main.querySelector(`#${kind}-in-result`).append(errorBox(err));
    }
  } }, t(labelId));
  return button;
}

function counts(id, caption, rows) {
  return h('table', { id, class: 'register counts' },
    h('caption', {}, caption),
    h('tbody', {}, rows.map(([label, n]) => h('tr', {}, h('th', { scope: 'row' }, t(label)), h('td', { class: 'num' }, String(n))))));
}

// Panels holding a table take the width the window has; forms keep a comfortable line length.
const TABLES = new Set(['conflicts', 'laptops', 'enrolled', 'received', 'returns-folder']);

function section(id, titleId, ...body) {
  return h('section', { class: TABLES.has(id) ? 'panel wide' : 'panel', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, t(titleId)), ...body);
}

export async function showReturns(main) {
  document.title = `${t('ui-returns-title')} · Cofrestr`;
  day = await londonToday();
  const status = await api.returnsStatus();
  const body = status.role === 'hub' ? await hubScreen(main, status)
    : status.role === 'department' ? departmentScreen(main, status)
      : aloneScreen(main);
  replace(main, h('h1', { tabindex: '-1' }, t('ui-returns-title')), ...body);
  main.querySelector('h1').focus();
}

function aloneScreen(main) {
  return [
    h('p', { class: 'intro' }, t('ui-returns-intro-alone')),
    section('join', 'ui-returns-join',
      h('p', {}, t('ui-returns-join-intro')),
      fileForm('join', 'ui-returns-join-path', 'ui-returns-join-path-help', 'ui-returns-join-run', { purpose: 'join-open' },
        (path) => api.joinHub(path),
        () => { setTimeout(() => showReturns(main), 0); return []; })),
    section('hub', 'ui-returns-make-hub',
      h('p', {}, t('ui-returns-make-hub-intro')),
      makeHubForm(main)),
  ];
}

/** Makes this copy the hub: a button, and the error in place if it is refused. */
function makeHubForm(main) {
  const result = h('div', { id: 'hub-result', class: 'form-message' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'hub-run' }, t('ui-returns-make-hub-run'));
  return h('form', { id: 'hub-form', onsubmit: async (e) => {
    e.preventDefault();
    button.disabled = true;
    replace(result);
    try {
      await api.hubInit();
      await showReturns(main);
    } catch (err) {
      button.disabled = false;
      replace(result, errorBox(err));
      result.querySelector('[role="alert"]')?.focus();
    }
  } }, h('div', { class: 'actions' }, button), result);
}

/**
 * Adds a department laptop: what the hub calls it, the installation it replaces if it is one
 * joining again, and where its own join file goes.
 */
function addLaptopForm(main, replaceable) {
  const name = h('input', { id: 'laptop-name', 'data-name': 'name', autocomplete: 'off', 'aria-describedby': 'laptop-name-help', required: true });
  const replaces = h('select', { id: 'laptop-replaces', 'data-name': 'replaces', 'aria-describedby': 'laptop-replaces-help' },
    h('option', { value: '' }, t('ui-returns-laptop-new')),
    replaceable.map((r) => h('option', { value: r.source }, t('ui-returns-laptop-replaces-option', { name: r.name, id: r.source.slice(0, 8) }))));
  const file = fileChoice('laptop-path', 'join-save', () => `cofrestr-join-${name.value.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'laptop'}.json`);
  const result = h('div', { id: 'laptop-result', class: 'form-message' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'laptop-run' }, t('ui-returns-laptop-add'));
  const form = h('form', { id: 'laptop-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    replace(result);
    fieldErrors(form, { fields: [] });
    const path = await file.next().catch((err) => { replace(result, errorBox(err)); return null; });
    if (!path) return;
    button.disabled = true;
    try {
      const saved = await api.addLaptop(name.value, replaces.value, path);
      const laptop = name.value.trim();
      await showReturns(main);
      const box = main.querySelector('#laptop-result');
      replace(box, success(t('ui-returns-laptop-added', { name: laptop, path: saved })));
      announce(box.textContent);
    } catch (err) {
      button.disabled = false;
      replace(result, errorBox(err));
      fieldErrors(form, err);
      result.querySelector('[role="alert"]')?.focus();
    }
  } },
  field('laptop-name', 'ui-returns-laptop-name', name, 'ui-returns-laptop-name-help'),
  replaceable.length ? field('laptop-replaces', 'ui-returns-laptop-replaces', replaces, 'ui-returns-laptop-replaces-help') : null,
  field('laptop-path', 'ui-returns-join-out', file.element, 'ui-returns-join-out-help'),
  h('div', { class: 'actions' }, button), result);
  return form;
}

/**
 * The laptops' recovery keys the hub holds sealed: each shown only when a person asks and
 * confirms, which the hub records in its audit trail.
 */
function escrowTable(main, escrowed) {
  if (!escrowed.length) return h('p', { id: 'escrow-none' }, t('ui-escrow-none'));
  const row = (e, i) => {
    const shown = h('div', { class: 'form-message', id: `escrow-${i}-result` });
    const confirm = h('span', { class: 'confirm', hidden: true, role: 'alertdialog', 'aria-labelledby': `escrow-${i}-text` },
      h('span', { id: `escrow-${i}-text` }, t('ui-escrow-confirm', { name: e.laptop }), ' '),
      h('button', { type: 'button', id: `escrow-${i}-yes`, onclick: async () => {
        try {
          const k = await api.openEscrow(e.laptop_id);
          confirm.hidden = true;
          ask.hidden = false;
          replace(shown,
            h('p', { role: 'status' }, t('ui-escrow-shown', { name: e.laptop, id: k.id })),
            h('div', { class: 'recovery-key', role: 'group', 'aria-label': t('ui-recovery-key-label', { id: k.id }) },
              h('ol', { class: 'key-groups' }, k.groups.map((g, n) => h('li', { 'aria-label': t('ui-recovery-group-label', { n: String(n + 1), chars: g.split('').join(' ') }) }, g)))));
          shown.querySelector('[role="status"]').focus?.();
          announce(shown.querySelector('[role="status"]').textContent);
        } catch (err) {
          replace(shown, errorBox(err));
        }
      } }, t('ui-escrow-show')),
      ' ',
      h('button', { type: 'button', id: `escrow-${i}-no`, onclick: () => { confirm.hidden = true; ask.hidden = false; ask.focus(); } }, t('ui-cancel')));
    const ask = h('button', { type: 'button', id: `escrow-${i}`, 'aria-label': t('ui-escrow-show-named', { name: e.laptop }),
      onclick: () => { ask.hidden = true; confirm.hidden = false; confirm.querySelector('button').focus(); } }, t('ui-escrow-show'));
    return h('tr', {},
      h('th', { scope: 'row' }, e.laptop),
      h('td', {}, e.key_id),
      h('td', {}, t('ui-escrow-received', { at: e.received, seq: String(e.return_seq) })),
      h('td', {}, h('span', {}, ask, confirm), shown));
  };
  return h('table', { id: 'escrowed', class: 'register' },
    h('caption', {}, t('ui-escrow-caption', { n: String(escrowed.length) })),
    h('thead', {}, h('tr', {}, ['ui-returns-col-laptop', 'ui-escrow-col-id', 'ui-escrow-col-received', 'ui-escrow-col-key']
      .map((id) => h('th', { scope: 'col' }, t(id))))),
    h('tbody', {}, escrowed.map(row)));
}

/** The laptops the hub added, each with its state and, until withdrawn, a way to withdraw it. */
function enrolledTable(main, enrolled) {
  if (!enrolled.length) return h('p', { id: 'enrolled-none' }, t('ui-returns-enrolled-none'));
  const row = (l) => {
    const confirm = h('span', { class: 'confirm', hidden: true, role: 'alertdialog', 'aria-labelledby': `withdraw-${l.id}-text` },
      h('span', { id: `withdraw-${l.id}-text` }, t('ui-returns-withdraw-confirm', { name: l.name }), ' '),
      h('button', { type: 'button', class: 'danger', id: `withdraw-${l.id}-yes`, onclick: async () => {
        try {
          await api.withdrawLaptop(l.id);
          await showReturns(main);
          const box = main.querySelector('#enrolled-result');
          replace(box, success(t('ui-returns-withdrawn', { name: l.name })));
          announce(box.textContent);
        } catch (err) {
          replace(main.querySelector('#enrolled-result'), errorBox(err));
        }
      } }, t('ui-returns-withdraw')),
      ' ',
      h('button', { type: 'button', id: `withdraw-${l.id}-no`, onclick: () => { confirm.hidden = true; ask.hidden = false; ask.focus(); } }, t('ui-cancel')));
    const ask = h('button', { type: 'button', class: 'danger', id: `withdraw-${l.id}`, 'aria-label': t('ui-returns-withdraw-named', { name: l.name }),
      onclick: () => { ask.hidden = true; confirm.hidden = false; confirm.querySelector('button').focus(); } }, t('ui-returns-withdraw'));
    return h('tr', { class: l.state === 'withdrawn' ? 'behind' : null },
      h('th', { scope: 'row' }, l.name),
      h('td', {}, t(`laptop-state-${l.state}`)),
      h('td', {}, t('ui-returns-added-by', { at: l.added, name: l.added_by })),
      h('td', {}, l.state === 'withdrawn' ? l.withdrawn : h('span', {}, ask, confirm)));
  };
  return h('table', { id: 'enrolled', class: 'register' },
    h('caption', {}, t('ui-returns-enrolled-caption', { n: enrolled.length })),
    h('thead', {}, h('tr', {}, ['ui-returns-col-laptop', 'ui-returns-col-state', 'ui-returns-col-added', 'ui-returns-col-withdraw']
      .map((id) => h('th', { scope: 'col' }, t(id))))),
    h('tbody', {}, enrolled.map(row)));
}

function departmentScreen(main, status) {
  const facts = h('dl', { id: 'returns-facts', class: 'facts' },
    h('dt', {}, t('ui-returns-written')), h('dd', {}, String(status.returns_written)),
    h('dt', {}, t('ui-returns-acknowledged')), h('dd', {}, String(status.acknowledged)),
    h('dt', {}, t('ui-returns-packs')), h('dd', {}, String(status.packs)),
    h('dt', {}, t('ui-returns-pending')), h('dd', { id: 'returns-pending' }, String(status.pending)));

  let checkedPath = null;
  const packForm = fileForm('pack-in', 'ui-returns-pack-path', 'ui-returns-pack-path-help', 'ui-returns-check', { purpose: 'pack-open' },
    (path) => { checkedPath = path; return api.readPack(path, false); },
    (report) => {
      if (report.already) return success(t('ui-returns-pack-already', { seq: report.seq }));
      const apply = applyButton(main, 'pack', 'ui-returns-pack-apply', () => api.readPack(checkedPath, true),
        (done) => t('ui-returns-pack-applied', { seq: done.seq, council: done.council }));
      return [
        h('h3', { tabindex: '-1' }, t('ui-returns-pack-checked', { seq: report.seq, council: report.council })),
        counts('pack-counts', t('ui-returns-pack-counts'), [
          ['ui-returns-added', report.added], ['ui-returns-changed', report.changed], ['ui-returns-removed', report.deleted],
          ['ui-returns-matched', report.matched], ['ui-returns-kept', report.kept_in_use], ['ui-returns-decided', report.decided]]),
        h('p', {}, t('ui-returns-nothing-yet')),
        h('div', { class: 'actions' }, apply),
      ];
    });

  // Everything, whatever the hub acknowledged: only when the hub asks for it.
  const full = h('input', { type: 'checkbox', id: 'return-out-full', 'aria-describedby': 'return-out-full-help' });
  const returnForm = fileForm('return-out', 'ui-returns-out-path', 'ui-returns-out-path-help', 'ui-returns-write',
    { purpose: 'return-save', name: () => `return-${today()}.cofrestr` },
    (path, p) => api.writeReturn(path, full.checked, p),
    (w) => success(t('ui-returns-return-written', { seq: w.seq, path: w.path, records: w.records, deletions: w.deletions })), true);
  returnForm.querySelector('.actions').before(h('div', { class: 'field checkbox' },
    h('label', { for: 'return-out-full' }, full, ' ', t('ui-returns-full')),
    h('p', { class: 'help', id: 'return-out-full-help' }, t('ui-returns-full-help'))));

  return [
    h('p', { class: 'intro' }, t('ui-returns-intro-department')),
    facts,
    section('pack-in', 'ui-returns-pack-in', h('p', {}, t('ui-returns-pack-in-intro')), packForm),
    section('return-out', 'ui-returns-return-out', h('p', {}, t('ui-returns-return-out-intro')), returnForm),
  ];
}

async function hubScreen(main, status) {
  const [waiting, enrolled, replaceable, escrowed] = await Promise.all([api.conflicts(), api.laptops(), api.replaceable(), api.escrowedKeys()]);
  let checkedPath = null;
  const readForm = fileForm('return-in', 'ui-returns-in-path', 'ui-returns-in-path-help', 'ui-returns-check', { purpose: 'return-open' },
    (path, p) => { checkedPath = path; return api.readReturn(path, false, p); },
    (report) => {
      if (report.already) return success(t('ui-returns-already', { seq: report.seq, from: report.source_name }));
      const apply = applyButton(main, 'return', 'ui-returns-apply', () => withProgress(main, 'return-in', (p) => api.readReturn(checkedPath, true, p)),
        (done) => t('ui-returns-applied', { seq: done.seq, from: done.source_name, conflicts: done.conflicts.length }));
      return [
        h('h3', { tabindex: '-1' }, t('ui-returns-checked', { seq: report.seq, from: report.source_name, written: report.written })),
        counts('return-counts', t('ui-returns-counts'), [
          ['ui-returns-added', report.added], ['ui-returns-changed', report.changed], ['ui-returns-deleted', report.deleted],
          ['ui-returns-unchanged', report.unchanged], ['ui-returns-stale', report.stale], ['ui-returns-conflicts', report.conflicts.length]]),
        report.conflicts.length
          ? h('ul', { id: 'return-conflicts' }, report.conflicts.map((c) =>
            h('li', {}, `${registerView(c.register)?.label || c.register}: ${t(`conflict-reason-${c.reason}`)}`)))
          : null,
        report.forked ? h('p', { class: 'warning', id: 'return-forked' }, t('return-forked')) : null,
        report.recomputed ? h('p', { id: 'return-recomputed' }, t('ui-returns-recomputed', { count: report.recomputed })) : null,
        h('p', {}, t(report.conflicts.length ? 'ui-returns-conflicts-held' : 'ui-returns-nothing-yet')),
        h('div', { class: 'actions' }, apply),
      ];
    }, true);

  const packForm = fileForm('pack-out', 'ui-returns-pack-out-path', 'ui-returns-out-path-help', 'ui-returns-pack-write',
    { purpose: 'pack-save', name: () => `reference-pack-${today()}.cofrestr` },
    (path) => api.writePack(path),
    (w) => success(t('ui-returns-pack-written', { seq: w.seq, path: w.path, records: w.records, departments: w.departments })));

  const conflictTable = waiting.length
    ? h('table', { id: 'conflicts', class: 'register' },
      h('caption', {}, t('ui-returns-waiting-caption', { n: waiting.length })),
      h('thead', {}, h('tr', {}, ['ui-returns-col-record', 'ui-returns-col-register', 'ui-returns-col-from', 'ui-returns-col-reason', 'ui-returns-col-received']
        .map((id) => h('th', { scope: 'col' }, t(id))))),
      h('tbody', {}, waiting.map((w) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#/conflict/${w.id}`, id: `conflict-${w.id}` }, w.title || w.record_id)),
        h('td', {}, w.register_label),
        h('td', {}, t('ui-returns-from', { from: w.source_name, seq: w.seq })),
        h('td', {}, w.reason_label),
        h('td', {}, w.received)))))
    : h('p', { id: 'conflicts-none' }, t('ui-returns-no-conflicts'));

  const received = status.received.length
    ? h('table', { id: 'received', class: 'register' },
      h('caption', {}, t('ui-returns-received-caption')),
      h('thead', {}, h('tr', {}, ['ui-returns-col-from', 'ui-returns-col-written', 'ui-returns-col-applied', 'ui-returns-added', 'ui-returns-changed', 'ui-returns-deleted', 'ui-returns-conflicts', 'ui-returns-col-entries']
        .map((id) => h('th', { scope: 'col' }, t(id))))),
      h('tbody', {}, status.received.map((r) => h('tr', {},
        h('td', {}, t('ui-returns-from', { from: r.source_name, seq: r.seq })), h('td', {}, r.written),
        h('td', {}, r.applied_by ? t('ui-returns-applied-by', { at: r.applied, name: r.applied_by }) : r.applied),
        h('td', { class: 'num' }, String(r.added)), h('td', { class: 'num' }, String(r.changed)),
        h('td', { class: 'num' }, String(r.deleted)), h('td', { class: 'num' }, String(r.conflicts)),
        h('td', { class: 'num' }, String(r.entries))))))
    : h('p', {}, t('ui-returns-none-received'));

  const laptops = status.laptops.length
    ? h('table', { id: 'laptops', class: 'register' },
      h('caption', {}, t('ui-returns-laptops-caption')),
      h('thead', {}, h('tr', {}, ['ui-returns-col-laptop', 'ui-returns-col-department', 'ui-returns-col-latest', 'ui-returns-col-written', 'ui-returns-col-applied', 'ui-returns-col-quarter']
        .map((id) => h('th', { scope: 'col' }, t(id))))),
      h('tbody', {}, status.laptops.map((l) => h('tr', { class: l.current ? null : 'behind' },
        h('th', { scope: 'row' }, l.source_name),
        h('td', {}, l.department || t('ui-returns-department-unknown')),
        h('td', { class: 'num' }, String(l.seq)),
        h('td', {}, l.written),
        h('td', {}, l.applied),
        h('td', { class: 'quarter' }, t(l.current ? 'ui-returns-quarter-yes' : 'ui-returns-quarter-no'))))))
    : h('p', {}, t('ui-returns-none-received'));

  return [
    h('p', { class: 'intro' }, t('ui-returns-intro-hub')),
    section('conflicts', 'ui-returns-waiting', conflictTable),
    section('return-in', 'ui-returns-return-in', h('p', {}, t('ui-returns-return-in-intro')), readForm),
    section('returns-folder', 'ui-returns-folder', h('p', {}, t('ui-returns-folder-intro')), folderForm(main)),
    section('pack-out', 'ui-returns-pack-out', h('p', {}, t('ui-returns-pack-out-intro')), packForm),
    section('laptops', 'ui-returns-laptops', h('p', {}, t('ui-returns-laptops-intro', { date: status.quarter_began })), laptops),
    section('received', 'ui-returns-received', received),
    section('escrow', 'ui-escrow-title', h('p', {}, t('ui-escrow-intro')), escrowTable(main, escrowed)),
    section('enrolled', 'ui-returns-enrolled', h('p', {}, t('ui-returns-enrolled-intro')), enrolledTable(main, enrolled),
      h('div', { id: 'enrolled-result', class: 'form-message' })),
    section('joinfile', 'ui-returns-joinfile', h('p', {}, t('ui-returns-joinfile-intro')), addLaptopForm(main, replaceable)),
  ];
}

/** What reading each file of a folder did (or would do), one row per file. */
function folderTable(files) {
  const n = (r, key) => h('td', { class: 'num' }, r && !r.already ? String(key === 'conflicts' ? r.conflicts.length : r[key]) : '–');
  const outcome = (f) => f.error ? f.error
    : t(f.report.already ? 'ui-returns-outcome-already' : f.report.applied ? 'ui-returns-outcome-applied' : 'ui-returns-outcome-ready');
  return h('table', { id: 'folder-files', class: 'register' },
    h('caption', {}, t('ui-returns-folder-caption', { n: files.length })),
    h('thead', {}, h('tr', {}, ['ui-returns-col-file', 'ui-returns-col-from', 'ui-returns-added', 'ui-returns-changed', 'ui-returns-deleted', 'ui-returns-conflicts', 'ui-returns-col-outcome']
      .map((id) => h('th', { scope: 'col' }, t(id))))),
    h('tbody', {}, files.map((f) => h('tr', { class: f.error ? 'refused' : null },
      h('th', { scope: 'row' }, f.file),
      h('td', {}, f.report ? t('ui-returns-from', { from: f.report.source_name, seq: f.report.seq }) : '–'),
      n(f.report, 'added'), n(f.report, 'changed'), n(f.report, 'deleted'), n(f.report, 'conflicts'),
      h('td', { class: 'outcome' }, outcome(f))))));
}

/** Check every return in a folder, then apply those that are ready, each on its own. */
function folderForm(main) {
  let checked = null;
  return fileForm('returns-folder', 'ui-returns-folder-path', 'ui-returns-folder-path-help', 'ui-returns-folder-check', { purpose: 'returns-folder' },
    (path, p) => { checked = path; return api.readReturnsFolder(path, false, p); },
    (checkedFolder) => {
      const { ready } = checkedFolder;
      const apply = ready ? h('button', { type: 'button', class: 'primary', id: 'returns-folder-apply', onclick: async () => {
        apply.disabled = true;
        try {
          const done = await withProgress(main, 'returns-folder', (p) => api.readReturnsFolder(checked, true, p));
          await showReturns(main);
          // The screen is drawn afresh: the folder stays the one these results are about.
          main.querySelector('#returns-folder-form').file.set(checked);
          const box = main.querySelector('#returns-folder-result');
          const said = t('ui-returns-folder-applied', { applied: done.applied, refused: done.refused, conflicts: done.conflicts });
          replace(box, success(said), folderTable(done.files));
          announce(said);
        } catch (err) {
          apply.disabled = false;
          main.querySelector('#returns-folder-result').append(errorBox(err));
        }
      } }, t('ui-returns-folder-apply', { n: ready })) : null;
      return [
        h('h3', { tabindex: '-1' }, t('ui-returns-folder-checked', { path: checked })),
        folderTable(checkedFolder.files),
        ready ? h('div', { class: 'actions' }, apply) : h('p', {}, t('ui-returns-folder-none-ready')),
      ];
    }, true);
}

/** One conflict: both versions field by field, and the decision. */
export async function showConflict(main, id) {
  const c = await api.conflict(id);
  document.title = `${t('ui-conflict-title', { title: c.title })} · Cofrestr`;
  const differing = c.fields.filter((f) => f.differs);
  const agreeing = c.fields.filter((f) => !f.differs && (f.ours || f.theirs));
  const canMerge = c.ours_exists && c.theirs_exists;
  const result = h('div', { id: 'conflict-result', class: 'form-message' });

  const row = (f) => h('tr', { 'data-field': f.name },
    h('th', { scope: 'row' }, f.label),
    h('td', { class: 'ours' }, f.ours || t('ui-conflict-empty')),
    h('td', { class: 'theirs' }, f.theirs || t('ui-conflict-empty')),
    canMerge
      ? h('td', {}, h('div', { class: 'keep', role: 'radiogroup', 'aria-label': t('ui-conflict-keep-field', { field: f.label }) },
        h('label', {}, h('input', { type: 'radio', name: `keep-${f.name}`, value: 'ours', checked: true, id: `keep-${f.name}-ours` }), ' ', t('ui-conflict-ours-short')),
        h('label', {}, h('input', { type: 'radio', name: `keep-${f.name}`, value: 'theirs', id: `keep-${f.name}-theirs` }), ' ', t('ui-conflict-theirs-short'))))
      : null);
  const head = (withKeep) => h('thead', {}, h('tr', {},
    h('th', { scope: 'col' }, t('ui-conflict-col-field')),
    h('th', { scope: 'col' }, t(c.ours_exists ? 'ui-conflict-col-ours' : 'ui-conflict-col-ours-none')),
    h('th', { scope: 'col' }, t(c.theirs_exists ? 'ui-conflict-col-theirs' : 'ui-conflict-col-theirs-none', { from: c.source_name })),
    withKeep ? h('th', { scope: 'col' }, t('ui-conflict-col-keep')) : null));

  const decide = async (decision, button) => {
    replace(result);
    button.disabled = true;
    try {
      await api.resolveConflict(id, decision);
      location.hash = '#/returns';
      announce(t('ui-conflict-decided', { title: c.title }));
    } catch (err) {
      button.disabled = false;
      replace(result, errorBox(err));
      result.querySelector('[role="alert"]')?.focus();
    }
  };
  const ours = h('button', { type: 'button', id: 'conflict-ours', onclick: () => decide({ keep: 'ours' }, ours) }, t('ui-conflict-keep-ours'));
  const theirs = h('button', { type: 'button', id: 'conflict-theirs', onclick: () => decide({ keep: 'theirs' }, theirs) },
    t(c.theirs_exists ? 'ui-conflict-take-theirs' : 'ui-conflict-take-deletion'));
  const merge = canMerge
    ? h('button', { type: 'button', class: 'primary', id: 'conflict-merge', onclick: () => {
      const fields = {};
      for (const f of differing) {
        if (main.querySelector(`#keep-${CSS.escape(f.name)}-theirs`)?.checked) fields[f.name] = 'theirs';
      }
      decide({ keep: 'merged', fields }, merge);
    } }, t('ui-conflict-merge'))
    : null;

  replace(main,
    h('h1', { tabindex: '-1' }, t('ui-conflict-title', { title: c.title })),
    h('p', {}, h('a', { href: '#/returns', id: 'conflict-back' }, t('ui-conflict-back'))),
    h('p', { id: 'conflict-about' }, t('ui-conflict-about', { register: c.register_label, from: c.source_name, seq: c.seq, received: c.received })),
    h('p', { id: 'conflict-reason', class: 'notice' }, `${c.reason_label}. ${t(`ui-conflict-explain-${c.reason}`)}`),
    result,
    h('table', { id: 'conflict-fields', class: 'register compare' },
      h('caption', {}, t('ui-conflict-differ-caption')), head(canMerge),
      h('tbody', {}, differing.map(row))),
    agreeing.length
      ? h('details', {}, h('summary', {}, t('ui-conflict-agree', { n: agreeing.length })),
        h('table', { id: 'conflict-agree', class: 'register compare' }, h('caption', {}, t('ui-conflict-agree-caption')), head(false),
          h('tbody', {}, agreeing.map((f) => h('tr', {}, h('th', { scope: 'row' }, f.label), h('td', {}, f.ours), h('td', {}, f.theirs))))))
      : null,
    h('p', {}, t('ui-conflict-kept-note')),
    h('div', { class: 'actions' }, merge, ours, theirs));
  main.querySelector('h1').focus();
}
