// The window's strings, served by the core from the Fluent files in assets/locales.
import { api } from './api.js';

let messages = {};
let current = 'en';

export async function loadLanguage(lang) {
  messages = await api.messages(lang);
  current = lang;
  document.documentElement.lang = lang;
}

export function lang() {
  return current;
}

/** A message with its { $name } placeholders filled in. */
export function t(id, args = {}) {
  const text = messages[id];
  if (text === undefined) return id;
  return text.replace(/\{\s*\$([A-Za-z0-9_-]+)\s*\}/g, (_, name) => (name in args ? String(args[name]) : ''));
}
