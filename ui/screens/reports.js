// Reports: the IMG quarterly pack as a PDF, in English or Welsh, with its protective marking,
// written to a file the user names. Generating shows its progress.
import { api } from '../api.js';
import { h, replace, announce } from '../dom.js';
import { t, lang } from '../i18n.js';
import { errorBox, fieldErrors } from './forms.js';
import { currentStatus } from '../app.js';

/** Financial-year quarters (Q1 = April to June), newest first, from the current one back two years. */
function quarters(today = new Date()) {
  const m = today.getMonth() + 1;
  let year = m >= 4 ? today.getFullYear() : today.getFullYear() - 1;
  let q = m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4;
  const out = [];
  for (let i = 0; i < 9; i += 1) {
    out.push({ value: `${year}-${String((year + 1) % 100).padStart(2, '0')}-Q${q}`, q, fy: `${year}-${String((year + 1) % 100).padStart(2, '0')}` });
    q -= 1;
    if (q === 0) { q = 4; year -= 1; }
  }
  return out;
}

function field(id, labelId, control, helpId) {
  return h('div', { class: 'field', 'data-field': control.dataset?.name || id },
    h('label', { for: id }, t(labelId)),
    helpId ? h('p', { class: 'help', id: `${id}-help` }, t(helpId)) : null,
    control,
    h('p', { class: 'error', hidden: true }));
}

export async function showReports(main) {
  document.title = `${t('ui-reports-title')} · Cofrestr`;
  const status = currentStatus();
  const folder = status.db_path.replace(/[^/\\]*$/, '');
  const options = quarters();
  // The last complete quarter is the usual one to report.
  const quarterSelect = h('select', { id: 'report-quarter', 'data-name': 'quarter' },
    options.map((o, i) => h('option', { value: o.value, selected: i === 1 }, t('ui-report-quarter-option', { q: o.q, fy: o.fy }))));
  const langSelect = h('select', { id: 'report-lang', 'data-name': 'lang' },
    h('option', { value: 'en', lang: 'en', selected: lang() === 'en' }, t('ui-lang-en')),
    h('option', { value: 'cy', lang: 'cy', selected: lang() === 'cy' }, t('ui-lang-cy')));
  const markingSelect = h('select', { id: 'report-marking', 'data-name': 'marking' },
    h('option', { value: 'official' }, t('ui-report-marking-official')),
    h('option', { value: 'official-sensitive' }, t('ui-report-marking-official-sensitive')));
  const meeting = h('input', { id: 'report-meeting', 'data-name': 'meeting', size: 12, 'aria-describedby': 'report-meeting-help' });
  const version = h('input', { id: 'report-version', value: '1.0', size: 8, 'data-name': 'version' });
  const path = h('input', { id: 'report-path', spellcheck: 'false', 'data-name': 'path', 'aria-describedby': 'report-path-help' });
  const suggest = () => { path.value = `${folder}img-pack-${quarterSelect.value}-${langSelect.value}.pdf`; };
  quarterSelect.addEventListener('change', suggest);
  langSelect.addEventListener('change', suggest);
  suggest();

  const bar = h('progress', { id: 'report-progress', max: 100, value: 0, 'aria-labelledby': 'report-progress-label' });
  const progressBox = h('div', { class: 'report-progress', hidden: true },
    h('span', { id: 'report-progress-label' }, t('ui-report-progress')), bar);
  const result = h('div', { id: 'report-result', class: 'form-message' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'report-generate' }, t('ui-report-generate'));
  const form = h('form', { id: 'report-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    replace(result);
    fieldErrors(form, { fields: [] });
    button.disabled = true;
    progressBox.hidden = false;
    bar.value = 0;
    try {
      const written = await api.reportPack({
        quarter: quarterSelect.value, lang: langSelect.value, marking: markingSelect.value,
        meeting: meeting.value || null, version: version.value, path: path.value,
      }, (p) => { bar.value = p; });
      const msg = t('ui-report-done', { path: written });
      replace(result, h('p', { class: 'success', role: 'status' }, msg));
      announce(msg);
    } catch (err) {
      replace(result, errorBox(err));
      fieldErrors(form, err);
      result.querySelector('[role="alert"]')?.focus();
    } finally {
      button.disabled = false;
      progressBox.hidden = true;
    }
  } },
  result,
  field('report-quarter', 'ui-report-quarter', quarterSelect),
  field('report-lang', 'ui-report-lang', langSelect),
  field('report-marking', 'ui-report-marking', markingSelect),
  field('report-meeting', 'ui-report-meeting', meeting, 'ui-report-meeting-help'),
  field('report-version', 'ui-report-version', version),
  field('report-path', 'ui-report-path', path, 'ui-report-path-help'),
  progressBox,
  h('div', { class: 'actions' }, button));

  replace(main,
    h('h1', {}, t('ui-reports-title')),
    h('section', { class: 'panel', 'aria-labelledby': 'pack-title' },
      h('h2', { id: 'pack-title' }, t('ui-report-pack')),
      h('p', {}, t('ui-report-pack-intro')),
      form));
}
