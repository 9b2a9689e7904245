// A register as a PDF list, e.g. the whole asset register for an auditor: the table of its
// main columns and, if chosen, each record in full. It can be limited to the records the
// register screen was showing (its search and filters, in its order).
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { registerView, lastQuery } from '../state.js';
import { field, fileChoice, generator, languageSelect, londonToday, markingChoice } from '../widgets.js';

export async function showPrint(main, name) {
  const view = registerView(name);
  document.title = `${t('ui-print-title', { register: view.label })} · Cofrestr`;
  const today = await londonToday();
  const query = lastQuery(name);
  const limited = query && (query.search || Object.keys(query.filters).length > 0);

  const shown = limited
    ? h('div', { class: 'field checkbox' },
      h('input', { type: 'checkbox', id: 'print-shown', checked: true }),
      h('label', { for: 'print-shown' }, t('ui-print-shown')))
    : null;
  const details = h('div', { class: 'field checkbox' },
    h('input', { type: 'checkbox', id: 'print-details', 'aria-describedby': 'print-details-help' }),
    h('label', { for: 'print-details' }, t('ui-print-details')),
    h('p', { class: 'help', id: 'print-details-help' }, t('ui-print-details-help')));
  const langSelect = languageSelect('print-lang');
  const markingSelect = markingChoice('print-marking');
  const file = fileChoice('print-path', 'pdf-save', () => `${name}-${today}-${langSelect.value}.pdf`);

  const form = generator('print', 'ui-print-generate', 'ui-print-done', async (onProgress) => {
    const useQuery = limited && main.querySelector('#print-shown').checked;
    const path = await file.next();
    if (!path) return null;
    return api.reportRegister({
      register: name,
      path,
      lang: langSelect.value,
      marking: markingSelect.value,
      details: main.querySelector('#print-details').checked,
      search: useQuery ? query.search || null : null,
      filters: useQuery ? query.filters : {},
      // The order shown, except "soonest due first", which belongs to a view of open records.
      sort: (useQuery || query?.sort !== 'due') ? query?.sort || null : null,
      descending: query?.descending || false,
    }, onProgress);
  },
  shown,
  details,
  field('print-lang', 'ui-report-lang', langSelect),
  field('print-marking', 'ui-report-marking', markingSelect),
  field('print-path', 'ui-report-path', file.element, 'ui-report-path-help'));

  replace(main,
    h('h1', {}, t('ui-print-title', { register: view.label })),
    h('p', {}, h('a', { href: `#/register/${name}`, id: 'print-back' }, t('ui-transfer-back', { register: view.label }))),
    h('p', {}, t('ui-print-intro')),
    form);
  main.querySelector('h1')?.focus?.();
}
