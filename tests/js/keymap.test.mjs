// keymap.js: one "typing in a field?" rule, combo names, dispatch by priority and `when`, and
// moving the focus along edges.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isTyping, comboOf, createKeymap, neighbour } from "../../static/js/keymap.js";

const input = (type) => ({ tagName: "INPUT", getAttribute: (a) => (a === "type" ? type : null) });
const tag = (tagName, extra = {}) => ({ tagName, getAttribute: () => null, ...extra });
const key = (k, mods = {}, target = tag("BODY")) => {
  const ev = { key: k, target, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods, defaultPrevented: false };
  ev.preventDefault = () => { ev.defaultPrevented = true; };
  return ev;
};

test("only text fields count as typing", () => {
  for (const t of [null, "", "text", "number", "search"]) assert.equal(isTyping(input(t)), true, `input type=${t}`);
  assert.equal(isTyping(tag("TEXTAREA")), true);
  assert.equal(isTyping(tag("DIV", { isContentEditable: true })), true);
  for (const t of ["range", "checkbox", "button", "file"]) assert.equal(isTyping(input(t)), false, `input type=${t}`);
  for (const t of ["SELECT", "BUTTON", "SUMMARY", "BODY"]) assert.equal(isTyping(tag(t)), false, t);
});

test("combo names", () => {
  assert.equal(comboOf(key(" ")), "Space");
  assert.equal(comboOf(key("P", { shiftKey: true })), "Shift+p");
  assert.equal(comboOf(key("z", { ctrlKey: true })), "Ctrl+z");
  assert.equal(comboOf(key("Z", { metaKey: true, shiftKey: true })), "Ctrl+Shift+z");
  assert.equal(comboOf(key("?", { shiftKey: true })), "?");
  assert.equal(comboOf(key("Tab", { shiftKey: true })), "Shift+Tab");
});

test("dispatch: keys reach the player from a select or a button, not from a text field", () => {
  const keys = createKeymap();
  const log = [];
  keys.bind(["ArrowRight", "PageDown"], () => log.push("next"));
  for (const target of [tag("SELECT"), tag("BUTTON"), input("range")]) {
    const ev = key("PageDown", {}, target);
    assert.equal(keys.handle(ev), true);
    assert.equal(ev.defaultPrevented, true);  // the select does not change its option
  }
  const typed = key("ArrowRight", {}, input("text"));
  assert.equal(keys.handle(typed), false);
  assert.equal(typed.defaultPrevented, false);
  assert.deepEqual(log, ["next", "next", "next"]);
});

test("dispatch: priority, `when`, and passing on with false", () => {
  const keys = createKeymap();
  const log = [];
  let atEnd = false;
  keys.bind("PageDown", () => log.push("player"));
  keys.bind("PageDown", () => log.push("tour"), { priority: 1, when: () => atEnd });
  keys.bind("n", () => false, { priority: 5 });
  keys.bind("n", () => log.push("n"));
  keys.handle(key("PageDown"));
  atEnd = true;
  keys.handle(key("PageDown"));
  keys.handle(key("n"));
  assert.deepEqual(log, ["player", "tour", "n"]);
  assert.equal(keys.handle(key("q")), false);
});

test("unbinding and the help list", () => {
  const keys = createKeymap();
  const off = keys.bind("Home", () => {}, { name: "home" });
  assert.deepEqual(keys.list(), [{ name: "home", keys: ["Home"] }]);
  off();
  assert.equal(keys.handle(key("Home")), false);
});

test("neighbour moves along edges and within a layer", () => {
  const doc = { nodes: [
    { id: "apple", op: "input" }, { id: "num", op: "input" }, { id: "tax", op: "input" },
    { id: "ap", op: "mul", inputs: ["apple", "num"] }, { id: "price", op: "mul", inputs: ["ap", "tax"] }] };
  const L = { nodes: {
    apple: { x: 0, y: 0, layer: 0 }, num: { x: 0, y: 100, layer: 0 }, tax: { x: 200, y: 100, layer: 1 },
    ap: { x: 200, y: 0, layer: 1 }, price: { x: 400, y: 0, layer: 2 } } };
  assert.equal(neighbour(doc, L, null, "right"), "apple");  // nothing focused: the first node
  assert.equal(neighbour(doc, L, "apple", "right"), "ap");
  assert.equal(neighbour(doc, L, "ap", "right"), "price");
  assert.equal(neighbour(doc, L, "price", "right"), null);
  assert.equal(neighbour(doc, L, "price", "left"), "ap");
  assert.equal(neighbour(doc, L, "apple", "down"), "num");
  assert.equal(neighbour(doc, L, "ap", "down"), "tax");
  assert.equal(neighbour(doc, L, "tax", "up"), "ap");
  assert.equal(neighbour(doc, L, "apple", "up"), null);
});
