// The web app's modules read D3 from `globalThis.d3` (a classic script on its pages); in the
// bundle D3 is imported and put there first, unless the page already has one.
import * as d3 from "d3";

globalThis.d3 ??= d3;
