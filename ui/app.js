// The application shell: first run, unlock, the main layout with navigation, the language
// switch and locking (after idle time, or whenever api.js reports that the core refused a call
// as locked). Screens live in screens/; all data comes through api.js; what the shell and the
// screens share is in state.js (which the shell fills) and widgets.js.
import { api, isLocked, LOCKED_EVENT } from './api.js';
import { h, replace, announce } from './dom.js';
import { loadLanguage, lang, t } from './i18n.js';
import { currentStatus, setStatus, registerView, reloadRegisters, connectShell, setCameFrom, setLeaveGuard, wouldLoseChanges } from './state.js';
import { errorBox, fieldErrors, fileChoice } from './widgets.js';
import { showDashboard } from './screens/dashboard.js';
import { showRegister } from './screens/register.js';
import { showRecord } from './screens/record.js';
import { showSettings } from './screens/settings.js';
import { showReports } from './screens/reports.js';
import { showTransfer } from './screens/transfer.js';
import { showPrint } from './screens/print.js';
import { showTraining } from './screens/training.js';
import { showReturns, showConflict } from './screens/returns.js';
import { showAbout } from './screens/about.js';
import { openSearch } from './screens/search.js';

const app = document.getElementById('app');
// The shell's own state; what screens share (the status, the registers) is in state.js.
const state = { lastActivity: Date.now(), lockNotice: false, forceSetup: false };

// Always in reach, above the groups: the dashboard, search, and the work done across registers.
const PINNED = [
  { label: 'ui-nav-dashboard', route: '#/dashboard', id: 'nav-dashboard' },
  { label: 'ui-nav-reports', route: '#/reports', id: 'nav-reports' },
  { label: 'ui-nav-returns', route: '#/returns', id: 'nav-returns' },
  { label: 'ui-nav-settings', route: '#/settings', id: 'nav-settings' },
];

// The registers by area, each group opened and closed by its heading (kept between sessions).
const NAV = [
  { group: 'ui-nav-rights', registers: ['requests', 'breaches'] },
  // Child registers (sharing partners, quarterly updates, versions, audit answers, ratings,
  // completions) are tabs on their parent record's page, not entries here.
  { group: 'ui-nav-registers', registers: ['assets', 'sharing', 'risks', 'actions'] },
  { group: 'ui-nav-records', registers: ['retention', 'disposals', 'policies', 'publication'] },
  { group: 'ui-nav-organisation', registers: ['departments', 'people', 'roles'] },
  { group: 'ui-nav-training', route: '#/training', id: 'nav-training', registers: ['courses'] },
  { group: 'ui-nav-assurance', registers: ['site_audits', 'checklist_templates', 'accountability_assessments'] },
  { group: 'ui-nav-reference', registers: ['holidays'] },
];

const COLLAPSED_KEY = 'cofrestr.nav.collapsed';

function collapsedGroups() {
  try {
    return new Set(JSON.parse(localStorage.getItem(COLLAPSED_KEY) || '[]'));
  } catch {
    return new Set();
  }
}

async function start() {
  // Every call the core refuses because the session is locked: the unlock page.
  window.addEventListener(LOCKED_EVENT, () => {
    if (currentStatus()?.unlocked) lockNow(true);
  });
  connectShell({ recoveryKeyWaiting, councilRenamed });
  setStatus(await api.status());
  await loadLanguage(currentStatus().lang);
  await reloadRegisters();
  document.getElementById('skip-link').textContent = t('ui-skip-link');
  window.addEventListener('hashchange', route);
  for (const ev of ['keydown', 'pointerdown', 'wheel']) {
    window.addEventListener(ev, stillHere, { passive: true });
  }
  window.addEventListener('keydown', zoomKeys);
  window.addEventListener('keydown', searchKey);
  setInterval(checkIdle, 15000);
  setInterval(raiseDue, 5 * 60000);
  document.addEventListener('cofrestr:saved', raiseDue);
  render();
}

