// The animation as a video (WebM, recorded in the browser with canvas + MediaRecorder) or as
// numbered PNG frames in a ZIP. Each step is the app's own drawing (its SVG serialized to an
// image) on a canvas with the title, the step number and the caption burnt in.

import { zipStore } from "./zip.js";

const FPS = 30;

async function loadImage(svgText) {
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally { URL.revokeObjectURL(url); }
}

/** Lines of `text` that fit `width` at the context's font (at most `max`, the last one cut). */
function wrap(ctx, text, width, max) {
  const lines = [];
  let line = "";
  for (const ch of [...text]) {  // by character: Japanese has no spaces
    if (ctx.measureText(line + ch).width > width && line) {
      const cut = line.lastIndexOf(" ");
      const keep = cut > line.length / 2 ? line.slice(0, cut) : line;
      lines.push(keep);
      line = (line.slice(keep.length) + ch).trimStart();
    } else line += ch;
  }
  if (line) lines.push(line);
  if (lines.length > max) lines.splice(max - 1, lines.length, `${lines[max - 1]}…`);
  return lines;
}

/** Paint one step: white page, title and step at the top, the drawing fitted, the caption. */
export function paint(ctx, { image, title, counter, caption }) {
  const { width: W, height: H } = ctx.canvas;
  const unit = Math.min(W / 1920, H / 1080);
  const top = Math.round(64 * unit), bottom = Math.round(170 * unit), pad = Math.round(40 * unit);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, W, H);
  const scale = Math.min((W - 2 * pad) / image.width, (H - top - bottom) / image.height);
  const w = image.width * scale, h = image.height * scale;
  ctx.drawImage(image, (W - w) / 2, top + (H - top - bottom - h) / 2, w, h);
  ctx.fillStyle = "#1a1a1a";
  ctx.textBaseline = "middle";
  ctx.font = `600 ${Math.round(30 * unit)}px "Noto Sans", "DejaVu Sans", "IPAPGothic", sans-serif`;
  ctx.fillText(title, pad, top / 2 + 6 * unit, W - 2 * pad - 260 * unit);
  ctx.textAlign = "right";
  ctx.fillText(counter, W - pad, top / 2 + 6 * unit);
  ctx.textAlign = "left";
  ctx.fillStyle = "#f4f4f1";
  ctx.fillRect(0, H - bottom, W, bottom);
  ctx.fillStyle = "#1a1a1a";
  const size = Math.round(36 * unit);
  ctx.font = `${size}px "Noto Sans", "DejaVu Sans", "IPAPGothic", sans-serif`;
  wrap(ctx, caption, W - 2 * pad, 3).forEach((line, i, all) => {
    ctx.fillText(line, pad, H - bottom / 2 + (i - (all.length - 1) / 2) * size * 1.25);
  });
}

/** Every step's picture: source = {steps, title, step(k) -> Promise<{svg, caption, counter}>}. */
export async function collectFrames(source, onProgress = () => {}) {
  const frames = [];
  for (let k = 0; k <= source.steps; k++) {
    const { svg, caption, counter } = await source.step(k);
    frames.push({ image: await loadImage(svg), caption, counter, title: source.title });
    onProgress(k, source.steps);
  }
  return frames;
}

const canvasOf = ({ width, height }) => Object.assign(document.createElement("canvas"), { width, height });
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

export const webmSupported = () => typeof MediaRecorder !== "undefined"
  && ["video/webm;codecs=vp9", "video/webm;codecs=vp8", "video/webm"].some((t) => MediaRecorder.isTypeSupported(t));

/** Record the frames, each shown for 1/speed seconds (the player's pace), as a WebM Blob.
 * Recording runs in real time: the duration is (steps + 1) / speed seconds. */
export async function recordWebM(frames, { speed = 1, width = 1920, height = 1080 } = {}) {
  const page = canvasOf({ width, height });  // the current step, painted when the step changes
  const pageCtx = page.getContext("2d");
  const canvas = canvasOf({ width, height });  // the recorded canvas: the page copied every tick
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, width, height);
  const stream = canvas.captureStream(0);  // frames when asked: one per tick below
  const [track] = stream.getVideoTracks();
  const mimeType = ["video/webm;codecs=vp9", "video/webm;codecs=vp8", "video/webm"].find((t) => MediaRecorder.isTypeSupported(t));
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 6e6 });
  const chunks = [];
  recorder.ondataavailable = (ev) => { if (ev.data.size) chunks.push(ev.data); };
  const stopped = new Promise((ok) => { recorder.onstop = ok; });
  const hold = 1000 / speed, total = frames.length * hold;
  let shown = -1;
  const started = new Promise((ok) => { recorder.onstart = ok; });
  recorder.start();
  await started;
  const t0 = performance.now();
  // a canvas that does not change sends no frame: copy the page every tick so that the
  // recording's clock follows the wall clock to the end of the last step
  for (let now = 0; now < total; now = performance.now() - t0) {
    const i = Math.min(frames.length - 1, Math.floor(now / hold));
    if (i !== shown) { paint(pageCtx, frames[i]); shown = i; }
    ctx.drawImage(page, 0, 0);
    track.requestFrame();
    await sleep(Math.min(1000 / FPS, total - now));
  }
  ctx.drawImage(page, 0, 0);
  track.requestFrame();  // the last step's end
  recorder.stop();
  await stopped;
  stream.getTracks().forEach((tr) => tr.stop());
  const video = new Blob(chunks, { type: "video/webm" });
  // an encoder that cannot keep up (or a hardware one that fails) leaves only the file's header
  if (video.size < 1000) throw new Error(`the browser recorded no frames at ${width}x${height}: try a smaller size (the window's)`);
  return video;
}

/** The frames as PNG files frame-000.png, frame-001.png, … in a ZIP Blob. */
export async function framesZip(frames, { width = 1920, height = 1080 } = {}) {
  const canvas = canvasOf({ width, height });
  const ctx = canvas.getContext("2d");
  const files = [];
  for (const [k, frame] of frames.entries()) {
    paint(ctx, frame);
    const blob = await new Promise((ok) => canvas.toBlob(ok, "image/png"));
    files.push({ name: `frame-${String(k).padStart(3, "0")}.png`, bytes: new Uint8Array(await blob.arrayBuffer()) });
  }
  return zipStore(files);
}
