// One self-contained ES module from an entry that imports the web app's modules:
//   node static/widget/build.mjs <entry.js> <outfile.js>
// D3 and KaTeX come from node_modules at build time ("/vendor/..." imports resolve there; an
// entry that needs the pages' global `d3` imports static/widget/d3-global.js first), CSS as text and
// KaTeX's woff2 fonts as data: URLs. Nothing is fetched when the module runs.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const MODULES = join(ROOT, "node_modules");
const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error("usage: node static/widget/build.mjs <entry.js> <outfile.js>");
  process.exit(2);
}

const vendor = {
  name: "vendor",
  setup(b) {
    b.onResolve({ filter: /^\/vendor\// }, (args) => ({ path: join(MODULES, args.path.slice("/vendor/".length)) }));
    // CSS as text, with its woff2 fonts inlined and the woff/ttf fallbacks dropped
    b.onLoad({ filter: /\.css$/ }, (args) => {
      const dir = dirname(args.path);
      const css = readFileSync(args.path, "utf8")
        .replace(/,\s*url\([^)]*\.(woff|ttf)\) format\("(woff|truetype)"\)/g, "")
        .replace(/url\(([^)]*\.woff2)\)/g, (_, f) => `url(data:font/woff2;base64,${readFileSync(join(dir, f)).toString("base64")})`);
      return { contents: css, loader: "text" };
    });
  },
};

await build({
  entryPoints: [entry], outfile, bundle: true, format: "esm", minify: true, target: "es2020",
  plugins: [vendor], loader: { ".html": "text" },
  logLevel: "warning",
});
