// Settings: language, idle lock, backups, passphrase, audit verification (with a published
// report's anchor), what has left the database, about.
import { api } from '../api.js';
import { h, replace, announce } from '../dom.js';
import { t, lang } from '../i18n.js';
import { currentStatus, setIdleMinutes, reloadRegisters, recoveryKeyWaiting, councilRenamed } from '../state.js';
import { errorBox, fieldErrors, fileChoice, londonToday } from '../widgets.js';

function input(id, labelId, attrs = {}) {
  return h('div', { class: 'field', 'data-field': attrs['data-name'] || id },
    h('label', { for: id }, t(labelId)),
    h('input', { id, name: id, ...attrs }),
    h('p', { class: 'error', hidden: true }));
}

function section(id, titleId, ...body) {
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, t(titleId)), ...body);
}

function formWith(id, onSubmit, ...children) {
  const box = h('div', { class: 'form-message' });
  const form = h('form', { id, novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    replace(box);
    try {
      const ok = await onSubmit(form);
      fieldErrors(form, { fields: [] });
      if (ok) {
        replace(box, h('p', { class: 'success', role: 'status' }, ok));
        announce(ok);
      }
    } catch (err) {
      replace(box, errorBox(err));
      fieldErrors(form, err);
      box.querySelector('[role="alert"]')?.focus();
    }
  } }, box, ...children);
  return form;
}

