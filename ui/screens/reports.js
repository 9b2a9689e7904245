// Reports: the IMG quarterly pack as a PDF, in English or Welsh, with its protective marking,
// written to a file the user names. Generating shows its progress.
import { api } from '../api.js';
import { h, replace, announce } from '../dom.js';
import { t } from '../i18n.js';
import { registerView } from '../state.js';
import { errorBox, field, fileChoice, generator, languageSelect, markingChoice } from '../widgets.js';

export async function showReports(main) {
  document.title = `${t('ui-reports-title')} · Cofrestr`;
  // The core says which quarters and years there are, and which to offer first.
  const periods = await api.reportPeriods();
  const quarterSelect = h('select', { id: 'report-quarter', 'data-name': 'quarter' },
    periods.quarters.map((o) => h('option', { value: o.value, selected: o.value === periods.default_quarter },
      t('ui-report-quarter-option', { q: o.q, fy: o.financial_year }))));
  const langSelect = languageSelect('report-lang');
  const markingSelect = markingChoice('report-marking');
  const meeting = h('input', { id: 'report-meeting', 'data-name': 'meeting', size: 12, 'aria-describedby': 'report-meeting-help' });
  const version = h('input', { id: 'report-version', value: '1.0', size: 8, 'data-name': 'version' });
  // Saved where the person picks, in the computer's own dialog, when it is generated.
  const file = fileChoice('report-path', 'pdf-save', () => `img-pack-${quarterSelect.value}-${langSelect.value}.pdf`);

  const form = generator('report', 'ui-report-generate', 'ui-report-done',
    async (onProgress) => {
      const path = await file.next();
      if (!path) return null;
      return api.reportPack({
        quarter: quarterSelect.value, lang: langSelect.value, marking: markingSelect.value,
        meeting: meeting.value || null, version: version.value, path,
      }, onProgress);
    },
    field('report-quarter', 'ui-report-quarter', quarterSelect),
    field('report-lang', 'ui-report-lang', langSelect),
    field('report-marking', 'ui-report-marking', markingSelect),
    field('report-meeting', 'ui-report-meeting', meeting, 'ui-report-meeting-help'),
    field('report-version', 'ui-report-version', version),
    field('report-path', 'ui-report-path', file.element, 'ui-report-path-help'));

  replace(main,
    h('h1', {}, t('ui-reports-title')),
    h('section', { class: 'panel', 'aria-labelledby': 'pack-title' },
      h('h2', { id: 'pack-title' }, t('ui-report-pack')),
      h('p', {}, t('ui-report-pack-intro')),
      form),
    await annualSection(periods));
}

/**
 * The SIRO's annual report: the year's foreword, statement of assurance and priorities, written
 * here in English and Welsh and kept (audited) in the report texts register, then the PDF.
 */
async function annualSection(periods) {
  const view = registerView('report_texts');
  const sections = view.fields.find((f) => f.name === 'section').choices;
  const yearSelect = h('select', { id: 'annual-year', 'data-name': 'year' },
    periods.years.map((y) => h('option', { value: y, selected: y === periods.default_year }, y)));
  const langSelect = languageSelect('annual-lang');
  const markingSelect = markingChoice('annual-marking');
  const file = fileChoice('annual-path', 'pdf-save', () => `siro-annual-report-${yearSelect.value}-${langSelect.value}.pdf`);

  // The texts of the chosen year, one fieldset per section with its English and Welsh.
  const records = {};
  const boxes = {};
  const textFieldsets = sections.map((sec) => {
    boxes[sec.value] = {
      en: h('textarea', { id: `text-${sec.value}-en`, lang: 'en', rows: 5 }),
      cy: h('textarea', { id: `text-${sec.value}-cy`, lang: 'cy', rows: 5 }),
    };
    return h('fieldset', { class: 'report-text', id: `text-${sec.value}` },
      h('legend', {}, sec.label),
      h('div', { class: 'field' }, h('label', { for: `text-${sec.value}-en` }, t('ui-report-text-en')), boxes[sec.value].en),
      h('div', { class: 'field' }, h('label', { for: `text-${sec.value}-cy` }, t('ui-report-text-cy')), boxes[sec.value].cy));
  });
  const loadTexts = async () => {
    const page = await api.list('report_texts', { filters: { year: yearSelect.value }, limit: 10, plain: true });
    for (const sec of sections) {
      const rec = page.rows.find((r) => r.fields.section === sec.value) || null;
      records[sec.value] = rec;
      boxes[sec.value].en.value = rec?.fields.body_en || '';
      boxes[sec.value].cy.value = rec?.fields.body_cy || '';
    }
  };
  yearSelect.addEventListener('change', () => loadTexts());
  await loadTexts();

  const textsResult = h('div', { class: 'form-message', id: 'annual-texts-result' });
  const textsForm = h('form', { id: 'annual-texts-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    replace(textsResult);
    try {
      for (const sec of sections) {
        const en = boxes[sec.value].en.value.trim();
        const cy = boxes[sec.value].cy.value.trim();
        const rec = records[sec.value];
        if (!rec && !en && !cy) continue;
        if (rec && rec.fields.body_en === (en || null) && rec.fields.body_cy === (cy || null)) continue;
        records[sec.value] = await api.save('report_texts', rec?.id || null, rec?.revision ?? null,
          { year: yearSelect.value, section: sec.value, body_en: en, body_cy: cy });
      }
      const msg = t('ui-report-texts-saved', { year: yearSelect.value });
      replace(textsResult, h('p', { class: 'success', role: 'status' }, msg));
      announce(msg);
    } catch (err) {
      replace(textsResult, errorBox(err));
      textsResult.querySelector('[role="alert"]')?.focus();
    }
  } },
  textsResult,
  h('p', {}, t('ui-report-texts-intro')),
  textFieldsets,
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'annual-texts-save' }, t('ui-report-texts-save'))));

  const form = generator('annual', 'ui-report-annual-generate', 'ui-report-annual-done',
    async (onProgress) => {
      const path = await file.next();
      if (!path) return null;
      return api.reportAnnual({ year: yearSelect.value, lang: langSelect.value, marking: markingSelect.value, path }, onProgress);
    },
    field('annual-lang', 'ui-report-lang', langSelect),
    field('annual-marking', 'ui-report-marking', markingSelect),
    field('annual-path', 'ui-report-path', file.element, 'ui-report-path-help'));

  return h('section', { class: 'panel', 'aria-labelledby': 'annual-title' },
    h('h2', { id: 'annual-title' }, t('ui-report-annual')),
    h('p', {}, t('ui-report-annual-intro')),
    field('annual-year', 'ui-report-year', yearSelect),
    textsForm,
    form);
}