async function switchLanguage(next) {
  // A record with changes not saved is drawn again in the other language: ask first.
  if (wouldLoseChanges()) {
    const select = document.getElementById('lang-select');
    if (select) select.value = lang();
    askBeforeLeaving(document.getElementById('main'), () => switchLanguage(next));
    return;
  }
  await api.setLang(next);
  // The status again: the council's name follows the language.
  setStatus(await api.status());
  await loadLanguage(next);
  await reloadRegisters();
  document.getElementById('skip-link').textContent = t('ui-skip-link');
  render();
  document.getElementById('lang-select')?.focus();
}

function langSelect() {
  const select = h('select', { id: 'lang-select', onchange: (e) => switchLanguage(e.target.value) },
    h('option', { value: 'en', lang: 'en', selected: lang() === 'en' }, t('ui-lang-en')),
    h('option', { value: 'cy', lang: 'cy', selected: lang() === 'cy' }, t('ui-lang-cy')));
  return h('div', { class: 'lang' }, h('label', { for: 'lang-select' }, t('ui-language')), select);
}

function render() {
  app.removeAttribute('aria-busy');
  const status = currentStatus();
  if (!status.unlocked) {
    if (status.db_exists && !state.forceSetup) renderUnlock();
    else renderSetup();
    return;
  }
  if (status.recovery_pending) {
    renderRecoveryKey();
    return;
  }
  renderShell();
  route();
}

function page(title, ...body) {
  document.title = `${title} · Cofrestr`;
  return h('div', { class: 'gate' },
    h('header', { class: 'gate-header' },
      h('p', { class: 'brand' }, t('ui-app-name'), h('span', { class: 'tagline' }, t('ui-app-tagline'))),
      langSelect()),
    h('main', { id: 'main', tabindex: '-1', class: 'gate-main' }, h('h1', {}, title), ...body),
    h('footer', { class: 'gate-footer' },
      h('button', { type: 'button', class: 'link', id: 'gate-about', onclick: aboutFromGate }, t('ui-about-cofrestr'))));
}

/** The About screen on the locked pages; Back returns to them. */
function aboutFromGate() {
  const main = document.getElementById('main');
  showAbout(main, { back: () => { render(); document.getElementById('gate-about')?.focus(); } });
}

function field(id, labelId, attrs = {}, hintId = null) {
  const hint = hintId ? h('p', { class: 'help', id: `${id}-help` }, t(hintId)) : null;
  return h('div', { class: 'field', 'data-field': attrs['data-name'] || id },
    h('label', { for: id }, t(labelId)),
    hint,
    h('input', { id, name: id, 'aria-describedby': hint ? `${id}-help` : null, ...attrs }),
    h('p', { class: 'error', id: `${id}-error`, hidden: true }));
}

/** Where the database is: the one opened last (or the default), or one picked in a dialog. */
function dbChoice(id, purpose) {
  const file = fileChoice(id, purpose, () => 'cofrestr.db');
  file.set(currentStatus().db_path);
  return file;
}

function dbField(id, file) {
  return h('div', { class: 'field', 'data-field': 'path' },
    h('label', { for: id, id: `${id}-label` }, t('ui-db-path')), file.element, h('p', { class: 'error', id: `${id}-error`, hidden: true }));
}

