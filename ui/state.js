// What the window shares between the shell and its screens: the session's status, the register
// descriptions (from the core, in the window's language), the last query of each register
// screen, and the few things only the shell can do, which app.js connects when it starts.
// Screens read and change shared state here, never by importing app.js or each other.
import { api } from './api.js';
import { lang } from './i18n.js';

const shared = { status: null, registers: [] };

/** The session's status as the core last gave it (unlocked, paths, installation, …). */
export function currentStatus() {
  return shared.status;
}

/** The shell records a status the core has just given. */
export function setStatus(status) {
  shared.status = status;
}

/** The description of one register (its fields, labels and what the window offers for it). */
export function registerView(name) {
  return shared.registers.find((r) => r.name === name);
}

/** Every register's description, in the core's order. */
export function allRegisters() {
  return shared.registers;
}

/** Fetches the register descriptions again: their choices follow the council's settings. */
export async function reloadRegisters() {
  shared.registers = await api.registers(lang());
}

/** The idle lock's new time, saved in Settings: the shell's idle check follows it. */
export function setIdleMinutes(minutes) {
  if (shared.status) shared.status.idle_lock_minutes = minutes;
}

// The last search, filters and sort of each register shown, so its PDF list can print the
// records the user was looking at. The register screen keeps changing the object it set.
const lastQueries = new Map();

/** The register screen hands over the query object of `name` that it goes on changing. */
export function setLastQuery(name, query) {
  lastQueries.set(name, query);
}

/** The last query shown for register `name` ({ search, filters, sort, descending, … }), or null. */
export function lastQuery(name) {
  return lastQueries.get(name) || null;
}

// What only the shell can do (it draws the whole window); app.js fills these in at start.
const shell = {
  recoveryKeyWaiting: () => {},
  councilRenamed: () => {},
};

/** app.js hands over its own functions for the hooks above. */
export function connectShell(hooks) {
  Object.assign(shell, hooks);
}

/** Settings changed the council's Welsh name: the shell's header follows. */
export function councilRenamed() {
  return shell.councilRenamed();
}

/** A new recovery key was made (Settings): the shell shows it before anything else. */
export function recoveryKeyWaiting() {
  shell.recoveryKeyWaiting();
}

// Where the window was before the screen now shown (a record's Back returns to the list it was
// opened from, with that list's search and filters), and the record last opened in each
// register (its list puts focus back on it).
const trail = { cameFrom: null, lastOpened: new Map() };

/** The shell records the address it is leaving for a new screen. */
export function setCameFrom(hash) {
  trail.cameFrom = hash;
}

/** The address shown before this screen, or null. */
export function cameFrom() {
  return trail.cameFrom;
}

/** A record's page was shown: its register's list will put focus on it. */
export function setLastOpened(register, id) {
  trail.lastOpened.set(register, id);
}

/** The id of the record last opened from register `name`, or null. */
export function lastOpened(name) {
  return trail.lastOpened.get(name) || null;
}

// A screen with changes not yet saved (a record's page) asks before the window leaves it.
let guard = null;

/** `dirty()` says whether leaving now would lose typing; null: nothing to lose. */
export function setLeaveGuard(dirty) {
  guard = dirty;
}

/** Whether leaving the screen now would lose changes not yet saved. */
export function wouldLoseChanges() {
  return Boolean(guard?.());
}
