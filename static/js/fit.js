// Text that shrinks to fit its box instead of being clipped: the caption under the drawing and
// the tour's key sentence on stage. The box keeps its CSS height; the font steps down from the
// CSS size until nothing overflows (scrollHeight <= clientHeight) or a readable minimum is hit.
// A step rewrites the caption every frame, so the fit is kept cheap: nothing is read when the
// text, the minimum, the page size and the body's classes are those of the last fit, and the
// CSS size is read once per page size and class set (not reset and re-read each step).

const MIN_PX = { present: 14, normal: 11 };  // the long matrix captions of the two-layer net need 14 at 1024

const last = new WeakMap();  // el -> { key, page, base }: its last fit

/** What the CSS font size of a box depends on: the window size and the body's classes. */
const pageKey = () => `${innerWidth}x${innerHeight}|${document.body.className}`;

/** el's CSS font size (px) under the current page: read once per page key. */
function baseSize(el, page) {
  const prev = last.get(el);
  if (prev && prev.page === page) return prev.base;
  el.style.fontSize = "";
  return parseFloat(getComputedStyle(el).fontSize);
}

/** Set an inline style or data value only when it differs: writing even the same font size
 * makes Chromium lay out the page from the document down (the caption's own containment stops
 * a text change, not a change of its own style), 0.45 ms a step. */
function put(obj, name, value) {
  if (obj[name] !== value) obj[name] = value;
}

/** Shrink el's font from its CSS size until its text fits its height (never below min px). */
export function fitText(el, min = MIN_PX.normal) {
  const page = pageKey(), key = `${page}|${min}|${el.textContent}`;
  if (last.get(el)?.key === key) return;  // same text in the same box: the same fit
  const base = baseSize(el, page);
  let size = base;
  put(el.style, "fontSize", `${size}px`);
  while (el.scrollHeight > el.clientHeight + 1 && size > min) {
    size = Math.max(min, size - Math.max(1, Math.round(size / 16)));
    el.style.fontSize = `${size}px`;
  }
  put(el.dataset, "fit", el.scrollHeight > el.clientHeight + 1 ? "overflow" : "fits");
  last.set(el, { key, page, base });
}

/** Keep el fitted whenever its text, the page size or presentation mode changes. */
export function keepFitted(el) {
  const min = () => (document.body.classList.contains("present") ? MIN_PX.present : MIN_PX.normal);
  const refit = () => fitText(el, min());  // a mutation observer runs before the next paint
  new MutationObserver(refit).observe(el, { childList: true, characterData: true, subtree: true });
  new MutationObserver(refit).observe(document.body, { attributes: true, attributeFilter: ["class"] });
  window.addEventListener("resize", refit);
  refit();
  return refit;
}