function renderSetup() {
  const errors = h('div');
  const dbFile = dbChoice('setup-path', 'database-save');
  const form = h('form', { id: 'setup-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const v = (id) => form.querySelector(`#${id}`).value;
    replace(errors);
    try {
      setStatus(await api.createDatabase(dbFile.path(), v('setup-passphrase'), v('setup-repeat'), {
        council: v('setup-council'), user_name: v('setup-user'), department: v('setup-department'),
      }));
      state.forceSetup = false;
      await reloadRegisters();
      render();
    } catch (err) {
      showErrors(form, errors, err, { council: 'setup-council', user_name: 'setup-user', department: 'setup-department' });
    }
  } },
  errors,
  field('setup-council', 'ui-setup-council', { required: true, autocomplete: 'organization', 'data-name': 'council' }),
  field('setup-user', 'ui-setup-user', { required: true, autocomplete: 'name', 'data-name': 'user_name' }),
  field('setup-department', 'ui-setup-department', { required: true, 'data-name': 'department' }),
  field('setup-passphrase', 'ui-passphrase', { type: 'password', required: true, autocomplete: 'new-password' }, 'ui-passphrase-hint'),
  field('setup-repeat', 'ui-passphrase-repeat', { type: 'password', required: true, autocomplete: 'new-password' }),
  dbField('setup-path', dbFile),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'setup-create' }, t('ui-setup-create'))));
  const openExisting = h('button', { type: 'button', class: 'link', id: 'setup-open-existing', onclick: () => {
    state.forceSetup = false;
    currentStatus().db_exists = true;
    renderUnlock(true);
  } }, t('ui-setup-open-existing'));
  replace(app, page(t('ui-setup-title'), h('p', { class: 'intro' }, t('ui-setup-intro')), form, openExisting));
  document.getElementById('setup-council').focus();
}

function renderUnlock(choosePath = false) {
  const errors = h('div');
  const dbFile = dbChoice('unlock-path', 'database-open');
  const notice = state.lockNotice ? h('p', { class: 'notice', role: 'status' }, t('ui-locked-idle')) : null;
  const form = h('form', { id: 'unlock-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    replace(errors);
    try {
      const path = dbFile.path();
      setStatus(await api.unlock(path, form.querySelector('#unlock-passphrase').value));
      state.lockNotice = false;
      await reloadRegisters();
      render();
    } catch (err) {
      showErrors(form, errors, err, {});
      form.querySelector('#unlock-passphrase').select();
    }
  } },
  errors,
  dbField('unlock-path', dbFile),
  field('unlock-passphrase', 'ui-passphrase', { type: 'password', required: true, autocomplete: 'current-password' }),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'unlock-submit' }, t('ui-unlock'))));
  const other = h('div', { class: 'alt-actions' },
    h('button', { type: 'button', class: 'link', id: 'unlock-forgotten', onclick: () => renderRecover(dbFile.path()) }, t('ui-recover-link')),
    h('button', { type: 'button', class: 'link', id: 'unlock-other', onclick: () => renderUnlock(true) }, t('ui-setup-open-existing')),
    h('button', { type: 'button', class: 'link', id: 'unlock-new', onclick: () => { state.forceSetup = true; renderSetup(); } }, t('ui-setup-new-instead')));
  replace(app, page(t('ui-unlock-title'), notice, h('p', { class: 'intro' }, t('ui-unlock-intro')), form, other));
  document.getElementById(choosePath ? 'unlock-path-choose' : 'unlock-passphrase').focus();
}

/** Forgotten passphrase: the recovery key, then a new passphrase. */
function renderRecover(path) {
  const errors = h('div');
  const form = h('form', { id: 'recover-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    replace(errors);
    const v = (id) => form.querySelector(`#${id}`).value;
    try {
      setStatus(await api.recover(path, v('recover-key'), v('recover-new'), v('recover-repeat')));
      state.lockNotice = false;
      await reloadRegisters();
      render();
      announce(t('ui-recover-done'));
    } catch (err) {
      showErrors(form, errors, err, {});
    }
  } },
  errors,
  field('recover-key', 'ui-recover-key', { required: true, spellcheck: 'false', autocomplete: 'off', autocapitalize: 'characters', class: 'key-input' }, 'ui-recover-key-help'),
  field('recover-new', 'ui-passphrase-new', { type: 'password', required: true, autocomplete: 'new-password' }, 'ui-passphrase-hint'),
  field('recover-repeat', 'ui-passphrase-repeat', { type: 'password', required: true, autocomplete: 'new-password' }),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'recover-submit' }, t('ui-recover-submit'))));
  const back = h('div', { class: 'alt-actions' },
    h('button', { type: 'button', class: 'link', id: 'recover-back', onclick: () => renderUnlock() }, t('ui-recover-back')));
  replace(app, page(t('ui-recover-title'), h('p', { class: 'intro' }, t('ui-recover-intro', { path })), form, back));
  document.getElementById('recover-key').focus();
}

