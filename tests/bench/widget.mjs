// `cargo xtask bench widget`: what the setup widget costs a visitor, printed as figures.
// 1. First-load bytes of the widget (loader + JS glue + WASM + CSS): raw, gzip -9, brotli 11.
// 2. Navigation to an interactive widget (its form in the DOM, handlers attached), headless
//    Chromium on loopback, median and p95 of 40 cold page loads.
// Each figure is printed with its budget from issue 9 and whether it is met.
// 3. Keystroke to updated field message, measured inside the page: p50/p95 of 300 keystrokes
//    that each turn the port field's error on or off.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { launchBrowser, newPage, required } from "../e2e/browser.mjs";

const baseUrl = required("SENDREADY_URL");
const pkg = join(process.cwd(), "dist", "pkg");

const files = ["sendready-element.js", "sendready.js", "sendready_bg.wasm", "sendready.css"];
// wasm-bindgen's inline JS snippets, if a build has any.
const snippets = join(pkg, "snippets");
for (const dir of existsSync(snippets) ? readdirSync(snippets) : []) {
  for (const file of readdirSync(join(snippets, dir))) files.push(join("snippets", dir, file));
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
// Issue 9's budgets: 150 KB gzip first load, 300 ms to interactive, 1 ms per keystroke (p95).
const BUDGET = { gzipBytes: 150 * 1024, interactiveMs: 300, keystrokeMs: 1 };
const verdict = (value, budget, unit) =>
  value <= budget
    ? `within budget (${budget} ${unit})`
    : `OVER budget (${budget} ${unit}) by ${(value - budget).toFixed(unit === "KB" ? 1 : 2)} ${unit}`;
/** Prints each file's raw, gzip -9 and brotli 11 size and their total; returns the total. */
function sizesOf(names) {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of names) {
    const data = readFileSync(join(pkg, file));
    const sizes = {
      raw: statSync(join(pkg, file)).size,
      gzip: gzipSync(data, { level: 9 }).length,
      brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
    for (const key of Object.keys(total)) total[key] += sizes[key];
    console.log(`  ${file.padEnd(48)} ${kb(sizes.raw).padStart(10)} raw ${kb(sizes.gzip).padStart(10)} gzip ${kb(sizes.brotli).padStart(10)} brotli`);
  }
  console.log(`  ${"total".padEnd(48)} ${kb(total.raw).padStart(10)} raw ${kb(total.gzip).padStart(10)} gzip ${kb(total.brotli).padStart(10)} brotli`);
  return total;
}
console.log("first-load bytes of the setup widget");
const total = sizesOf(files);
console.log(`  gzip total ${kb(total.gzip)}: ${verdict(total.gzip / 1024, BUDGET.gzipBytes / 1024, "KB")}`);
console.log("loaded later, when someone opens \"paste your error\" (the in-browser diagnosis)");
sizesOf(["sendready-diagnose.js", "sendready-diagnose_bg.wasm"]);

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const browser = await launchBrowser();
try {
  const loads = [];
  for (let run = 0; run < 40; run += 1) {
    const page = await newPage(browser);
    // Cold: no cache between loads.
    const session = await page.context().newCDPSession(page);
    await session.send("Network.setCacheDisabled", { cacheDisabled: true });
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector(".sendready form button[type=submit]")) {
          window.__interactiveAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(baseUrl, { waitUntil: "load" });
    await page.waitForFunction(() => window.__interactiveAt !== undefined);
    loads.push(await page.evaluate(() => window.__interactiveAt));
    await page.close();
  }
  const p95Load = percentile(loads, 95);
  console.log(`navigation to interactive widget (${loads.length} cold loads): median ${percentile(loads, 50).toFixed(0)} ms, p95 ${p95Load.toFixed(0)} ms: p95 ${verdict(p95Load, BUDGET.interactiveMs, "ms")}`);

  const page = await newPage(browser);
  await page.goto(baseUrl, { waitUntil: "load" });
  await page.locator(".sendready form").waitFor();
  // The port field of the "other" preset: "58x" is an error, "587" none, so every keystroke
  // changes the message under the field.
  await page.getByLabel("Port", { exact: true }).fill("58x");
  await page.getByLabel("Port", { exact: true }).blur();
  await page.locator('[data-field="port"] .sr-field-error').waitFor();
  const timings = await page.evaluate(async () => {
    const input = document.querySelector('input[name="port"]');
    const field = input.closest(".sr-field");
    const times = [];
    for (let i = 0; i < 300; i += 1) {
      const before = field.innerText;
      const start = performance.now();
      input.value = i % 2 === 0 ? "587" : "58x";
      input.dispatchEvent(new Event("input", { bubbles: true }));
      // Done when the message changed; reactive effects flush in microtasks.
      while (field.innerText === before && performance.now() - start < 100) {
        await Promise.resolve();
      }
      times.push(performance.now() - start);
    }
    return times;
  });
  const p95Keystroke = percentile(timings, 95);
  console.log(`keystroke to updated field message: p50 ${percentile(timings, 50).toFixed(2)} ms, p95 ${p95Keystroke.toFixed(2)} ms: p95 ${verdict(p95Keystroke, BUDGET.keystrokeMs, "ms")}`);
  await page.close();
} finally {
  await browser.close();
}
