// The npm package as a user installs it: `cargo xtask wasm-test` packs wasm/pkg (`npm pack`),
// installs the tarball into a scratch project (RECAUDO_APP) and runs this script, which proves
// each way of using it and prints a `test result:` line:
// - Node 20 imports `recaudo` and `recaudo/<biller>` (the `node` export condition reads the
//   .wasm bytes itself), looks up a customer against the simulator, and gets a typed error for
//   a missing credential and for a base URL where nothing listens;
// - `tsc` accepts a consumer under moduleResolution `bundler`, `node16` and `nodenext`;
// - a Vite production build and a webpack 5 build of a tiny page run in headless Chromium,
//   served by the simulator (same origin, so the page looks up a customer for real).
// Env: RECAUDO_APP, RECAUDO_TOOLS (wasm/.tools), RECAUDO_SIM_URL (its --www is RECAUDO_APP/www),
// RECAUDO_SOURCES (wasm/tests/npm), RECAUDO_BILLERS (the package's subpaths).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const app = process.env.RECAUDO_APP;
const tools = process.env.RECAUDO_TOOLS;
const simUrl = process.env.RECAUDO_SIM_URL;
const sources = process.env.RECAUDO_SOURCES;
const billers = process.env.RECAUDO_BILLERS.split(",");
const require = createRequire(`${tools}/`);
const bin = (name) => path.join(tools, "node_modules/.bin", name);

/** An ESM-only tool (Vite) from the tools directory, by its package's `exports`. */
async function importTool(name) {
  const dir = path.join(tools, "node_modules", name);
  const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  let entry = manifest.exports?.["."] ?? manifest.module ?? manifest.main;
  while (entry !== null && typeof entry === "object") entry = entry.import ?? entry.default;
  return import(pathToFileURL(path.join(dir, entry)).href);
}

for (const file of ["node-check.mjs", "consumer.ts", "page.js", "index.html"]) {
  cpSync(path.join(sources, file), path.join(app, file));
}

let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    console.log(`test ${name} ... ok`);
    passed += 1;
  } catch (e) {
    console.log(`test ${name} ... FAILED\n${e?.stack ?? e}`);
    failed += 1;
  }
}

function sh(command, args, options = {}) {
  const r = spawnSync(command, args, { cwd: app, encoding: "utf8", ...options });
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

await check("node_imports_the_package_and_every_biller_subpath", () => {
  const out = sh("node", ["node-check.mjs"], {
    env: { ...process.env, RECAUDO_SIM_URL: simUrl, RECAUDO_BILLERS: billers.join(",") },
  });
  process.stdout.write(out);
});

for (const resolution of ["bundler", "node16", "nodenext"]) {
  await check(`typescript_module_resolution_${resolution}`, () => {
    const module = resolution === "bundler" ? "es2022" : resolution;
    const config = {
      compilerOptions: {
        strict: true, noEmit: true, target: "es2022", module, moduleResolution: resolution,
        // `Symbol.dispose` (the classes are disposable) is in esnext.disposable.
        lib: ["es2022", "dom", "esnext.disposable"], skipLibCheck: false, types: [],
      },
      files: ["consumer.ts"],
    };
    writeFileSync(path.join(app, `tsconfig.${resolution}.json`), JSON.stringify(config, null, 2));
    sh(bin("tsc"), ["-p", `tsconfig.${resolution}.json`]);
  });
}

const www = path.join(app, "www");
const builds = [];

await check("vite_production_build", async () => {
  const { build } = await importTool("vite");
  const outDir = path.join(www, "vite");
  await build({
    root: app, base: "./", logLevel: "warn", configFile: false,
    build: { outDir, emptyOutDir: true, target: "es2022" },
  });
  builds.push("vite");
});

await check("webpack_5_production_build", async () => {
  const webpack = require("webpack");
  const outDir = path.join(www, "webpack");
  mkdirSync(outDir, { recursive: true });
  // A classic script: webpack's automatic public path reads `document.currentScript`.
  writeFileSync(path.join(outDir, "index.html"),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body><script src="./page.js"></script></body></html>\n');
  const stats = await new Promise((resolve, reject) => {
    webpack({
      mode: "production", context: app, entry: "./page.js", target: "web",
      output: { path: outDir, filename: "page.js", publicPath: "auto" },
      // Resolve the package from the scratch project, webpack itself from the tools.
      resolve: { modules: [path.join(app, "node_modules")] },
    }, (err, result) => (err ? reject(err) : resolve(result)));
  });
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  builds.push("webpack");
});

if (builds.length > 0) {
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  for (const name of builds) {
    await check(`${name}_page_runs_in_chromium`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${simUrl}${name}/index.html`);
      await page.waitForFunction(() => window.recaudoCheck !== undefined, null, { timeout: 30000 });
      const result = await page.evaluate(() => window.recaudoCheck);
      await context.close();
      if (result.failure || errors.length > 0) {
        throw new Error(`${name}: ${result.failure ?? ""} ${errors.join("; ")}`);
      }
      console.log(`${name}: ${JSON.stringify(result)}`);
    });
  }
  await browser.close();
}

console.log(`test result: ${failed === 0 ? "ok" : "FAILED"}. ${passed} passed; ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