export async function showSettings(main, { switchLanguage }) {
  const settings = await api.settings();
  const status = currentStatus();
  document.title = `${t('ui-settings-title')} · Cofrestr`;

  const general = formWith('settings-form', async (form) => {
    // Send every setting: the core fills anything missing with its default.
    const next = {
      ...(await api.settings()),
      idle_lock_minutes: Number(form.querySelector('#idle-minutes').value),
      backups_keep: Number(form.querySelector('#backups-keep').value),
      breach_scheme: form.querySelector('#breach-scheme').value,
      sharing_review_months: Number(form.querySelector('#sharing-months').value),
      training_target_pct: Number(form.querySelector('#training-target').value),
      council_name_cy: form.querySelector('#council-cy').value.trim(),
    };
    await api.saveSettings(next);
    setIdleMinutes(next.idle_lock_minutes);
    await councilRenamed();
    return t('ui-settings-saved');
  },
  h('div', { class: 'field' },
    h('label', { for: 'settings-lang' }, t('ui-language')),
    h('select', { id: 'settings-lang', onchange: (e) => switchLanguage(e.target.value) },
      h('option', { value: 'en', lang: 'en', selected: lang() === 'en' }, t('ui-lang-en')),
      h('option', { value: 'cy', lang: 'cy', selected: lang() === 'cy' }, t('ui-lang-cy')))),
  h('div', { class: 'field', 'data-field': 'council_name_cy' },
    h('label', { for: 'council-cy' }, t('ui-council-name-cy')),
    h('p', { class: 'help', id: 'council-cy-help' }, t('ui-council-name-cy-help', { name: status.installation?.council_name || '' })),
    h('input', { id: 'council-cy', lang: 'cy', maxlength: 200, value: settings.council_name_cy || '', 'aria-describedby': 'council-cy-help', autocomplete: 'off' }),
    h('p', { class: 'error', hidden: true })),
  input('idle-minutes', 'ui-idle-lock', { type: 'number', min: 1, max: 240, value: settings.idle_lock_minutes, 'data-name': 'idle_lock_minutes' }),
  input('backups-keep', 'ui-backups-keep', { type: 'number', min: 1, max: 100, value: settings.backups_keep, 'data-name': 'backups_keep' }),
  h('div', { class: 'field', 'data-field': 'breach_scheme' },
    h('label', { for: 'breach-scheme' }, t('ui-breach-scheme')),
    h('select', { id: 'breach-scheme' },
      ['ico', 'nhs-dspt'].map((v) => h('option', { value: v, selected: settings.breach_scheme === v }, t(`ui-breach-scheme-${v}`))))),
  input('sharing-months', 'ui-sharing-review-months', { type: 'number', min: 1, max: 60, value: settings.sharing_review_months, 'data-name': 'sharing_review_months' }),
  input('training-target', 'ui-training-target', { type: 'number', min: 1, max: 100, value: settings.training_target_pct, 'data-name': 'training_target_pct' }),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('ui-settings-save'))));

  // The risk scale: for each band its names in both languages, the score it starts at and its
  // heat-map colour; then the SIRO escalation score.
  const bands = ['low', 'moderate', 'high', 'extreme'];
  // Each band's colour: typed as #rrggbb or picked in the computer's colour chooser, the two
  // kept the same; both are named by the band's name as it is typed, in the window's language.
  const paint = (form) => bands.forEach((b) => {
    const v = form.querySelector(`#colour-${b}`).value.trim();
    if (/^#[0-9a-fA-F]{6}$/.test(v)) form.querySelector(`#picker-${b}`).value = v.toLowerCase();
  });
  const bandName = (form, b, i) => form?.querySelector(`#label-${b}-${lang()}`)?.value.trim() || settings.risks.labels[i][lang()] || t(`ui-band-${i + 1}`);
  const nameColours = (form) => bands.forEach((b, i) => {
    const name = bandName(form, b, i);
    replace(form.querySelector(`#colour-${b}-label`), t('ui-band-colour-of', { band: name }));
    form.querySelector(`#picker-${b}`).setAttribute('aria-label', t('ui-band-colour-pick', { band: name }));
  });
  const bandFieldset = (b, i) => h('fieldset', { class: 'band', id: `band-${b}-fields` },
    h('legend', {}, t(`ui-band-${i + 1}`)),
    input(`label-${b}-en`, 'ui-band-name-en', { lang: 'en', maxlength: 30, value: settings.risks.labels[i].en, 'data-name': `label_${b}_en`, oninput: (e) => nameColours(e.target.form) }),
    input(`label-${b}-cy`, 'ui-band-name-cy', { lang: 'cy', maxlength: 30, value: settings.risks.labels[i].cy, 'data-name': `label_${b}_cy`, oninput: (e) => nameColours(e.target.form) }),
    i === 0
      ? h('p', { class: 'band-start' }, t('ui-band-starts-at-one'))
      : input(`band-${b}`, 'ui-band-starts-at', { type: 'number', min: i + 1, max: 25, value: settings.risks[`${b}_from`], 'data-name': `${b}_from` }),
    h('div', { class: 'field colour-field', 'data-field': `colour_${b}` },
      h('label', { for: `colour-${b}`, id: `colour-${b}-label` }, t('ui-band-colour-of', { band: bandName(null, b, i) })),
      h('span', { class: 'colour-input' },
        h('input', { type: 'color', id: `picker-${b}`, value: (/^#[0-9a-fA-F]{6}$/.test(settings.risks.colours[i]) ? settings.risks.colours[i] : '#ffffff').toLowerCase(),
          'aria-label': t('ui-band-colour-pick', { band: bandName(null, b, i) }), 'aria-describedby': 'colour-help',
          oninput: (e) => { e.target.form.querySelector(`#colour-${b}`).value = e.target.value; } }),
        h('input', { id: `colour-${b}`, value: settings.risks.colours[i], spellcheck: 'false', size: 8, 'aria-describedby': 'colour-help',
          oninput: (e) => paint(e.target.form) })),
      h('p', { class: 'error', hidden: true })));
  const risk = formWith('risk-scale-form', async (form) => {
    const val = (id) => form.querySelector(`#${id}`).value;
    const next = {
      ...(await api.settings()),
      risks: {
        moderate_from: Number(val('band-moderate')),
        high_from: Number(val('band-high')),
        extreme_from: Number(val('band-extreme')),
        escalate_at: Number(val('escalate-at')),
        colours: bands.map((b) => val(`colour-${b}`).trim()),
        labels: bands.map((b) => ({ en: val(`label-${b}-en`).trim(), cy: val(`label-${b}-cy`).trim() })),
      },
    };
    await api.saveSettings(next);
    await reloadRegisters();
    return t('ui-risk-scale-saved');
  },
  h('p', {}, t('ui-risk-scale-intro')),
  h('p', { class: 'help', id: 'colour-help' }, t('ui-band-colour-help')),
  h('div', { class: 'bands' }, bands.map(bandFieldset)),
  input('escalate-at', 'ui-escalate-at', { type: 'number', min: 1, max: 25, value: settings.risks.escalate_at, 'data-name': 'escalate_at' }),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ui-risk-scale-save'))));
  paint(risk);

  const passphrase = formWith('passphrase-form', async (form) => {
    const v = (id) => form.querySelector(`#${id}`).value;
    await api.changePassphrase(v('pp-current'), v('pp-new'), v('pp-repeat'));
    form.reset();
    return t('ui-passphrase-changed');
  },
  input('pp-current', 'ui-passphrase-current', { type: 'password', autocomplete: 'current-password' }),
  input('pp-new', 'ui-passphrase-new', { type: 'password', autocomplete: 'new-password', 'aria-describedby': 'pp-hint' }),
  h('p', { class: 'help', id: 'pp-hint' }, t('ui-passphrase-hint')),
  input('pp-repeat', 'ui-passphrase-repeat', { type: 'password', autocomplete: 'new-password' }),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ui-change-passphrase'))));

  // The recovery key: which one opens the file, its uses, and making a new one.
  const recoveryBox = h('div', { id: 'recovery-status' }, h('p', {}, t('ui-loading')));
  api.recoveryStatus().then((st) => replace(recoveryBox,
    h('dl', { class: 'about' },
      h('dt', {}, t('ui-recovery-status-id')), h('dd', { id: 'recovery-id' }, st.id || t('ui-recovery-status-none')),
      h('dt', {}, t('ui-recovery-status-made')), h('dd', {}, st.made || '–'),
      h('dt', {}, t('ui-recovery-status-confirmed')), h('dd', {}, st.confirmed || t('ui-recovery-status-not-confirmed'))),
    st.events.length
      ? h('table', { id: 'key-events', class: 'register' },
        h('caption', {}, t('ui-recovery-events')),
        h('thead', {}, h('tr', {}, ['ui-exports-col-when', 'ui-exports-col-who', 'ui-recovery-col-what'].map((id) => h('th', { scope: 'col' }, t(id))))),
        h('tbody', {}, st.events.map((e) => h('tr', {}, h('td', {}, e.at), h('td', {}, e.actor), h('td', {}, e.said)))))
      : null))
    .catch((err) => replace(recoveryBox, errorBox(err)));
  const newKey = formWith('new-key-form', async (form) => {
    await api.newRecoveryKey(form.querySelector('#new-key-passphrase').value);
    form.reset();
    recoveryKeyWaiting();
    return null;
  },
  h('p', {}, t('ui-recovery-new-intro')),
  input('new-key-passphrase', 'ui-passphrase-current', { type: 'password', autocomplete: 'current-password' }),
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'new-key-submit' }, t('ui-recovery-new'))));

  // A copy saved where the person picks in the computer's own dialog.
  const today = await londonToday();
  const backupFile = fileChoice('backup-path', 'backup-save',
    () => `${status.db_path.replace(/^.*[/\\]/, '').replace(/\.db$/, '')}-copy-${today}.db`);
  const backup = formWith('backup-form', async () => {
    const chosen = await backupFile.next();
    if (!chosen) return null;
    const path = await api.backup(chosen);
    return t('ui-backup-done', { path });
  },
  h('p', {}, t('ui-backup-intro')),
  h('div', { class: 'field', 'data-field': 'path' }, h('label', { for: 'backup-path', id: 'backup-path-label' }, t('ui-backup-path')), backupFile.element, h('p', { class: 'error', hidden: true })),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ui-backup-now'))));

  const auditResult = h('div', { id: 'audit-result' });
  const audit = formWith('audit-form', async (form) => {
    replace(auditResult);
    const r = await api.verifyAudit(form.querySelector('#audit-anchor').value);
    replace(auditResult, h('p', { class: r.ok ? 'success' : 'error-summary', role: r.ok ? 'status' : 'alert' }, r.message));
    return null;
  },
  h('p', {}, t('ui-audit-intro')),
  input('audit-anchor', 'ui-audit-anchor', { spellcheck: 'false', autocomplete: 'off', 'data-name': 'anchor', 'aria-describedby': 'audit-anchor-help' }),
  h('p', { class: 'help', id: 'audit-anchor-help' }, t('ui-audit-anchor-help')),
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'audit-verify' }, t('ui-audit-verify'))),
  auditResult);

  // What has left this database: every export, list, report, return and pack, from the trail.
  const exportsBox = h('div', { id: 'exports-body' }, h('p', {}, t('ui-loading')));
  api.exports().then((rows) => replace(exportsBox, rows.length
    ? h('table', { id: 'exports', class: 'register' },
      h('caption', {}, t('ui-exports-caption', { n: rows.length })),
      h('thead', {}, h('tr', {}, ['ui-exports-col-when', 'ui-exports-col-who', 'ui-exports-col-what', 'ui-exports-col-records', 'ui-exports-col-where']
        .map((id) => h('th', { scope: 'col' }, t(id))))),
      h('tbody', {}, rows.map((e) => h('tr', {},
        h('td', {}, e.at), h('td', {}, e.actor),
        h('th', { scope: 'row' }, `${e.what} (${e.format})`),
        h('td', { class: 'num' }, e.records === null ? '–' : String(e.records)),
        h('td', { class: 'path', title: t('ui-exports-sha256', { sha256: e.sha256 }) }, e.place)))))
    : h('p', { id: 'exports-none' }, t('ui-exports-none'))))
    .catch((err) => replace(exportsBox, errorBox(err)));

  const inst = status.installation || {};
  const about = h('dl', { class: 'about' },
    h('dt', {}, t('ui-council')), h('dd', {}, inst.council_name || ''),
    h('dt', {}, t('ui-db-path')), h('dd', {}, status.db_path),
    h('dt', {}, t('ui-installation')), h('dd', {}, inst.id || ''));

  replace(main,
    h('h1', {}, t('ui-settings-title')),
    settings.unreadable ? h('p', { class: 'notice', role: 'alert', id: 'settings-unreadable' }, t('ui-settings-unreadable')) : null,
    section('set-general', 'ui-settings-general', general),
    section('set-risk-scale', 'ui-risk-scale-title', risk),
    section('set-passphrase', 'ui-change-passphrase', passphrase),
    section('set-recovery', 'ui-recovery-settings-title', h('p', {}, t('ui-recovery-settings-intro')), recoveryBox, newKey),
    section('set-backup', 'ui-backup-title', backup),
    section('set-audit', 'ui-audit-title', audit),
    h('section', { class: 'panel wide', 'aria-labelledby': 'set-exports' }, h('h2', { id: 'set-exports' }, t('ui-exports-title')),
      h('p', {}, t('ui-exports-intro')), exportsBox),
    section('set-about', 'ui-about', about));
  main.focus();
}
