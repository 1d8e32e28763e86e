// User-defined composites (issue 8): a named set of nodes (e.g. softplus = log(1 + exp(x))) kept in
// the document's `groups` with `op: null` (docs/groups.md). A group holds operations and constants
// with exactly one output; groups nest (a group holds another group's nodes entirely or none of
// them), as engine/groups.py checks. A collapsed group is drawn as one box (collapsedView) whose
// numbers are the engine's own. Pure functions on a document (copy), no DOM.

const isUser = (g) => g.op == null;
const userGroups = (doc) => (doc.groups || []).filter(isUser);

/** Node id -> the ids of the nodes that read it; the document's `output` is also read from
 * outside (null), as engine/groups.py counts it. */
function readersOf(doc) {
  const out = new Map();
  for (const n of doc.nodes) for (const src of n.inputs || []) if (src) out.set(src, [...(out.get(src) || []), n.id]);
  if (typeof doc.output === "string") out.set(doc.output, [...(out.get(doc.output) || []), null]);
  return out;
}

/** The members of `set` read outside it or by nobody, in document order (a group has one). */
function outputsOf(doc, set, readers = readersOf(doc)) {
  return doc.nodes.filter((n) => set.has(n.id)).map((n) => n.id)
    .filter((id) => !(readers.get(id) || []).length || readers.get(id).some((r) => !set.has(r)));
}

/** A group's output node id, or null when it has not exactly one. */
export function outputOf(doc, g) {
  const outs = outputsOf(doc, new Set(g.nodes));
  return outs.length === 1 ? outs[0] : null;
}

/** Every user group holding node `id`, innermost (fewest nodes) first. */
export function groupsOf(doc, id) {
  return userGroups(doc).filter((g) => g.nodes.includes(id)).sort((a, b) => a.nodes.length - b.nodes.length);
}

/**
 * Can `ids` become one group? {ok: true, output} or {ok: false, key, node, other, group}: the
 * reason (a key of group-strings.js: empty, input, partial, same, outputs) and the node it names.
 */
export function checkGroup(doc, ids) {
  const set = new Set(ids.filter((id) => doc.nodes.some((n) => n.id === id)));
  if (!set.size) return { ok: false, key: "empty" };
  const input = doc.nodes.find((n) => set.has(n.id) && n.op === "input");
  if (input) return { ok: false, key: "input", node: input.id };
  for (const g of doc.groups || []) {
    const inside = g.nodes.filter((m) => set.has(m));
    if (!inside.length) continue;
    const same = inside.length === g.nodes.length && inside.length === set.size;
    if (same && isUser(g)) return { ok: false, key: "same", group: g.name };  // an opened layer's twin is fine
    const missing = g.nodes.find((m) => !set.has(m));
    const stray = [...set].find((m) => !g.nodes.includes(m));
    if (missing && stray) return { ok: false, key: "partial", node: inside[0], other: missing, group: g.name };
  }
  const outs = outputsOf(doc, set);
  if (outs.length !== 1) return { ok: false, key: "outputs", node: outs[1], other: outs[0] };
  return { ok: true, output: outs[0] };
}

/** A group id not used by another group: the output's id, else the output's id with a suffix. */
export function freshGroupId(doc, output) {
  const used = new Set((doc.groups || []).map((g) => g.id));
  if (!used.has(output)) return output;
  for (let i = 2; ; i++) if (!used.has(`${output.slice(0, 58)}.g${i}`)) return `${output.slice(0, 58)}.g${i}`;
}

/** Make `ids` a user group named `name`, collapsed; returns checkGroup's answer (with `id`). */
export function makeGroup(doc, ids, name) {
  const found = checkGroup(doc, ids);
  if (!found.ok) return found;
  const set = new Set(ids);
  const id = freshGroupId(doc, found.output);
  const nodes = doc.nodes.filter((n) => set.has(n.id)).map((n) => n.id);
  doc.groups = [...(doc.groups || []), { id, name, nodes, op: null, collapsed: true }];
  return { ...found, id };
}

const findUser = (doc, gid) => userGroups(doc).find((g) => g.id === gid);

/** Rename user group `gid` (a name is 1-64 characters). */
export function renameGroup(doc, gid, name) {
  const g = findUser(doc, gid);
  if (!g || !name.trim() || name.length > 64) return false;
  g.name = name.trim();
  return true;
}

