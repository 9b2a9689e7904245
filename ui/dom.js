// Building DOM safely: every piece of text goes in as a text node, never as HTML.

/**
 * Creates an element. `attrs` keys starting with "on" add event listeners; `class`,
 * `for` and ARIA attributes are set as attributes; `true` sets a boolean attribute and
 * `false`/`null`/`undefined` leave it out. Children may be nodes, strings, numbers or arrays.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'value' && 'value' in el) {
      el.value = value;
    } else if (key === 'checked' || key === 'selected') {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let uid = 0;
/** A unique id for tying labels, help and errors to inputs. */
export function nextId(prefix = 'f') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Tells screen-reader users what just happened. */
export function announce(text) {
  const region = document.getElementById('status');
  region.textContent = '';
  // A fresh text node after a tick makes every announcement heard, even a repeated one.
  setTimeout(() => { region.textContent = text; }, 30);
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
