// The dashboard: what needs attention first, then how many records each register holds.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';

export async function showDashboard(main) {
  const data = await api.dashboard();
  document.title = `${t('ui-dashboard-title')} · Cofrestr`;
  const attention = data.attention.length
    ? h('ul', { class: 'attention', id: 'attention' }, data.attention.map((a) => {
      const href = a.screen ? `#/${a.screen}`
        : a.register ? `#/register/${a.register}${a.filter ? `?${encodeURIComponent(a.filter[0])}=${encodeURIComponent(a.filter[1])}` : ''}`
          : null;
      // The link is named after what it opens: the notice's own words.
      return h('li', { class: `attention-${a.severity}`, 'data-code': a.code },
        h('span', { class: 'badge' }, a.severity === 'warning' ? '!' : 'i'),
        href ? h('a', { href, class: 'attention-text' }, a.message) : h('span', { class: 'attention-text' }, a.message));
    }))
    : h('p', { id: 'attention' }, t('ui-dashboard-nothing'));
  const due = data.due.length
    ? h('ul', { class: 'due', id: 'due' }, data.due.map((d) =>
      h('li', { class: d.urgent ? 'due-urgent' : 'due-normal', 'data-code': d.code },
        h('span', { class: 'badge' }, d.urgent ? '!' : '•'),
        h('a', { href: `#/record/${d.register}/${encodeURIComponent(d.id)}`, class: 'attention-text' }, d.message))))
    : h('p', { id: 'due' }, t('ui-dashboard-nothing-due'));
  const disposals = data.disposals.length
    ? h('ul', { class: 'due', id: 'disposals' }, data.disposals.map((d) =>
      h('li', { class: d.overdue ? 'due-urgent' : 'due-normal', 'data-code': d.overdue ? 'disposal-overdue' : 'disposal-due' },
        h('span', { class: 'badge' }, d.overdue ? '!' : '•'),
        h('a', { href: `#/record/assets/${encodeURIComponent(d.asset_id)}`, class: 'attention-text' }, d.message))))
    : h('p', { id: 'disposals' }, t('ui-dashboard-nothing-disposal'));
  replace(main,
    h('h1', {}, t('ui-dashboard-title')),
    h('p', { class: 'lead' }, data.council),
    h('section', { 'aria-labelledby': 'dash-due' },
      h('h2', { id: 'dash-due' }, t('ui-dashboard-due')), due),
    h('section', { 'aria-labelledby': 'dash-attention' },
      h('h2', { id: 'dash-attention' }, t('ui-dashboard-attention')), attention),
    h('section', { 'aria-labelledby': 'dash-disposals' },
      h('h2', { id: 'dash-disposals' }, t('ui-dashboard-disposals')), disposals),
    h('section', { 'aria-labelledby': 'dash-counts' },
      h('h2', { id: 'dash-counts' }, t('ui-dashboard-records')),
      h('ul', { class: 'cards' }, data.counts.map((c) =>
        h('li', { class: 'card' },
          h('a', { href: `#/register/${c.register}`, id: `count-${c.register}` },
            h('span', { class: 'card-number' }, c.count.toLocaleString(document.documentElement.lang === 'cy' ? 'cy-GB' : 'en-GB')),
            h('span', { class: 'card-label' }, c.label)))))));
  main.focus();
}