/** Open or close user group `gid` (its `collapsed` flag, saved in the document). */
export function setCollapsed(doc, gid, collapsed) {
  const g = findUser(doc, gid);
  if (!g) return false;
  g.collapsed = collapsed;
  return true;
}

/** Remove user group `gid` (its nodes, and the groups inside it, stay). */
export function ungroup(doc, gid) {
  const before = (doc.groups || []).length;
  doc.groups = (doc.groups || []).filter((g) => !(g.id === gid && isUser(g)));
  if (!doc.groups.length) delete doc.groups;
  return before !== (doc.groups || []).length;
}

/** Node `from` renamed to `to` (editor.js): the groups follow. */
export function renameInGroups(doc, from, to) {
  for (const g of doc.groups || []) {
    g.nodes = g.nodes.map((m) => (m === from ? to : m));
    if (g.id === from && !(doc.groups || []).some((x) => x.id === to)) g.id = to;
  }
}

/** Node `id` deleted (editor.js): it leaves its groups; a group that no longer draws as one box
 * (no single output, an opened layer missing a primitive, a twin of another) goes. */
export function forgetInGroups(doc, id) {
  if (!doc.groups) return;
  const keep = [];
  for (const g of doc.groups) {
    if (g.nodes.includes(id)) {
      if (!isUser(g)) continue;
      g.nodes = g.nodes.filter((m) => m !== id);
      if (!g.nodes.length || !outputOf(doc, g)) continue;
    }
    if (!keep.some((k) => k.nodes.length === g.nodes.length && k.nodes.every((m) => g.nodes.includes(m)))) keep.push(g);
  }
  doc.groups = keep;
  if (!keep.length) delete doc.groups;
}

/** After any edit (app.edit): ids the edit removed leave their groups, and nodes it added whose
 * every reader is in a user group join that group (a sigmoid expanded inside a group stays in it). */
export function followEdit(before, doc) {
  if (!doc.groups?.length) return;
  const ids = new Set(doc.nodes.map((n) => n.id));
  for (const g of doc.groups) g.nodes = g.nodes.filter((m) => ids.has(m));
  doc.groups = doc.groups.filter((g) => g.nodes.length);
  if (!doc.groups.length) { delete doc.groups; return; }
  const old = new Set(before.nodes.map((n) => n.id));
  const fresh = doc.nodes.filter((n) => !old.has(n.id) && n.op !== "input");
  if (!fresh.length) return;
  const readers = readersOf(doc);
  const joins = (set, n) => !set.has(n.id) && (readers.get(n.id) || []).length && readers.get(n.id).every((r) => set.has(r));
  for (const g of userGroups(doc)) {
    const set = new Set(g.nodes);
    for (let grew = true; grew;) {
      grew = false;
      for (const n of fresh) if (joins(set, n)) { set.add(n.id); grew = true; }
    }
    g.nodes = doc.nodes.filter((n) => set.has(n.id)).map((n) => n.id);
  }
}

/** The selected node and its ancestors up to (not including) the inputs: the nodes a group made
 * at `id` from the inspector holds (consts inside, e.g. the 1 of log(1 + exp(x)), are members). */
export function ancestorsOf(doc, id) {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const seen = new Set();
  const visit = (k) => {
    const n = byId.get(k);
    if (!n || seen.has(k) || n.op === "input") return;
    seen.add(k);
    (n.inputs || []).forEach(visit);
  };
  visit(id);
  return doc.nodes.map((n) => n.id).filter((k) => seen.has(k));
}

/** The user groups drawn folded: collapsed, with one output, innermost first (a group inside a
 * folded one folds first, so the outer fold sees its box), each with its output. */
export function foldedGroups(doc) {
  return userGroups(doc).filter((g) => g.collapsed).map((g) => ({ g, out: outputOf(doc, g) }))
    .filter((f) => f.out && doc.nodes.some((n) => n.id === f.out))
    .sort((a, b) => a.g.nodes.length - b.g.nodes.length);
}

