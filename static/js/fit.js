// Text that shrinks to fit its box instead of being clipped: the caption under the drawing and
// the tour's key sentence on stage. The box keeps its CSS height; the font steps down from the
// CSS size until nothing overflows (scrollHeight <= clientHeight) or a readable minimum is hit.

const MIN_PX = { present: 14, normal: 11 };  // the long matrix captions of the two-layer net need 14 at 1024

/** Shrink el's font from its CSS size until its text fits its height (never below min px). */
export function fitText(el, min = MIN_PX.normal) {
  el.style.fontSize = "";
  let size = parseFloat(getComputedStyle(el).fontSize);
  while (el.scrollHeight > el.clientHeight + 1 && size > min) {
    size = Math.max(min, size - Math.max(1, Math.round(size / 16)));
    el.style.fontSize = `${size}px`;
  }
  el.dataset.fit = el.scrollHeight > el.clientHeight + 1 ? "overflow" : "fits";
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