/** Settings changed the council's Welsh name: the header shows the name in the window's language. */
async function councilRenamed() {
  setStatus(await api.status());
  const el = document.getElementById('council-name');
  if (el) el.textContent = currentStatus().council || currentStatus().installation?.council_name || '';
}

/** A new recovery key was made (Settings): show it before anything else (state.js hook). */
function recoveryKeyWaiting() {
  currentStatus().recovery_pending = true;
  render();
}

/** A recovery key to store: shown (with its sheet to save) until a group is typed back. */
async function renderRecoveryKey() {
  let pending;
  try {
    pending = await api.pendingRecoveryKey();
  } catch (err) {
    if (isLocked(err)) return; // the shell is already showing the unlock page
    throw err;
  }
  if (!pending) {
    currentStatus().recovery_pending = false;
    render();
    return;
  }
  const errors = h('div');
  const sheetBox = h('div', { class: 'form-message', id: 'sheet-result' });
  const sheetLang = h('select', { id: 'sheet-lang' },
    h('option', { value: 'en', lang: 'en', selected: lang() === 'en' }, t('ui-lang-en')),
    h('option', { value: 'cy', lang: 'cy', selected: lang() === 'cy' }, t('ui-lang-cy')));
  const sheetFile = fileChoice('sheet-path', 'sheet-save', () => `recovery-key-${pending.id}-${sheetLang.value}.pdf`);
  const saveSheet = async () => {
    replace(sheetBox);
    try {
      const chosen = await sheetFile.next();
      if (!chosen) return;
      const saved = await api.recoverySheet(chosen, sheetLang.value);
      const msg = t('ui-sheet-saved', { path: saved });
      replace(sheetBox, h('p', { class: 'success', role: 'status' }, msg,
        ' ', h('button', { type: 'button', class: 'link', id: 'sheet-open', onclick: () => api.openSaved(saved).catch((err) => replace(sheetBox, errorBox(err))) }, t('ui-open-file'))));
      announce(msg);
    } catch (err) {
      replace(sheetBox, errorBox(err));
      sheetBox.querySelector('[role="alert"]')?.focus();
    }
  };
  const n = pending.confirm_group;
  const form = h('form', { id: 'confirm-key-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    replace(errors);
    try {
      await api.confirmRecoveryKey(n, form.querySelector('#confirm-group').value);
      currentStatus().recovery_pending = false;
      render();
      announce(t('ui-recovery-confirmed'));
    } catch (err) {
      showErrors(form, errors, err, { group: 'confirm-group' });
      form.querySelector('#confirm-group').select();
    }
  } },
  errors,
  h('div', { class: 'field', 'data-field': 'group' },
    h('label', { for: 'confirm-group' }, t('ui-recovery-type-group', { n: String(n) })),
    h('input', { id: 'confirm-group', name: 'confirm-group', required: true, spellcheck: 'false', autocomplete: 'off', maxlength: '4', size: '6', class: 'key-input' }),
    h('p', { class: 'error', id: 'confirm-group-error', hidden: true })),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'confirm-key-submit' }, t('ui-recovery-confirm'))));
  // The key is read out group by group: a screen reader spells each group's characters.
  const keyBox = h('div', { class: 'recovery-key', id: 'recovery-key', role: 'group', 'aria-label': t('ui-recovery-key-label', { id: pending.id }) },
    h('ol', { class: 'key-groups' }, pending.groups.map((g, i) => h('li', { 'aria-label': t('ui-recovery-group-label', { n: String(i + 1), chars: g.split('').join(' ') }) }, g))));
  replace(app, page(t('ui-recovery-title'),
    h('p', { class: 'intro' }, t('ui-recovery-intro')),
    h('p', {}, t('ui-recovery-id', { id: pending.id })),
    keyBox,
    h('ul', { class: 'recovery-advice' },
      h('li', {}, t('ui-recovery-advice-1')),
      h('li', {}, t('ui-recovery-advice-2')),
      h('li', {}, t('ui-recovery-advice-3'))),
    h('section', { class: 'panel', 'aria-labelledby': 'sheet-title' },
      h('h2', { id: 'sheet-title' }, t('ui-sheet-title')),
      h('p', {}, t('ui-sheet-intro')),
      h('div', { class: 'field' }, h('label', { for: 'sheet-lang' }, t('ui-report-lang')), sheetLang),
      h('div', { class: 'field' }, h('label', { for: 'sheet-path' }, t('ui-report-path')), h('p', { class: 'help', id: 'sheet-path-help' }, t('ui-sheet-path-help')), sheetFile.element),
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'sheet-save', onclick: saveSheet }, t('ui-sheet-save'))),
      sheetBox),
    h('section', { class: 'panel', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, t('ui-recovery-confirm-title')),
      form)));
  document.getElementById('main').focus();
}

