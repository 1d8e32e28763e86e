// The one size table of the drawing, shared by the layout (node and gap sizes, the width a label
// needs) and the CSS (font sizes as custom properties set by applySizes). Pure at import.

/** Geometry in drawing units: op circle radius, row height, minimum layer gap, box height, the
 * output stub's length, the node count up to which long edges bend and up to which a graph of
 * arrays lifts its leaf operands above and below their ops (layout-lift.js). */
export const SIZES = { r: 28, row: 116, gapMin: 120, boxH: 52, stub: 120, bendMax: 200, liftMax: 40 };

/** Text: font size (px) and the width of one character (px) of each kind of text, on screen and
 * in presentation mode (bold, bigger). label: edge numbers; array: vector labels; name: input names. */
export const FONTS = {
  label: { px: 17, charW: 10.5, present: { px: 21, charW: 13 } },
  array: { px: 14, charW: 8.5, present: { px: 18, charW: 10.9 } },
  name: { px: 17, charW: 10, present: { px: 21, charW: 12.5 } },
};

/** The fonts in effect: {label: {px, charW}, array: ..., name: ...}. */
export function fontsFor(present = false) {
  return Object.fromEntries(Object.entries(FONTS).map(([k, f]) => [k, present ? f.present : { px: f.px, charW: f.charW }]));
}

/** Set the font sizes as CSS custom properties (--label-px, --label-px-present, ...) on `style`
 * (the drawing's <svg>.style): the CSS reads them, so layout and CSS use one table. */
export function applySizes(style) {
  for (const [k, f] of Object.entries(FONTS)) {
    style.setProperty(`--${k}-px`, `${f.px}px`);
    style.setProperty(`--${k}-px-present`, `${f.present.px}px`);
  }
}
