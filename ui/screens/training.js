// Training compliance today: every department against the council's target for the mandatory
// courses together, elected members apart, each course, and the list of people to chase (by
// department), which can be saved as a spreadsheet for the Information Asset Owner.
import { api } from '../api.js';
import { h, replace, announce } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox, fileChoice } from '../widgets.js';

// Percentages and their RAG come from the core, judged against the council's target there.
const pct = (tally) => (tally.percent === null ? '–' : `${Math.round(tally.percent)}%`);

function tallyRow(name, tally) {
  const rag = tally.rag || '';
  return h('tr', {},
    h('th', { scope: 'row' }, name),
    h('td', { class: 'num' }, String(tally.required)),
    h('td', { class: 'num' }, String(tally.valid + tally.due_soon)),
    h('td', { class: `num rag-${rag}` }, pct(tally), rag ? h('span', { class: 'visually-hidden' }, ` (${t(`ui-rag-${rag}`)})`) : null),
    h('td', { class: 'num' }, String(tally.due_soon)),
    h('td', { class: 'num' }, String(tally.expired + tally.never)),
    h('td', { class: 'num' }, String(tally.new_starters)));
}

export async function showTraining(main) {
  document.title = `${t('ui-training-title')} · Cofrestr`;
  const c = await api.training();
  const heads = ['ui-training-group', 'ui-training-required', 'ui-training-holding', 'ui-training-pct', 'ui-training-expiring', 'ui-training-overdue', 'ui-training-new'];
  const thead = () => h('thead', {}, h('tr', {}, heads.map((id) => h('th', { scope: 'col' }, t(id)))));
  const anyMandatory = c.courses.some((k) => k.mandatory);
  const overall = anyMandatory ? h('table', { class: 'data', id: 'training-departments' },
    h('caption', {}, t('ui-training-departments', { target: c.target_pct })),
    thead(),
    h('tbody', {},
      c.departments.map((d) => tallyRow(d.name, d.tally)),
      tallyRow(t('ui-training-all-staff'), c.staff),
      c.members.required ? tallyRow(t('training-elected-members'), c.members) : null))
    : h('p', { class: 'help' }, t('ui-training-no-courses'));
  const courses = h('table', { class: 'data', id: 'training-courses' },
    h('caption', {}, t('ui-training-courses')),
    h('thead', {}, h('tr', {}, ['ui-training-course', 'ui-training-staff', 'training-elected-members'].map((id) => h('th', { scope: 'col' }, t(id))))),
    h('tbody', {}, c.courses.map((k) => h('tr', {},
      h('th', { scope: 'row' }, k.mandatory ? k.name : t('ui-training-optional', { name: k.name })),
      h('td', {}, k.staff.required ? `${pct(k.staff)} (${k.staff.valid + k.staff.due_soon}/${k.staff.required})` : '–'),
      h('td', {}, k.members.required ? `${pct(k.members)} (${k.members.valid + k.members.due_soon}/${k.members.required})` : '–')))));

  // The chase list, by department.
  const deptSelect = h('select', { id: 'chase-department' },
    h('option', { value: '' }, t('ui-training-all-departments')),
    c.departments.map((d) => h('option', { value: d.department_id }, d.name)));
  const chaseBox = h('div', { id: 'chase-list' });
  const loadChase = async () => {
    try {
      const list = await api.trainingChase(deptSelect.value || null);
      replace(chaseBox, list.length ? h('table', { class: 'data', id: 'chase-table' },
        h('caption', {}, t('ui-training-chase-count', { count: list.length })),
        h('thead', {}, h('tr', {}, ['training-col-name', 'training-col-staff-number', 'training-col-department', 'training-col-course', 'training-col-standing', 'training-col-due']
          .map((id) => h('th', { scope: 'col' }, t(id))))),
        h('tbody', {}, list.slice(0, 500).map((x) => h('tr', {},
          h('td', {}, h('a', { href: `#/record/people/${encodeURIComponent(x.person_id)}` }, x.name)),
          h('td', {}, x.staff_number || ''),
          h('td', {}, x.elected_member ? t('training-elected-members') : x.department),
          h('td', {}, x.course),
          h('td', { class: `standing-${x.standing}` }, t(`training-standing-${x.standing}`)),
          h('td', {}, x.due ? x.due.split('-').reverse().join('/') : '')))))
        : h('p', { class: 'success' }, t('ui-training-chase-none')));
    } catch (err) {
      replace(chaseBox, errorBox(err));
    }
  };
  deptSelect.addEventListener('change', loadChase);
  const file = fileChoice('chase-path', 'spreadsheet-save', () => `training-to-chase-${c.as_at}.xlsx`);
  const result = h('div', { id: 'chase-result', class: 'form-message' });
  const exportForm = h('form', { id: 'chase-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    replace(result);
    try {
      const path = await file.next();
      if (!path) return;
      const written = await api.exportChase({ department: deptSelect.value || null, path });
      const msg = t('ui-export-done', { path: written });
      replace(result, h('p', { class: 'success', role: 'status' }, msg));
      announce(msg);
    } catch (err) {
      replace(result, errorBox(err));
      result.querySelector('[role="alert"]')?.focus();
    }
  } }, result,
  h('div', { class: 'field' }, h('label', { for: 'chase-path' }, t('ui-training-chase-path')),
    h('p', { class: 'help', id: 'chase-path-help' }, t('ui-export-path-help')), file.element),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'chase-export' }, t('ui-training-chase-export'))));

  replace(main,
    h('h1', {}, t('ui-training-title')),
    h('p', {}, t('ui-training-intro', { date: c.as_at.split('-').reverse().join('/'), target: c.target_pct })),
    // Completions are a course's (and a person's) tab; all of them, and their import, are here.
    h('p', { class: 'actions' },
      h('a', { href: '#/register/completions', id: 'training-completions' }, t('ui-training-all-completions')),
      h('a', { href: '#/transfer/completions', id: 'training-import' }, t('ui-training-import-completions'))),
    overall, courses,
    h('section', { 'aria-labelledby': 'chase-h' },
      h('h2', { id: 'chase-h' }, t('ui-training-chase')),
      h('div', { class: 'field' }, h('label', { for: 'chase-department' }, t('ui-training-department')), deptSelect),
      chaseBox, exportForm));
  await loadChase();
}
