// The only module that talks to the backend. Every call returns a promise; a failure rejects
// with an error report { code, message, fields: [{ field, message }] } from the core.
//
// When the core says the session is locked (it locks itself after the idle time), the call
// still rejects, and the window hears it once, as LOCKED_EVENT on `window`: the shell (app.js)
// answers with the unlock page. Screens do nothing special; errorBox shows nothing for it.

/** The event raised on `window` for every call the core refused because the session is locked. */
export const LOCKED_EVENT = 'cofrestr:locked';

/** Whether an error report is the core's "the session is locked". */
export function isLocked(err) {
  return err?.code === 'locked';
}

function invoke(command, args = {}) {
  return window.__TAURI__.core.invoke(command, args).catch((err) => {
    if (isLocked(err)) window.dispatchEvent(new CustomEvent(LOCKED_EVENT, { detail: err }));
    throw err;
  });
}

/** A channel the backend reports 0–100 progress on. */
function channel(onProgress) {
  const c = new window.__TAURI__.core.Channel();
  c.onmessage = onProgress || (() => {});
  return c;
}

export const api = {
  status: () => invoke('status'),
  about: () => invoke('about'),
  licences: () => invoke('licences'),
  messages: (lang) => invoke('messages', { lang }),
  setLang: (lang) => invoke('set_lang', { lang }),
  /** 1 larger, -1 smaller, 0 as designed; resolves with the new zoom (1 is 100%). */
  zoom: (direction) => invoke('zoom', { direction }),
  createDatabase: (path, passphrase, repeat, setup) =>
    invoke('create_database', { path, passphrase, repeat, setup }),
  unlock: (path, passphrase) => invoke('unlock', { path, passphrase }),
  /** Forgotten passphrase: the recovery key opens the database and a new passphrase is set. */
  recover: (path, key, next, repeat) => invoke('recover', { path, key, new: next, repeat }),
  pendingRecoveryKey: () => invoke('pending_recovery_key'),
  confirmRecoveryKey: (group, value) => invoke('confirm_recovery_key', { group, value }),
  recoverySheet: (path, lang) => invoke('recovery_sheet', { path, lang }),
  recoveryStatus: () => invoke('recovery_status'),
  newRecoveryKey: (passphrase) => invoke('new_recovery_key', { passphrase }),
  escrowedKeys: () => invoke('escrowed_keys'),
  /** Opens a laptop's escrowed recovery key on the hub (recorded in the audit trail). */
  openEscrow: (laptop) => invoke('open_escrow', { laptop }),
  lock: () => invoke('lock'),
  registers: (lang) => invoke('registers', { lang }),
  /** Today in the UK (YYYY-MM-DD) by the core's clock. */
  today: () => invoke('today'),
  /** The dashboard's charts: headline measures and eight quarters' trend. */
  headline: () => invoke('headline'),
  /** Keeps the view a register's list was shown in, for next time. */
  rememberView: (register, view) => invoke('remember_view', { register, view }),
  list: (register, query) => invoke('list', { register, query }),
  get: (register, id) => invoke('get', { register, id }),
  save: (register, id, revision, fields) => invoke('save', { register, id, revision, fields }),
  remove: (register, id, revision) => invoke('delete', { register, id, revision }),
  history: (register, id) => invoke('history', { register, id }),
  dashboard: () => invoke('dashboard'),
  settings: () => invoke('settings'),
  stillHere: () => invoke('still_here'),
  saveSettings: (settings) => invoke('save_settings', { settings }),
  changePassphrase: (current, next, repeat) => invoke('change_passphrase', { current, new: next, repeat }),
  backup: (path) => invoke('backup', { path }),
  verifyAudit: (anchor) => invoke('verify_audit', { anchor: anchor || null }),
  exports: () => invoke('exports'),
  notifyDue: () => invoke('notify_due'),
  heatMap: () => invoke('heat_map'),
  links: (register, id) => invoke('links', { register, id }),
  loadStarter: (register) => invoke('load_starter', { register }),
  /** Writes the IMG pack; `onProgress` hears 0–100 through a channel (no event permission needed). */
  reportPack: (request, onProgress) => {
    const progress = new window.__TAURI__.core.Channel();
    progress.onmessage = onProgress;
    return invoke('report_pack', { request, progress });
  },
  reportPeriods: () => invoke('report_periods'),
  /** Writes a register's PDF list (the window's search, filters and sort, or every record). */
  reportRegister: (request, onProgress) => invoke('report_register', { request, progress: channel(onProgress) }),
  /**
   * Opens the computer's own open or save dialog for `purpose` (e.g. 'pdf-save',
   * 'spreadsheet-open', 'returns-folder'), a save dialog suggesting `name`; resolves with the
   * path picked, which the file commands then accept, or null for Cancel.
   */
  choose: (purpose, name) => invoke('choose', { purpose, name: name || null }),
  /** Opens, in the computer's own program, a file this window has just saved. */
  openSaved: (path) => invoke('open_saved', { path }),
  exportRegister: (request, onProgress) => invoke('export_register', { request, progress: channel(onProgress) }),
  /** Checks (apply false) or imports (apply true) a spreadsheet; resolves with the report. */
  importRegister: (request, onProgress) => invoke('import_register', { request, progress: channel(onProgress) }),
  training: () => invoke('training'),
  trainingChase: (department) => invoke('training_chase', { department }),
  exportChase: (request, onProgress) => invoke('export_chase', { request, progress: channel(onProgress) }),
  raiseAction: (register, id) => invoke('raise_action', { register, id }),
  returnsStatus: () => invoke('returns_status'),
  hubInit: () => invoke('hub_init'),
  addLaptop: (name, replaces, path) => invoke('add_laptop', { name, replaces: replaces || null, path }),
  replaceable: () => invoke('replaceable'),
  laptops: () => invoke('laptops'),
  withdrawLaptop: (id) => invoke('withdraw_laptop', { id }),
  joinHub: (path) => invoke('join_hub', { path }),
  writeReturn: (path, full, onProgress) => invoke('write_return', { path, full: !!full, progress: channel(onProgress) }),
  /** Checks (apply false) or applies (apply true) a department's return on the hub. */
  readReturn: (path, apply, onProgress) => invoke('read_return', { path, apply, progress: channel(onProgress) }),
  readReturnsFolder: (path, apply, onProgress) => invoke('read_returns_folder', { path, apply, progress: channel(onProgress) }),
  writePack: (path) => invoke('write_pack', { path }),
  /** Checks (apply false) or applies (apply true) the hub's reference pack. */
  readPack: (path, apply) => invoke('read_pack', { path, apply }),
  conflicts: () => invoke('conflicts'),
  conflict: (id) => invoke('conflict', { id }),
  /** decision: { keep: 'ours' | 'theirs' } or { keep: 'merged', fields: { name: 'theirs' } }. */
  resolveConflict: (id, decision) => invoke('resolve_conflict', { id, decision }),
  reportAnnual: (request, onProgress) => {
    const progress = new window.__TAURI__.core.Channel();
    progress.onmessage = onProgress;
    return invoke('report_annual', { request, progress });
  },
};
