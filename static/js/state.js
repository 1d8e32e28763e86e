// The one store: the document shown, its evaluation, the step, events, undo/redo and autosave.

import { getLang } from "./i18n.js";

const AUTOSAVE = "compgraph.autosave";
const LIMIT = 200;

export function createStore() {
  const listeners = new Map();
  const past = [], future = [];
  const state = {
    document: { version: 1, nodes: [] }, evaluation: null, step: 0, frame: null,
    errors: new Map(), selected: null, focus: null, idle: false, mask: new Set(),
    get lang() { return getLang(); },  // the one language state lives in i18n.js
    get steps() { return this.frame?.steps ?? this.evaluation?.trace?.length ?? 0; },  // the drawn trace (collapsed groups fold)
    get boundary() { return this.frame?.boundary ?? 0; },
  };
  const emit = (event, payload) => (listeners.get(event) || []).slice().forEach((fn) => {
    try { fn(payload); } catch (err) { console.error(err); }
  });
  const on = (event, fn) => {
    if (!listeners.has(event)) listeners.set(event, []);
    listeners.get(event).push(fn);
    return () => listeners.set(event, listeners.get(event).filter((f) => f !== fn));
  };
  const clone = (doc) => JSON.parse(JSON.stringify(doc));
  function save() {
    try { localStorage.setItem(AUTOSAVE, JSON.stringify(state.document)); } catch { /* full or private */ }
  }
  return {
    state, on, emit, clone,
    /** Replace the document; `record` keeps the previous one for undo. */
    setDocument(doc, { record = true } = {}) {
      if (record) { past.push(state.document); if (past.length > LIMIT) past.shift(); future.length = 0; }
      state.document = clone(doc);
      save();
    },
    /** Edit a copy of the document with fn(doc), recorded for undo. */
    edit(fn) {
      const doc = clone(state.document);
      fn(doc);
      this.setDocument(doc);
      return doc;
    },
    undo() {
      if (!past.length) return false;
      future.push(state.document); state.document = past.pop(); save();
      return true;
    },
    redo() {
      if (!future.length) return false;
      past.push(state.document); state.document = future.pop(); save();
      return true;
    },
    canUndo: () => past.length > 0,
    canRedo: () => future.length > 0,
    autosaved() {
      try { return JSON.parse(localStorage.getItem(AUTOSAVE) || "null"); } catch { return null; }
    },
  };
}
