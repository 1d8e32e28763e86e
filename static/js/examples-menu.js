// The Examples menu: every preset by its full title with its figure number first ("Fig. 5-2 ·
// Buying apples, forward"), in sync with what is shown: the preset's name while its document is
// unchanged (also after undo back to it, and after a reload), "(edited)" after an edit, blank for
// a graph that is no preset.

import { t, getLang } from "./i18n.js";

const REMEMBER = "compgraph.example";  // {name, json} of the preset last loaded (survives reload)
const FIG = /\s*\(((?:Fig\.|図)\s*[^()]*)\)\s*$/;

/** The option text of an example: its title in the language, the figure reference moved first. */
export function exampleTitle(e, lang = getLang()) {
  const title = (lang === "ja" && (e.title_ja || e.meta?.title_ja)) || e.title || e.name;
  const m = title.match(FIG);
  return m ? `${m[1]} · ${title.replace(FIG, "")}` : title;
}

export function createExamplesMenu(app, select) {
  let examples = [];
  let shown = read();  // the preset whose document was loaded: {name, json}
  function read() {
    try { return JSON.parse(localStorage.getItem(REMEMBER) || "null"); } catch { return null; }
  }
  function fill() {
    const lang = getLang();
    const blank = new Option("—", "");
    select.replaceChildren(blank, ...examples.map((e) => {
      const option = new Option(exampleTitle(e, lang), e.name);
      option.title = (lang === "ja" && e.summary_ja) || e.summary || "";
      return option;
    }));
    sync();
  }
  /** Select the shown preset, or mark it edited, or blank. */
  function sync() {
    const preset = shown && examples.find((e) => e.name === shown.name);
    const same = preset && JSON.stringify(app.state.document) === shown.json;
    const blank = select.options[0];
    if (!blank) return;
    blank.textContent = preset && !same ? `${exampleTitle(preset)} ${t("examples.edited")}` : "—";
    select.value = same ? preset.name : "";
    select.title = select.selectedOptions[0]?.textContent || "";
    // the full title is also in the menu's accessible name (the box may be narrower than a title)
    select.setAttribute("aria-label", select.value ? `${t("examples")}: ${select.title}` : t("examples"));
    select.dataset.state = same ? "preset" : preset ? "edited" : "none";
  }
  select.addEventListener("change", () => select.value && app.loadExample(select.value));
  app.on("load", sync);
  app.on("lang", fill);
  return {
    /** The menu's list (GET /api/examples), in the API's order. */
    setExamples(list) { examples = list; fill(); },
    get examples() { return examples; },
    /** The document about to be shown comes from preset `name` (null: no preset). */
    remember(name, doc) {
      shown = name ? { name, json: JSON.stringify(doc) } : null;
      try { localStorage.setItem(REMEMBER, JSON.stringify(shown)); } catch { /* private mode */ }
    },
  };
}
