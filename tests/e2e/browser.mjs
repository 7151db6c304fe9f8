// Launches Debian's Chromium through playwright-core with the flags this closed network needs,
// and the helpers every browser test shares: pages with a client address of their own,
// screenshots saved as artifacts, and the test MTA's mailbox.
import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomInt } from "node:crypto";

/** Where screenshots go: `.sendready/screenshots/`, kept after the run for people to look at. */
export const SCREENSHOTS = join(process.cwd(), ".sendready", "screenshots");

/** Starts a headless Chromium with a fresh profile; call `close()` on the result. */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), "sendready-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
    permissions: ["clipboard-read", "clipboard-write"],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A page whose API calls speak for a client address of its own (`CF-Connecting-IP`, which
 * `wrangler dev` passes through), so each test has its own test budget; page errors fail it.
 */
export async function newPage(browser, { width = 900, height = 1200, colorScheme = "light" } = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme });
  await page.setExtraHTTPHeaders({ "CF-Connecting-IP": `198.18.${randomInt(1, 255)}.${randomInt(1, 255)}` });
  page.errors = [];
  page.on("pageerror", (error) => page.errors.push(error.message));
  return page;
}

/**
 * Fills the "Other" preset's form on `page`: the address, the app password and localhost:`port`,
 * with `security` chosen when given and the test message asked for when `message`.
 */
export async function fillOther(page, { email, password, port, security = "", message = false }) {
  await page.getByLabel("E-mail address", { exact: true }).fill(email);
  await page.getByLabel("App password", { exact: true }).fill(password);
  await page.getByLabel("SMTP server", { exact: true }).fill("localhost");
  await page.getByLabel("Port", { exact: true }).fill(String(port));
  if (security) await page.getByLabel("Security", { exact: true }).selectOption(security);
  if (message) await page.getByLabel("Send a test message to myself").check();
}

/** Saves a full-page screenshot as `<name>.png` among the run's artifacts. */
export async function shoot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The messages Dovecot stored for `user`, as text (Maildir `new/` and `cur/`). */
export function mailbox(user) {
  const dir = join(required("SENDREADY_MTA_DIR"), "mail", user);
  return ["new", "cur"].flatMap((sub) => {
    try {
      return readdirSync(join(dir, sub)).map((file) => readFileSync(join(dir, sub, file), "utf8"));
    } catch {
      return [];
    }
  });
}

/** Reads a variable the test harness (`cargo xtask test`) must have set. */
export function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through "cargo xtask test"`);
  return value;
}
