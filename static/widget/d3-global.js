// The web app loads D3 as a classic script (a global `d3`); in a bundle it is an import.
import * as d3 from "d3";
export { d3 };