/** The folded group drawn as the box at node `id` (the outermost whose output it is), or null. */
export function drawnGroup(doc, id) {
  const all = foldedGroups(doc);
  const hidden = (f) => all.some((o) => o !== f && o.g.nodes.length > f.g.nodes.length && f.g.nodes.every((m) => o.g.nodes.includes(m)) && o.out !== id);
  return all.filter((f) => f.out === id && !hidden(f)).at(-1)?.g ?? null;
}

/** A group's external inputs in first-use order, among the nodes drawn now. */
function externals(nodes, members) {
  const ext = [];
  for (const n of nodes) {
    if (members.has(n.id)) for (const src of n.inputs || []) if (src && !members.has(src) && !ext.includes(src)) ext.push(src);
  }
  return ext;
}

const addDeep = (a, b) => (Array.isArray(a) ? a.map((x, i) => addDeep(x, b[i])) : a + b);

/** The trace with a folded group as one step forward and one step backward: the forward step
 * of its output reads the external inputs; the backward edges into the external inputs are summed
 * per input and shown at the group's last backward step. */
function foldTrace(trace, values, { g, out }, members, ext) {
  const lastBack = trace.findLastIndex((s) => s.phase === "backward" && members.has(s.node) && s.op !== "seed");
  const op = `group:${g.id}`;
  const sums = new Map();
  let upstream = null;
  const steps = [];
  trace.forEach((s, i) => {
    if (!members.has(s.node)) return steps.push(s);
    if (s.phase === "forward") {
      if (s.node === out) steps.push({ ...s, op, inputs: ext, operands: ext.map((x) => values[x]) });
      return undefined;
    }
    if (s.op === "seed") return steps.push(s);
    if (s.node === out) upstream = s.upstream;
    for (const e of s.edges || []) {
      if (!members.has(e.to)) sums.set(e.to, sums.has(e.to) ? addDeep(sums.get(e.to), e.grad) : e.grad);
    }
    if (i !== lastBack) return undefined;
    const edges = [...sums].map(([to, grad]) => ({ to, operand: to, grad, total: grad, count: 1, of: 1,
      local: typeof grad === "number" && typeof upstream === "number" && upstream ? grad / upstream : null }));
    return steps.push({ ...s, node: out, op, upstream, edges });
  });
  return steps.map((s, index) => ({ ...s, index }));
}

/** Fold one group into the drawn nodes and evaluation. */
function fold(nodes, ev, f, values) {
  const members = new Set(f.g.nodes);
  const ext = externals(nodes, members);
  const op = `group:${f.g.id}`;
  const last = nodes.find((n) => n.id === f.out);
  const box = { ...last, op, inputs: ext, attrs: undefined, label: f.g.name, meta: undefined };  // named by the group
  nodes = nodes.flatMap((n) => (n.id === f.out ? [box] : members.has(n.id) ? [] : [n]));
  if (ev) {
    const keep = (k) => k === f.out || !members.has(k);
    ev = { ...ev, order: (ev.order || []).filter(keep),
      nodes: Object.fromEntries(Object.entries(ev.nodes).filter(([k]) => keep(k))),
      trace: foldTrace(ev.trace || [], values, f, members, ext) };
  }
  const spec = { name: op, symbol: f.g.name, box: true, operands: ext, title: { en: f.g.name, ja: f.g.name } };
  return { nodes, ev, spec };
}

/** What is drawn when user groups are collapsed: each folded group becomes one box (node id: its
 * output, op `group:<id>`, labelled with the group's name in both languages), fed by the group's
 * external inputs; its value and the gradients on its outer edges are the engine's own numbers (an
 * input read twice inside: summed). Returns {doc, evaluation, ops} (the same objects when nothing is collapsed). */
export function collapsedView(doc, evaluation, ops) {
  const shut = foldedGroups(doc);
  if (!shut.length) return { doc, evaluation, ops };
  const values = evaluation ? Object.fromEntries(Object.entries(evaluation.nodes).map(([k, v]) => [k, v.value])) : {};
  let nodes = doc.nodes, ev = evaluation;
  const extra = {};
  for (const f of shut) {
    const done = fold(nodes, ev, f, values);
    ({ nodes, ev } = done);
    extra[done.spec.name] = done.spec;
  }
  return { doc: { ...doc, nodes }, evaluation: ev, ops: { ...ops, ...extra } };
}
