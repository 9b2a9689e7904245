// Spreadsheets in and out of a register: export to CSV or Excel; import with the columns
// matched to fields (as the core first matches them, changeable, remembered once imported), a
// check that lists every problem by row and column, and an import that writes all or nothing.
import { api } from '../api.js';
import { h, replace, announce } from '../dom.js';
import { t } from '../i18n.js';
import { registerView } from '../state.js';
import { errorBox, fileChoice, londonToday, progressRow } from '../widgets.js';

function field(id, labelId, control, helpId) {
  return h('div', { class: 'field' },
    h('label', { for: id, id: `${id}-label` }, t(labelId)),
    helpId ? h('p', { class: 'help', id: `${id}-help` }, t(helpId)) : null,
    control);
}

export async function showTransfer(main, name) {
  const view = registerView(name);
  document.title = `${t('ui-transfer-title', { register: view.label })} · Cofrestr`;
  const today = await londonToday();

  // Export.
  // Saved where the person picks in the computer's own dialog (.xlsx or .csv by its name).
  const exportFile = fileChoice('export-path', 'spreadsheet-save', () => `${name}-${today}.xlsx`);
  const exportResult = h('div', { id: 'export-result', class: 'form-message' });
  const exportProgress = progressRow('export');
  const exportButton = h('button', { type: 'submit', class: 'primary', id: 'export-run' }, t('ui-export-run'));
  const exportForm = h('form', { id: 'export-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    replace(exportResult);
    const path = await exportFile.next().catch((err) => { replace(exportResult, errorBox(err)); return null; });
    if (!path) return;
    exportButton.disabled = true;
    exportProgress.start();
    try {
      const written = await api.exportRegister({ register: name, path }, (p) => { exportProgress.bar.value = p; });
      const msg = t('ui-export-done', { path: written });
      replace(exportResult, h('p', { class: 'success', role: 'status' }, msg));
      announce(msg);
    } catch (err) {
      replace(exportResult, errorBox(err));
      exportResult.querySelector('[role="alert"]')?.focus();
    } finally {
      exportButton.disabled = false;
      exportProgress.stop();
    }
  } }, exportResult, field('export-path', 'ui-export-path', exportFile.element, 'ui-export-path-help'), exportProgress.box,
  h('div', { class: 'actions' }, exportButton));

  // Import.
  const importFile = fileChoice('import-path', 'spreadsheet-open');
  const roster = view.full_roster
    ? h('div', { class: 'field checkbox' },
      h('input', { type: 'checkbox', id: 'import-roster', 'aria-describedby': 'import-roster-help' }),
      h('label', { for: 'import-roster' }, t('ui-import-roster')),
      h('p', { class: 'help', id: 'import-roster-help' }, t('ui-import-roster-help')))
    : null;
  const mapping = {};
  const outcome = h('div', { id: 'import-outcome' });
  const importProgress = progressRow('import');
  const checkButton = h('button', { type: 'submit', class: 'primary', id: 'import-check' }, t('ui-import-check'));
  const request = (apply) => ({
    register: name, path: importFile.path(), mapping, apply,
    full_roster: !!document.getElementById('import-roster')?.checked,
  });

  const run = async (apply) => {
    if (!importFile.path()) {
      const picked = await importFile.choose().catch((err) => { replace(outcome, errorBox(err)); return null; });
      if (!picked) return;
    }
    checkButton.disabled = true;
    importProgress.start();
    try {
      const report = await api.importRegister(request(apply), (p) => { importProgress.bar.value = p; });
      showReport(report);
    } catch (err) {
      replace(outcome, errorBox(err));
      outcome.querySelector('[role="alert"]')?.focus();
    } finally {
      checkButton.disabled = false;
      importProgress.stop();
    }
  };

  const fieldOptions = (selected) => [
    h('option', { value: '', selected: !selected }, t('ui-import-leave-out')),
    h('option', { value: 'id', selected: selected === 'id' }, t('ui-import-record-id')),
    ...view.fields.filter((f) => !f.computed).map((f) => h('option', { value: f.name, selected: selected === f.name }, f.label)),
  ];

  function showReport(r) {
    const summary = r.summary;
    const columns = h('table', { class: 'data', id: 'import-columns' },
      h('caption', {}, t('ui-import-columns')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('ui-import-column')), h('th', { scope: 'col' }, t('ui-import-field')))),
      h('tbody', {}, r.columns.map((c, i) => {
        const select = h('select', { id: `map-${i}`, 'aria-label': t('ui-import-field-for', { column: c.header }),
          onchange: () => { mapping[c.header] = select.value; } }, fieldOptions(c.field));
        return h('tr', {}, h('th', { scope: 'row' }, c.header), h('td', {}, select));
      })));
    const missing = r.missing_required.length
      ? h('p', { class: 'warning', id: 'import-missing' }, t('ui-import-missing', { fields: r.missing_required.join(', ') })) : null;
    const errors = r.errors.length ? h('table', { class: 'data', id: 'import-errors' },
      h('caption', {}, t('ui-import-errors', { count: r.error_count })),
      h('thead', {}, h('tr', {}, ['ui-import-row', 'ui-import-column', 'ui-import-problem'].map((id) => h('th', { scope: 'col' }, t(id))))),
      h('tbody', {}, r.errors.map((e) => h('tr', {}, h('td', {}, String(e.line)), h('td', {}, e.column || '—'), h('td', {}, e.message))))) : null;
    const changes = r.preview.length ? h('table', { class: 'data', id: 'import-preview' },
      h('caption', {}, t(r.applied ? 'ui-import-changed' : 'ui-import-will-change')),
      h('thead', {}, h('tr', {}, ['ui-import-row', 'ui-import-change', 'ui-import-record'].map((id) => h('th', { scope: 'col' }, t(id))))),
      h('tbody', {}, r.preview.slice(0, 100).map((p) => h('tr', {},
        h('td', {}, p.line ? String(p.line) : '—'), h('td', {}, t(`ui-import-change-${p.change}`)), h('td', {}, p.label))))) : null;
    const applyButton = !r.applied && !r.error_count && (r.added + r.updated + r.left) > 0
      ? h('button', { type: 'button', class: 'primary', id: 'import-apply', onclick: () => run(true) }, r.apply_label)
      : null;
    const status = h('p', { id: 'import-summary', class: r.error_count ? 'error' : 'success', role: r.error_count ? 'alert' : 'status', tabindex: '-1' }, summary);
    replace(outcome, status, missing, errors, applyButton, changes, columns);
    announce(summary);
    status.focus();
  }

  const importForm = h('form', { id: 'import-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); run(false); } },
    field('import-path', 'ui-import-path', importFile.element, 'ui-import-path-help'), roster, importProgress.box,
    h('div', { class: 'actions' }, checkButton));

  replace(main,
    h('h1', {}, t('ui-transfer-title', { register: view.label })),
    h('p', {}, h('a', { href: `#/register/${name}`, id: 'transfer-back' }, t('ui-transfer-back', { register: view.label }))),
    h('section', { 'aria-labelledby': 'export-h' }, h('h2', { id: 'export-h' }, t('ui-export-heading')), exportForm),
    h('section', { 'aria-labelledby': 'import-h' }, h('h2', { id: 'import-h' }, t('ui-import-heading')),
      h('p', { class: 'help' }, t('ui-import-intro')), importForm, outcome));
}