function showErrors(form, box, err, fieldMap) {
  replace(box, errorBox(err));
  fieldErrors(form, err, fieldMap);
  box.querySelector('[role="alert"]')?.focus();
}

/** Urgent clocks: a desktop notification (raised by the backend) and an alert in the window. */
async function raiseDue() {
  if (!currentStatus()?.unlocked) return;
  let raised;
  try {
    raised = await api.notifyDue();
  } catch {
    return; // "locked" has already brought the unlock page
  }
  if (!raised.length) return;
  const box = document.getElementById('urgent');
  if (!box) return;
  box.hidden = false;
  replace(box,
    h('h2', { id: 'urgent-title' }, t('ui-urgent-title')),
    h('ul', {}, raised.map((r) => h('li', {},
      h('a', { href: `#/record/${r.register}/${encodeURIComponent(r.id)}` }, r.message)))),
    h('button', { type: 'button', id: 'urgent-dismiss', onclick: () => { box.hidden = true; replace(box); } }, t('ui-dismiss')));
}

function renderShell() {
  const inst = currentStatus().installation;
  const collapsed = collapsedGroups();
  const pinned = h('ul', { class: 'nav-pinned' },
    PINNED.map((p) => h('li', {}, h('a', { href: p.route, id: p.id }, t(p.label)))),
    h('li', {}, h('button', { type: 'button', id: 'nav-search', class: 'nav-search', 'aria-keyshortcuts': 'Control+K', onclick: openSearch },
      t('ui-search-everything'), h('kbd', { 'aria-hidden': 'true' }, 'Ctrl+K'))));
  const groups = NAV.map((g) => {
    const id = `nav-g-${g.group}`;
    const open = !collapsed.has(g.group);
    const list = h('ul', { id: `${id}-list`, 'aria-labelledby': id, hidden: !open },
      g.route ? h('li', {}, h('a', { href: g.route, id: g.id }, t(`${g.group}-summary`))) : null,
      g.registers.map((name) => h('li', {}, h('a', { href: `#/register/${name}`, id: `nav-${name}` }, registerView(name)?.label || name))));
    const toggle = h('button', { type: 'button', id, class: 'nav-heading', 'aria-expanded': open ? 'true' : 'false', 'aria-controls': list.id,
      onclick: () => {
        const now = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', now ? 'true' : 'false');
        list.hidden = !now;
        const kept = collapsedGroups();
        if (now) kept.delete(g.group); else kept.add(g.group);
        try { localStorage.setItem(COLLAPSED_KEY, JSON.stringify([...kept])); } catch { /* kept for this session only */ }
      } }, t(g.group));
    return h('div', { class: 'nav-group' }, toggle, list);
  });
  const nav = h('nav', { 'aria-label': t('ui-nav-label'), class: 'sidebar' },
    pinned, groups,
    h('ul', { class: 'nav-foot' }, h('li', {}, h('a', { href: '#/about', id: 'nav-about' }, t('ui-about-cofrestr')))));
  const header = h('header', { class: 'topbar' },
    h('p', { class: 'brand' }, t('ui-app-name'), h('span', { class: 'council', id: 'council-name' }, currentStatus().council || inst?.council_name || '')),
    h('div', { class: 'topbar-right' },
      h('span', { class: 'who' }, t('ui-signed-in-as', { name: inst?.user_name || '' })),
      langSelect(),
      h('button', { type: 'button', id: 'lock-button', class: 'secondary', onclick: () => lockNow(false) }, t('ui-lock'))));
  const urgent = h('section', { id: 'urgent', class: 'urgent', role: 'alert', 'aria-labelledby': 'urgent-title', hidden: true });
  replace(app, header, urgent, h('div', { class: 'layout' }, nav, h('main', { id: 'main', tabindex: '-1' })));
  raiseDue();
}

