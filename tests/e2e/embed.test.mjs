// The widget embedded the way a SaaS onboarding page does it (embed.html): one script tag, an
// admin token from the host's server, Save, DOM events, several widgets on one page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, newPage, required, shoot } from "./browser.mjs";

const baseUrl = required("SENDREADY_URL");
const port = required("SENDREADY_SMTP_STARTTLS_PORT");
const user = required("SENDREADY_USER_1");
const password = required("SENDREADY_PASSWORD_1");

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Fills one widget (`root`) for the test MTA and clicks its Test button. */
async function testIn(root, secret) {
  await root.getByLabel("E-mail address", { exact: true }).fill(user);
  await root.getByLabel("App password", { exact: true }).fill(secret);
  await root.getByLabel("SMTP server", { exact: true }).fill("localhost");
  await root.getByLabel("Port", { exact: true }).fill(port);
  await root.getByRole("button", { name: "Test", exact: true }).click();
  await root.locator(".sr-report").waitFor({ timeout: 30_000 });
}

test("saving is offered only after a passing test of exactly these settings", async () => {
  const page = await newPage(browser);
  await page.goto(`${baseUrl}/embed.html`, { waitUntil: "load" });
  const events = [];
  await page.exposeFunction("recordEvent", (name, detail) => events.push({ name, detail }));
  await page.evaluate(() => {
    for (const name of ["sendready:tested", "sendready:saved"]) {
      document.addEventListener(name, (event) => window.recordEvent(name, event.detail));
    }
  });
  const widget = page.locator("sendready-setup");
  await widget.locator("form").waitFor();
  assert.equal(await widget.getByRole("button", { name: /Save/ }).count(), 0, "no Save before a test");
  await testIn(widget, password);
  const save = widget.getByRole("button", { name: "Save these settings" });
  await save.waitFor();
  const tested = events.find((event) => event.name === "sendready:tested");
  assert.ok(tested, "the page heard sendready:tested");
  assert.equal(tested.detail.settings.host, "localhost");
  assert.equal(tested.detail.settings.port, Number(port));
  assert.equal(tested.detail.settings.username, user);
  assert.ok(tested.detail.attestation.token.split(".").length === 3);
  assert.ok(!JSON.stringify(tested.detail).includes(password), "events never carry the password");
  await save.click();
  await widget.getByText("Saved.").waitFor({ timeout: 10_000 });
  const saved = events.find((event) => event.name === "sendready:saved");
  assert.equal(saved?.detail.account.email, user);
  assert.equal(saved.detail.account.tenant, "demo");
  assert.ok(!JSON.stringify(saved.detail).includes(password));
  await shoot(page, "10-embed-saved");
  // An edit after the test withdraws Save.
  await widget.getByLabel("Display name").fill("Support");
  await save.waitFor({ state: "detached", timeout: 5_000 });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("two widgets on one page keep their own ids, state and events", async () => {
  const page = await newPage(browser);
  await page.goto(`${baseUrl}/embed.html`, { waitUntil: "load" });
  await page.evaluate(() => {
    const second = document.createElement("sendready-setup");
    second.id = "second";
    second.setAttribute("providers", "gmail,other");
    second.setAttribute("theme", "dark");
    document.querySelector("main").append(second);
    window.heard = [];
    document.addEventListener("sendready:tested", (event) => window.heard.push(event.target.id));
  });
  const first = page.locator("#setup");
  const second = page.locator("#second");
  await second.locator("form").waitFor();
  const ids = await page.evaluate(() => [...document.querySelectorAll("[id]")].map((element) => element.id));
  assert.equal(new Set(ids).size, ids.length, "no id appears twice");
  // The second widget offers only what its page asked for.
  const offered = await second.getByLabel("Mail provider").locator("option:not([disabled])").evaluateAll(
    (options) => options.map((option) => option.value),
  );
  assert.deepEqual(offered, ["gmail", "other"]);
  await testIn(second, password);
  await second.getByText("Connected successfully").waitFor();
  assert.equal(await first.locator(".sr-report").count(), 0, "the first widget is untouched");
  assert.deepEqual(await page.evaluate(() => window.heard), ["second"]);
  await shoot(page, "11-two-widgets");
  await page.close();
});
