// Bar charts drawn as SVG from figures the core gathers (the dashboard's trend). Each chart is
// one image to assistive technology (role="img", named by its title, described in words by its
// description) and is followed by its figures in a table, so nothing is told by the picture or
// by colour alone: each series also has its own pattern, named in the key. No inline styles
// (the content security policy forbids them): colours and patterns come from classes.
import { h } from './dom.js';
import { t } from './i18n.js';

const NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** A round upper bound for a count axis: 1, 2, 5, 10, 20, 50 … at or above `max`. */
export function niceMax(max) {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= max);
}

const W = 640;
const H = 250;
// The right margin holds the target's label, beside the end of its line, clear of the bars.
const PAD = { left: 48, right: 84, top: 14, bottom: 46 };

/**
 * A grouped bar chart.
 * - `id`: the figure's id; `title`, `desc`: its name and its words;
 * - `labels`: one per group (a quarter); `series`: [{ name, cls, values }] (null: no figure);
 * - `max`: the top of the axis; `percent`: values are percentages; `target`: { value, label }.
 */
export function barChart({ id, title, desc, labels, series, max, percent = false, target = null, format }) {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v) => PAD.top + plotH - (v / max) * plotH;
  const group = plotW / labels.length;
  const barW = Math.min(28, (group * 0.8) / series.length);
  const show = format || ((v) => (v === null || v === undefined ? t('ui-chart-none') : percent ? `${v.toFixed(1)}%` : String(v)));
  const ticks = percent ? [0, 25, 50, 75, 100] : [0, max / 2, max].filter((v, i, a) => Number.isInteger(v) && a.indexOf(v) === i);
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': titleId, 'aria-describedby': descId, class: 'chart', focusable: 'false' },
    s('title', { id: titleId }, title),
    s('desc', { id: descId }, desc),
    s('defs', {},
      s('pattern', { id: `${id}-stripes`, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        s('rect', { width: 6, height: 6, class: 'pattern-bg' }),
        s('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'pattern-line' })),
      s('pattern', { id: `${id}-dots`, width: 5, height: 5, patternUnits: 'userSpaceOnUse' },
        s('rect', { width: 5, height: 5, class: 'pattern-bg-alt' }),
        s('circle', { cx: 2.5, cy: 2.5, r: 1.2, class: 'pattern-dot' }))),
    // Grid and axis labels.
    ticks.map((v) => s('g', { class: 'tick' },
      s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, percent ? `${v}%` : String(v)))),
    // Bars: the first series solid, the second striped, the third dotted.
    labels.map((label, i) => s('g', { class: 'group', 'data-label': label },
      series.map((se, j) => {
        const v = se.values[i];
        if (v === null || v === undefined) return null;
        const x = PAD.left + i * group + (group - barW * series.length) / 2 + j * barW;
        const fill = j === 1 ? `url(#${id}-stripes)` : j === 2 ? `url(#${id}-dots)` : null;
        return s('rect', { x, y: y(v), width: barW - 2, height: Math.max(0, PAD.top + plotH - y(v)), class: `bar bar-${j}`, fill, 'data-series': se.cls, 'data-value': v });
      }),
      // "Q3 2025-26" on two lines (quarter, then year), so eight quarters fit side by side.
      s('text', { y: H - PAD.bottom + 16, 'text-anchor': 'middle', class: 'axis' },
        String(label).split(/ (.+)/).filter(Boolean).map((part, k) => s('tspan', { x: PAD.left + i * group + group / 2, dy: k ? 14 : 0 }, part))))),
    target ? s('g', { class: 'target' },
      s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(target.value), y2: y(target.value), class: 'target-line' }),
      s('text', { x: W - PAD.right + 6, y: y(target.value) + 4, 'text-anchor': 'start', class: 'target-label' }, target.label)) : null);
  const key = h('ul', { class: 'chart-key' },
    series.map((se, j) => h('li', {},
      h('span', { class: `swatch ${['solid', 'striped', 'dotted'][j]}`, 'aria-hidden': 'true' }), se.name)),
    target ? h('li', {}, h('span', { class: 'swatch target-swatch', 'aria-hidden': 'true' }), target.label) : null);
  const table = h('table', { class: 'register chart-figures' },
    h('caption', {}, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('ui-chart-quarter')), series.map((se) => h('th', { scope: 'col' }, se.name)))),
    h('tbody', {}, labels.map((label, i) => h('tr', {},
      h('th', { scope: 'row' }, label),
      series.map((se) => h('td', {}, show(se.values[i])))))));
  return h('figure', { class: 'chart-figure', id },
    h('h3', { class: 'chart-title' }, title),
    svg, key,
    h('details', { class: 'chart-details' }, h('summary', {}, t('ui-chart-figures')), table));
}

