// The one DOM helper: el(tag, props, ...children). props is a class name (string), null, or an
// object of properties (className, type, value, title, ...; "aria-*" and "data-*" become
// attributes); children are nodes or text (never parsed as HTML).

export function el(tag, props, ...children) {
  const e = document.createElement(tag);
  if (typeof props === "string") e.className = props;
  else if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (k.startsWith("aria-") || k.startsWith("data-")) e.setAttribute(k, v);
      else e[k] = v;
    }
  }
  for (const c of children) if (c !== undefined && c !== null) e.append(c);
  return e;
}
