// The Export menu's entries for the whole animation: Handout (print), Player (HTML), Video (WebM)
// and Frames (ZIP of PNG), with the video size (1920x1080 or the window's).

import { api } from "./api.js";
import { collectFrames, recordWebM, framesZip, webmSupported } from "./video.js";
import { st } from "./share-strings.js";
import { titleOf } from "./standalone.js";

const ENTRIES = [["export-handout", "export.handout"], ["export-player", "export.player"],
  ["export-video", "export.video"], ["export-frames", "export.frames"]];

/** The menu's new buttons and the size choice, labelled in the current language. */
function addEntries(menu) {
  const buttons = ENTRIES.map(([id, key]) => {
    const b = Object.assign(document.createElement("button"), { id, type: "button" });
    b.dataset.st = key;
    return b;
  });
  const size = document.createElement("select");
  size.id = "export-size";
  size.setAttribute("aria-label", "video size");
  size.append(new Option("1920×1080", "1920x1080"), new Option("", "window"));
  menu.append(...buttons, size);
  const relabel = () => {
    for (const b of buttons) b.textContent = st(b.dataset.st);
    size.options[1].textContent = st("export.window");
  };
  relabel();
  return relabel;
}

/** The chosen video size in even pixels (codecs want even sizes). */
function videoSize(choice) {
  if (choice !== "window") return { width: 1920, height: 1080 };
  const even = (x) => Math.max(2, Math.floor(x / 2) * 2);
  return { width: even(innerWidth), height: even(innerHeight) };
}

export function installMovingExports(app, { svgText, on, download, fileName }) {
  const $ = (id) => document.getElementById(id);
  const relabel = addEntries($("export-menu").querySelector(".menu-items"));
  app.on("lang", relabel);
  const doc = () => app.state.document;
  const savedId = async () => (await api.save(doc())).id;

  /** Every step as a picture, the app's own drawing; the player comes back to where it was. */
  async function frames() {
    if (!app.state.evaluation) throw new Error(app.t("cap.invalid", { msg: "" }));
    app.pause();
    const back = app.state.step;
    const n = app.state.steps;
    try {
      return await collectFrames({
        steps: n, title: titleOf(doc()),
        step: async (k) => {
          app.goto(k);
          return { svg: await svgText(), caption: $("caption").textContent, counter: app.t("step", { k, n }) };
        },
      }, (k) => app.showMessage(st("export.recording", { k, n })));
    } finally { app.goto(back); }
  }
  const speed = () => app.player.speeds[Number($("speed").value)] ?? 1;
  const animation = {
    /** The video as a Blob: options {speed, width, height}; default the player's speed, 1920x1080. */
    async video(opts = {}) {
      if (!webmSupported()) throw new Error("this browser cannot record WebM (MediaRecorder)");
      const shots = await frames();
      app.showMessage(st("export.recording", { k: shots.length - 1, n: shots.length - 1 }));
      return recordWebM(shots, { speed: speed(), ...videoSize($("export-size").value), ...opts });
    },
    async frames(opts = {}) { return framesZip(await frames(), { ...videoSize($("export-size").value), ...opts }); },
  };
  const saved = (name) => app.showMessage(st("export.saved", { name }));
  on("export-handout", async () => {
    const id = await savedId();
    open(`/g/${id}/handout?lang=${app.state.lang}`, "_blank", "noopener");
  });
  on("export-player", async () => {
    const id = await savedId();
    const a = Object.assign(document.createElement("a"), { href: `/g/${id}/player.html`, download: "" });
    document.body.append(a);
    a.click();
    a.remove();
  });
  on("export-video", async () => { const name = fileName(doc(), "webm"); download(name, await animation.video()); saved(name); });
  on("export-frames", async () => { const name = fileName(doc(), "zip"); download(name, await animation.frames()); saved(name); });
  return animation;
}