/**
 * The 5×5 heat map of open risks by residual likelihood (rows, 5 at the top) and impact
 * (columns), each cell coloured by the band the core gives it and holding what `cell(l, i, n,
 * label)` makes of it (a button on the risks screen, a link on the dashboard), named in words.
 * `id` and `level` (of the key's heading) let it sit on either screen.
 */
export function heatMapFigure({ grid, colours, legend }, cell, { id = 'heat-map', level = 'h2' } = {}) {
  // Colours come from the settings; set through the CSSOM, which the CSP allows.
  for (const [band, colour] of Object.entries(colours)) document.documentElement.style.setProperty(`--band-${band}`, colour);
  const bandLabel = Object.fromEntries(legend.map((e) => [e.band, e.label]));
  const rows = [5, 4, 3, 2, 1].map((l) => h('tr', {},
    h('th', { scope: 'row' }, String(l)),
    [1, 2, 3, 4, 5].map((i) => {
      const { count: n, band } = grid[l - 1][i - 1];
      const control = cell(l, i, n, t('ui-heat-cell', { l, i, n, band: bandLabel[band] }));
      control.dataset.band = band;
      return h('td', { class: `band-${band}`, 'data-band': band }, control);
    })));
  // The key names each band and its scores, so the map does not rely on colour alone.
  const keyId = `${id}-legend-title`;
  const key = h('div', { class: 'heat-legend' },
    h(level, { id: keyId }, t('ui-heat-legend')),
    h('ul', { 'aria-labelledby': keyId }, legend.map((e) => h('li', { 'data-band': e.band },
      h('span', { class: `swatch band-${e.band}`, 'aria-hidden': 'true' }),
      t('ui-heat-legend-entry', { label: e.label, from: e.from, to: e.to })))));
  return h('figure', { class: 'heat-map', id },
    h('figcaption', {}, t('ui-heat-map')),
    h('div', { class: 'heat-body' },
      h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('ui-heat-likelihood'), ' \\ ', t('ui-heat-impact')),
          [1, 2, 3, 4, 5].map((i) => h('th', { scope: 'col' }, String(i))))),
        h('tbody', {}, rows)),
      key));
}

/**
 * A headline measure's small chart: last quarter and this quarter as two bars (the first
 * striped, the second solid, each labelled under it), with its target as a dashed line. One
 * image named by `label`, which says every figure in words.
 */
export function miniBars({ id, label, bars, max, target = null }) {
  const w = 160;
  const hgt = 78;
  const base = 58;
  const top = 6;
  const y = (v) => base - (Math.max(0, Math.min(v, max)) / max) * (base - top);
  return s('svg', { viewBox: `0 0 ${w} ${hgt}`, role: 'img', 'aria-label': label, class: 'mini-chart', focusable: 'false' },
    s('defs', {}, s('pattern', { id: `${id}-stripes`, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('rect', { width: 6, height: 6, class: 'pattern-bg' }),
      s('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'pattern-line' }))),
    s('line', { x1: 10, x2: w - 10, y1: base, y2: base, class: 'grid' }),
    bars.map((b, j) => {
      const x = 30 + j * 60;
      return s('g', { class: 'mini-bar' },
        b.value === null || b.value === undefined ? null
          : s('rect', { x, y: y(b.value), width: 40, height: Math.max(1, base - y(b.value)), class: `bar bar-${j === 0 ? 1 : 0}`, fill: j === 0 ? `url(#${id}-stripes)` : null }),
        s('text', { x: x + 20, y: base + 14, 'text-anchor': 'middle', class: 'axis' }, b.name));
    }),
    target === null || target === undefined ? null
      : s('line', { x1: 10, x2: w - 10, y1: y(target), y2: y(target), class: 'target-line' }));
}