let shownHash = null;

async function route() {
  if (!currentStatus()?.unlocked) return;
  const main = document.getElementById('main');
  if (!main) return;
  let hash = location.hash || '#/dashboard';
  // Leaving a record with changes not saved: ask first, and stay until the person says.
  if (shownHash && hash !== shownHash && wouldLoseChanges()) {
    const target = hash;
    history.replaceState(null, '', shownHash);
    askBeforeLeaving(main, target);
    return;
  }
  setLeaveGuard(null);
  if (hash !== shownHash) {
    // A record saved (new → its id) is the same page: it keeps where it was opened from.
    const register = (x) => x?.match(/^#\/record\/([a-z_]+)\//)?.[1];
    if (!register(hash) || register(hash) !== register(shownHash)) setCameFrom(shownHash);
    shownHash = hash;
  }
  // The older form of a record's address (#/register/x?open=id), which links may still use.
  const open = hash.match(/^#\/register\/([a-z_]+)\?(?:.*&)?open=([^&]+)/);
  if (open) {
    hash = `#/record/${open[1]}/${open[2]}`;
    history.replaceState(null, '', hash);
    shownHash = hash;
  }
  const base = hash.split('?')[0];
  // A record's page belongs to its register (or its parent's) in the navigation.
  const rec = base.match(/^#\/record\/([a-z_]+)\/([^/]+)$/);
  const current = rec ? `#/register/${rec[1]}` : base;
  for (const a of document.querySelectorAll('.sidebar a')) {
    if (a.getAttribute('href') === current) {
      a.setAttribute('aria-current', 'page');
      // The group of the page shown is open, even if it was closed.
      const list = a.closest('ul[hidden]');
      if (list) {
        list.hidden = false;
        document.querySelector(`[aria-controls="${list.id}"]`)?.setAttribute('aria-expanded', 'true');
      }
    } else a.removeAttribute('aria-current');
  }
  try {
    const m = hash.match(/^#\/register\/([a-z_]+)/);
    if (rec && registerView(rec[1])) {
      await showRecord(main, registerView(rec[1]), decodeURIComponent(rec[2]), new URLSearchParams(hash.split('?')[1] || ''));
    } else if (m && registerView(m[1])) await showRegister(main, registerView(m[1]));
    else if (hash === '#/settings') await showSettings(main, { switchLanguage });
    else if (hash === '#/about') await showAbout(main);
    else if (hash === '#/reports') await showReports(main);
    else if (hash === '#/training') await showTraining(main);
    else if (hash === '#/returns') await showReturns(main);
    else if (hash.match(/^#\/conflict\/\d+$/)) await showConflict(main, Number(hash.split('/')[2]));
    else if (hash.match(/^#\/transfer\/([a-z_]+)$/) && registerView(hash.split('/')[2])) await showTransfer(main, hash.split('/')[2]);
    else if (hash.match(/^#\/print\/([a-z_]+)$/) && registerView(hash.split('/')[2])) await showPrint(main, hash.split('/')[2]);
    else await showDashboard(main);
  } catch (err) {
    if (isLocked(err)) return; // the shell is already showing the unlock page
    replace(main, h('h1', {}, t('ui-error-title')), errorBox(err));
  }
}

/** Ctrl+K searches every register, from anywhere in the unlocked window. */
function searchKey(e) {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'k') return;
  if (!currentStatus()?.unlocked || !document.getElementById('main')?.closest('.layout')) return;
  e.preventDefault();
  openSearch();
}

/** Ctrl+= (or Ctrl++), Ctrl+- and Ctrl+0 zoom the whole window, on every page, locked or not. */
function zoomKeys(e) {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
  const direction = { '=': 1, '+': 1, '-': -1, _: -1, 0: 0 }[e.key];
  if (direction === undefined) return;
  e.preventDefault();
  api.zoom(direction).then((level) => {
    document.documentElement.dataset.zoom = String(level);
    announce(t('ui-zoom', { percent: Math.round(level * 100) }));
  }).catch(() => {});
}

/**
 * The question before leaving a record with changes not saved (for another page, or to draw
 * it again in the other language): stay, or leave without them. `target` is the address to go
 * to, or what to do.
 */
function askBeforeLeaving(main, target) {
  document.getElementById('leave-box')?.remove();
  const box = h('div', { id: 'leave-box', class: 'confirm leave', role: 'alertdialog', 'aria-labelledby': 'leave-text', 'aria-modal': 'false' },
    h('p', { id: 'leave-text' }, t('ui-unsaved-changes')),
    h('button', { type: 'button', id: 'leave-stay', class: 'primary', onclick: () => {
      box.remove();
      document.getElementById('record-save')?.focus();
    } }, t('ui-unsaved-stay')),
    h('button', { type: 'button', id: 'leave-go', class: 'danger', onclick: () => {
      setLeaveGuard(null);
      box.remove();
      if (typeof target === 'function') target();
      else location.hash = target;
    } }, t('ui-unsaved-leave')));
  main.prepend(box);
  box.querySelector('#leave-stay').focus();
}

let locking = null;

/**
 * Locks and shows the unlock page, saying why. Calls that overlap (several requests refused
 * as locked at once, the idle check) share the one that is under way.
 */
function lockNow(idle) {
  if (!locking) locking = (async () => {
    await api.lock();
    setLeaveGuard(null);
    // A record's dialog is not part of the screen: take it away with what it shows.
    for (const d of document.querySelectorAll('dialog')) { if (d.open) d.close(); d.remove(); }
    state.lockNotice = idle;
    setStatus(await api.status());
    render();
    announce(idle ? t('ui-locked-idle') : t('ui-unlock-title'));
  })().finally(() => { locking = null; });
  return locking;
}

/**
 * A person is working in the window. Typing in a form calls nothing in the core, whose session
 * locks itself after the idle time too: tell it, at most every 30 seconds, so a record typed
 * for longer than the idle time is not refused as locked when it is saved.
 */
function stillHere() {
  const now = Date.now();
  state.lastActivity = now;
  if (currentStatus()?.unlocked && now - (state.lastPing || 0) > 30000) {
    state.lastPing = now;
    api.stillHere().catch(() => {});
  }
}

function checkIdle() {
  if (!currentStatus()?.unlocked) return;
  const minutes = currentStatus().idle_lock_minutes || 15;
  if (Date.now() - state.lastActivity > minutes * 60000) lockNow(true);
}

start().catch((err) => {
  replace(app, h('main', { id: 'main' }, h('h1', {}, 'Cofrestr'), h('p', { role: 'alert' }, String(err?.message || err))));
});
