// The dashboard's one piece of state: the filter, mirrored in the URL hash so views can be
// shared and the back button works. Views subscribe; any view may change the filter.
import { FILTER_KEYS } from "./api.js";

const listeners = [];
let current = readHash();

function readHash() {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const out = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) out[key] = value;
  }
  return out;
}

function writeHash(filters) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key]);
  const hash = params.toString();
  const url = hash ? `#${hash}` : window.location.pathname + window.location.search;
  if (("#" + hash) !== window.location.hash) history.pushState(null, "", url);
}

export function filters() {
  return { ...current };
}

/** Replace the whole filter. */
export function setFilters(next) {
  const clean = {};
  for (const key of FILTER_KEYS) {
    const value = next[key];
    if (value !== undefined && value !== null && String(value).trim() !== "") {
      clean[key] = String(value).trim();
    }
  }
  current = clean;
  writeHash(current);
  for (const fn of listeners) fn(filters());
}

/** Set (or with null, remove) some keys and keep the rest. */
export function update(changes) {
  setFilters({ ...current, ...changes });
}

export function subscribe(fn) {
  listeners.push(fn);
}

window.addEventListener("popstate", () => {
  current = readHash();
  for (const fn of listeners) fn(filters());
});
