// The figure card beside the drawing: the example's figure number (or its section, for an example
// that is a section rather than a figure: meta.section), title and description (which hold the
// book's explanation), in the current language; hideable, and the choice remembered. Its size
// goes to the renderer (renderer.card), which fits the drawing clear of it (label-fit.js).

const KEY = "compgraph.figureCard";
const WORDS = { en: { fig: "Fig. {n}", section: "§{n}", hide: "Hide the figure card", show: "Figure" },
  ja: { fig: "図{n}", section: "{n}節", hide: "図の説明を隠す", show: "図の説明" } };
// set through the CSSOM: the page's CSP refuses style attributes
const STYLE = { position: "absolute", left: "8px", top: "8px", maxWidth: "min(360px, 40%)", zIndex: 2,
  background: "#fffdf7", border: "1px solid #d8d2c0", borderRadius: "6px", padding: "6px 10px",
  fontSize: "14px", lineHeight: 1.35 };

/** What the card says for a document: {figure, section, title, description} in `lang`, or null. */
export function cardText(doc, lang) {
  const meta = doc?.meta || {};
  const title = (lang === "ja" && meta.title_ja) || doc?.title;
  const description = (lang === "ja" && meta.description_ja) || doc?.description;
  if (!title && !description) return null;
  return { figure: meta.figure || null, section: meta.section || null, title: title || "", description: description || "" };
}

export function installFigureCard(app, stage) {
  const card = document.createElement("aside");
  card.id = "figure-card";
  Object.assign(card.style, STYLE);
  const show = document.createElement("button");
  show.id = "figure-card-show";
  show.type = "button";
  Object.assign(show.style, { position: "absolute", left: "8px", top: "8px", zIndex: 2 });
  stage.append(card, show);
  let hidden = localStorage.getItem(KEY) === "hidden";
  let shown = null;  // what the card says now: its text, language and whether it is hidden

  function render() {
    const lang = app.state.lang;
    const w = WORDS[lang] || WORDS.en;
    const text = cardText(app.state.document, lang);
    // the same card again (a document's "load" and then its "evaluated"): nothing to rebuild and
    // nothing to measure (its size changes reach report() through the ResizeObserver below);
    // measuring it would lay out the page, and the drawing just made, in the middle of a draw
    const key = JSON.stringify([text, lang, hidden]);
    if (key === shown) return;
    shown = key;
    card.replaceChildren();
    card.hidden = !text || hidden;
    show.hidden = !text || !hidden;
    show.textContent = w.show;
    if (!text) { report(); return; }
    const head = document.createElement("div");
    const strong = document.createElement("strong");
    const ref = text.section ? w.section.replace("{n}", text.section) : text.figure && w.fig.replace("{n}", text.figure);
    strong.textContent = [ref, text.title].filter(Boolean).join("  ");
    const close = document.createElement("button");
    close.id = "figure-card-hide";
    close.type = "button";
    close.textContent = "×";
    close.title = w.hide;
    close.setAttribute("aria-label", w.hide);
    Object.assign(close.style, { float: "right", marginLeft: "8px" });
    close.addEventListener("click", () => toggle(true));
    head.append(close, strong);
    const p = document.createElement("p");
    p.style.margin = "4px 0 0";
    p.textContent = text.description;
    card.append(head, p);
    report();
  }
  /** Tell the renderer where the card is (its box from the stage's corner, or null). */
  function report() {
    const r = card.hidden ? null : card.getBoundingClientRect();
    const box = r && r.width ? { w: Math.ceil(r.width) + 16, h: Math.ceil(r.height) + 16 } : null;
    if (JSON.stringify(box) === JSON.stringify(app.renderer?.card ?? null)) return;
    if (app.renderer) app.renderer.card = box;
    app.emit("card", box);
  }
  function toggle(hide) {
    hidden = hide;
    localStorage.setItem(KEY, hide ? "hidden" : "shown");
    render();
  }
  show.addEventListener("click", () => toggle(false));
  app.on("load", render);
  app.on("lang", render);
  app.on("evaluated", render);
  new ResizeObserver(report).observe(card);  // its width follows the stage's
  render();
  return card;
}
