// Settings: language, idle lock, backups, passphrase, audit verification, about.
import { api } from '../api.js';
import { h, replace, announce } from '../dom.js';
import { t, lang } from '../i18n.js';
import { errorBox, fieldErrors } from './forms.js';
import { currentStatus, setIdleMinutes } from '../app.js';

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
    const next = {
      idle_lock_minutes: Number(form.querySelector('#idle-minutes').value),
      backups_keep: Number(form.querySelector('#backups-keep').value),
      breach_scheme: form.querySelector('#breach-scheme').value,
    };
    await api.saveSettings(next);
    setIdleMinutes(next.idle_lock_minutes);
    return t('ui-settings-saved');
  },
  h('div', { class: 'field' },
    h('label', { for: 'settings-lang' }, t('ui-language')),
    h('select', { id: 'settings-lang', onchange: (e) => switchLanguage(e.target.value) },
      h('option', { value: 'en', lang: 'en', selected: lang() === 'en' }, t('ui-lang-en')),
      h('option', { value: 'cy', lang: 'cy', selected: lang() === 'cy' }, t('ui-lang-cy')))),
  input('idle-minutes', 'ui-idle-lock', { type: 'number', min: 1, max: 240, value: settings.idle_lock_minutes, 'data-name': 'idle_lock_minutes' }),
  input('backups-keep', 'ui-backups-keep', { type: 'number', min: 1, max: 100, value: settings.backups_keep, 'data-name': 'backups_keep' }),
  h('div', { class: 'field', 'data-field': 'breach_scheme' },
    h('label', { for: 'breach-scheme' }, t('ui-breach-scheme')),
    h('select', { id: 'breach-scheme' },
      ['ico', 'nhs-dspt'].map((v) => h('option', { value: v, selected: settings.breach_scheme === v }, t(`ui-breach-scheme-${v}`))))),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('ui-settings-save'))));

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

  const backup = formWith('backup-form', async (form) => {
    const path = await api.backup(form.querySelector('#backup-path').value);
    return t('ui-backup-done', { path });
  },
  h('p', {}, t('ui-backup-intro')),
  input('backup-path', 'ui-backup-path', { spellcheck: 'false', value: status.db_path.replace(/\.db$/, '') + '-copy.db' }),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ui-backup-now'))));

  const auditResult = h('div', { id: 'audit-result' });
  const audit = h('div', {},
    h('p', {}, t('ui-audit-intro')),
    h('button', { type: 'button', id: 'audit-verify', onclick: async () => {
      try {
        const r = await api.verifyAudit();
        replace(auditResult, h('p', { class: r.ok ? 'success' : 'error-summary', role: r.ok ? 'status' : 'alert' }, r.message));
      } catch (err) {
        replace(auditResult, errorBox(err));
      }
    } }, t('ui-audit-verify')),
    auditResult);

  const inst = status.installation || {};
  const about = h('dl', { class: 'about' },
    h('dt', {}, t('ui-council')), h('dd', {}, inst.council_name || ''),
    h('dt', {}, t('ui-db-path')), h('dd', {}, status.db_path),
    h('dt', {}, t('ui-installation')), h('dd', {}, inst.id || ''));

  replace(main,
    h('h1', {}, t('ui-settings-title')),
    section('set-general', 'ui-settings-general', general),
    section('set-passphrase', 'ui-change-passphrase', passphrase),
    section('set-backup', 'ui-backup-title', backup),
    section('set-audit', 'ui-audit-title', audit),
    section('set-about', 'ui-about', about));
  main.focus();
}
