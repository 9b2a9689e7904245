// The dashboard: what needs attention first, then how many records each register holds.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { barChart, heatMapFigure, miniBars, niceMax } from '../charts.js';
import { errorBox, glanceTag } from '../widgets.js';

const RAG_TONE = { green: 'good', amber: 'warning', red: 'urgent' };

/**
 * How the council is doing, as the IMG pack counts it: the headline measures this quarter so
 * far against the last (each with its target and RAG in words), eight quarters of requests
 * answered on time and of breaches, as charts with their figures, and the risk heat map.
 */
async function charts(section) {
  // The heat map and the measures are asked for side by side; either failing says so where it
  // would be and leaves the other.
  const [data, map] = await Promise.all([api.headline().catch((err) => ({ err })), api.heatMap().catch((err) => ({ err }))]);
  section.removeAttribute('aria-busy');
  const heat = map.err ? errorBox(map.err) : heatMapFigure(map, (l, i, n, label) => h('a', {
    class: 'heat-cell', 'data-cell': `${l}-${i}`, 'aria-label': label,
    href: `#/register/risks?view=open&residual_likelihood=${l}&residual_impact=${i}`,
  }, n ? String(n) : ''), { id: 'dash-heat-map', level: 'h3' });
  if (data.err) {
    replace(section, h('h2', { id: 'dash-charts' }, t('ui-dash-charts')), errorBox(data.err), heat);
    return;
  }
  const last = data.trend[data.trend.length - 1];
  const pc = (v) => (v === null || v === undefined ? t('ui-chart-none') : `${v.toFixed(1)}%`);
  // Each headline measure as a card: its figure and RAG in words, and a small chart of last
  // quarter against this one with the target.
  const cards = h('ul', { class: 'kpi-cards', id: 'dash-kpi-cards' }, data.kpis.map((k) => {
    const max = k.percent ? 100 : niceMax(Math.max(1, k.value_num ?? 0, k.previous_num ?? 0));
    const target = k.percent ? k.target_num : null;
    const label = t(target === null || target === undefined ? 'ui-kpi-chart' : 'ui-kpi-chart-target',
      { measure: k.measure, last: k.previous, now: k.value, target: k.target });
    return h('li', { class: 'kpi-card', 'data-kpi': k.id },
      h('h3', { class: 'kpi-measure' }, k.measure),
      h('p', { class: 'kpi-value' }, h('span', { class: 'kpi-number' }, k.value), ' ',
        k.rag_value ? glanceTag({ kind: 'rag', tone: RAG_TONE[k.rag_value], text: k.rag }) : null),
      miniBars({ id: `mini-${k.id}`, label, max, target, bars: [{ name: t('ui-kpi-last-short'), value: k.previous_num }, { name: t('ui-kpi-this-short'), value: k.value_num }] }),
      k.change ? h('p', { class: 'kpi-change' }, t('ui-kpi-change-was', { change: k.change, last: k.previous })) : null);
  }));
  const kpis = h('table', { class: 'register kpis', id: 'dash-kpis' },
    h('caption', {}, t('ui-dash-kpis', { quarter: data.quarter })),
    h('thead', {}, h('tr', {}, ['ui-kpi-measure', 'ui-kpi-this', 'ui-kpi-last', 'ui-kpi-change', 'ui-kpi-target', 'ui-kpi-rag']
      .map((id) => h('th', { scope: 'col' }, t(id))))),
    h('tbody', {}, data.kpis.map((k) => h('tr', { 'data-kpi': k.id },
      h('th', { scope: 'row' }, k.measure),
      h('td', { class: 'num' }, k.value),
      h('td', { class: 'num' }, k.previous),
      h('td', {}, k.change),
      h('td', {}, k.target),
      h('td', { class: 'rag' }, k.rag_value ? glanceTag({ kind: 'rag', tone: RAG_TONE[k.rag_value], text: k.rag }) : k.rag)))));
  const target = { value: data.on_time_target, label: t('ui-chart-target', { target: data.on_time_target }) };
  const onTime = barChart({
    id: 'chart-on-time',
    title: t('ui-chart-on-time'),
    desc: t('ui-chart-on-time-desc', { target: data.on_time_target, quarter: last.label, foi: pc(last.foi_eir_on_time), sar: pc(last.sar_on_time) }),
    labels: data.trend.map((p) => p.label),
    series: [
      { name: t('ui-chart-foi-eir'), cls: 'foi-eir', values: data.trend.map((p) => p.foi_eir_on_time) },
      { name: t('ui-chart-sar'), cls: 'sar', values: data.trend.map((p) => p.sar_on_time) },
    ],
    max: 100,
    percent: true,
    target,
  });
  const most = Math.max(0, ...data.trend.map((p) => p.breaches));
  const breaches = barChart({
    id: 'chart-breaches',
    title: t('ui-chart-breaches'),
    desc: t('ui-chart-breaches-desc', { quarter: last.label, breaches: last.breaches, reported: last.reported, within: last.within_72h }),
    labels: data.trend.map((p) => p.label),
    series: [
      { name: t('ui-chart-breaches-count'), cls: 'breaches', values: data.trend.map((p) => p.breaches) },
      { name: t('ui-chart-reported'), cls: 'reported', values: data.trend.map((p) => p.reported) },
      { name: t('ui-chart-within'), cls: 'within', values: data.trend.map((p) => p.within_72h) },
    ],
    max: niceMax(most),
  });
  replace(section,
    h('h2', { id: 'dash-charts' }, t('ui-dash-charts')),
    h('p', { class: 'intro' }, t('ui-dash-charts-intro')),
    cards,
    h('details', { class: 'chart-details', id: 'dash-kpis-details' }, h('summary', {}, t('ui-kpi-figures')), h('div', { class: 'table-wrap' }, kpis)),
    h('div', { class: 'charts' }, onTime, breaches),
    // Open risks by residual score; each cell opens the risks it counts.
    heat);
}

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
  const chartSection = h('section', { 'aria-labelledby': 'dash-charts', id: 'dash-charts-section', 'aria-busy': 'true' },
    h('h2', { id: 'dash-charts' }, t('ui-dash-charts')),
    h('p', { class: 'help' }, t('ui-dash-charts-loading')));
  replace(main,
    h('h1', {}, t('ui-dashboard-title')),
    h('p', { class: 'lead' }, data.council),
    h('section', { 'aria-labelledby': 'dash-due' },
      h('h2', { id: 'dash-due' }, t('ui-dashboard-due')), due),
    h('section', { 'aria-labelledby': 'dash-attention' },
      h('h2', { id: 'dash-attention' }, t('ui-dashboard-attention')), attention),
    h('section', { 'aria-labelledby': 'dash-disposals' },
      h('h2', { id: 'dash-disposals' }, t('ui-dashboard-disposals')), disposals),
    chartSection,
    h('section', { 'aria-labelledby': 'dash-counts' },
      h('h2', { id: 'dash-counts' }, t('ui-dashboard-records')),
      h('ul', { class: 'cards' }, data.counts.map((c) =>
        h('li', { class: 'card' },
          h('a', { href: `#/register/${c.register}`, id: `count-${c.register}` },
            h('span', { class: 'card-number' }, c.count.toLocaleString(document.documentElement.lang === 'cy' ? 'cy-GB' : 'en-GB')),
            h('span', { class: 'card-label' }, c.label)))))));
  main.focus();
  // The charts take longer at a council's scale: the rest of the dashboard is usable meanwhile.
  await charts(chartSection);
}
