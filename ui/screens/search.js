// Search every register at once (Ctrl+K, or the Search button in the navigation): a modal
// dialog with one combobox; what matches, register by register, in one list; Enter opens the
// record's page. Typing, Down/Up and Enter work as in the reference fields' combobox.
import { api } from '../api.js';
import { h, replace, debounce } from '../dom.js';
import { t } from '../i18n.js';
import { allRegisters } from '../state.js';
import { recordLabel, showActiveOption } from '../widgets.js';

const PER_REGISTER = 5;

/** Opens the search dialog (one at a time); focus returns where it was when it closes. */
export function openSearch() {
  if (document.getElementById('search-dialog')) {
    document.getElementById('search-input').focus();
    return;
  }
  const opener = document.activeElement;
  const input = h('input', { id: 'search-input', type: 'text', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'search-results', 'aria-describedby': 'search-help' });
  const list = h('ul', { id: 'search-results', role: 'listbox', class: 'search-results', 'aria-label': t('ui-search-results') });
  const status = h('p', { id: 'search-status', class: 'help', 'aria-live': 'polite' });
  const dialog = h('dialog', { id: 'search-dialog', class: 'search-dialog', 'aria-labelledby': 'search-title' },
    h('h2', { id: 'search-title' }, t('ui-search-everything')),
    h('label', { for: 'search-input' }, t('ui-search-for')),
    h('p', { id: 'search-help', class: 'help' }, t('ui-search-help')),
    input, status, list,
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'search-close', onclick: () => dialog.close() }, t('ui-close'))));
  let options = [];
  let active = -1;
  const highlight = (i) => {
    active = i;
    showActiveOption(input, options, i);
  };
  const open = (i) => {
    const o = options[i];
    if (!o) return;
    dialog.close();
    location.hash = `#/record/${o.register}/${encodeURIComponent(o.id)}`;
  };
  let asked = 0;
  const search = async () => {
    const q = input.value.trim();
    const ticket = ++asked;
    if (q.length < 2) {
      options = [];
      replace(list);
      replace(status, q ? t('ui-search-more') : '');
      input.setAttribute('aria-expanded', 'false');
      highlight(-1);
      return;
    }
    const registers = allRegisters().filter((r) => r.fields.some((f) => f.searchable));
    const pages = await Promise.all(registers.map((r) => api.list(r.name, { search: q, limit: PER_REGISTER, plain: true })
      .then((page) => ({ r, page }))
      .catch(() => ({ r, page: { rows: [], total: 0 } }))));
    if (ticket !== asked) return;
    options = [];
    for (const { r, page } of pages) {
      for (const rec of page.rows) {
        options.push({ register: r.name, registerLabel: r.label, id: rec.id, label: recordLabel(r.name, rec) });
      }
    }
    replace(list, options.map((o, i) => {
      o.el = h('li', { role: 'option', id: `search-opt-${i}`, 'aria-selected': 'false', 'data-register': o.register,
        onmousedown: (e) => e.preventDefault(), onclick: () => open(i) },
      h('span', { class: 'search-label' }, o.label), h('span', { class: 'search-register' }, o.registerLabel));
      return o.el;
    }));
    const total = pages.reduce((n, { page }) => n + page.total, 0);
    replace(status, options.length ? t('ui-search-found', { count: total, shown: options.length }) : t('ui-search-none', { q }));
    input.setAttribute('aria-expanded', options.length ? 'true' : 'false');
    highlight(options.length ? 0 : -1);
  };
  input.addEventListener('input', debounce(search, 250));
  input.addEventListener('keydown', (e) => {
    const n = options.length;
    if (e.key === 'ArrowDown' && n) {
      e.preventDefault();
      highlight((active + 1) % n);
    } else if (e.key === 'ArrowUp' && n) {
      e.preventDefault();
      highlight((active - 1 + n) % n);
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      open(active);
    }
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (document.contains(opener)) opener.focus?.();
  });
  document.body.append(dialog);
  dialog.showModal();
  input.focus();
}
