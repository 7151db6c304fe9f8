// "Sign in with …" in the browser, with real parts: the widget opens the popup, the person
// signs in on the test OpenID Connect provider's own page, the worker exchanges the code, the
// test runs with XOAUTH2 through the private Postfix and passes, and the account is saved.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, newPage, required, shoot } from "./browser.mjs";

const baseUrl = required("SENDREADY_URL");
const port = required("SENDREADY_SMTP_STARTTLS_PORT");
const user = required("SENDREADY_OIDC_USERS").split(",")[0];
const password = required("SENDREADY_OIDC_PASSWORD");

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test("signing in with the provider in a popup lets the test pass with XOAUTH2 and saves", async () => {
  const page = await newPage(browser);
  await page.goto(`${baseUrl}/embed.html`, { waitUntil: "load" });
  // A widget that offers sign-in for "other", the preset the test provider is configured for,
  // with the page's admin token callback.
  await page.evaluate(() => {
    const widget = document.createElement("sendready-setup");
    widget.id = "oauth-setup";
    widget.setAttribute("providers", "other");
    widget.setAttribute("default-provider", "other");
    widget.setAttribute("oauth-providers", "other");
    widget.getAdminToken = document.getElementById("setup").getAdminToken;
    document.querySelector("main").prepend(widget);
  });
  const widget = page.locator("#oauth-setup");
  await widget.locator("form").waitFor();
  await widget.getByLabel("E-mail address", { exact: true }).fill(user);
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    widget.getByRole("button", { name: /^Sign in with/ }).click(),
  ]);
  await popup.getByLabel("E-mail").waitFor({ timeout: 15_000 });
  await popup.getByLabel("E-mail").fill(user);
  await popup.getByLabel("Password").fill(password);
  await popup.screenshot({ path: `${process.cwd()}/.sendready/screenshots/40-oauth-provider-login.png` });
  await Promise.all([
    popup.waitForEvent("close", { timeout: 15_000 }),
    popup.getByRole("button", { name: "Sign in and allow" }).click(),
  ]);
  await widget.getByText(`Signed in as ${user}`).waitFor({ timeout: 10_000 });
  assert.equal(await widget.getByLabel("App password", { exact: true }).count(), 0,
    "no password field once signed in");
  await shoot(page, "41-oauth-signed-in");

  await widget.getByLabel("SMTP server", { exact: true }).fill("localhost");
  await widget.getByLabel("Port", { exact: true }).fill(port);
  await widget.getByRole("button", { name: "Test", exact: true }).click();
  await widget.locator(".sr-report").waitFor({ timeout: 30_000 });
  const report = await widget.locator(".sr-report").innerText();
  assert.match(report, /accepted the sign-in \(OAuth, XOAUTH2\)/, "the report says how it signed in");
  const save = widget.getByRole("button", { name: "Save these settings" });
  await save.waitFor({ timeout: 10_000 });
  await shoot(page, "42-oauth-tested");
  await save.click();
  await widget.getByText("Saved.").waitFor({ timeout: 10_000 });
  await shoot(page, "43-oauth-saved");
  assert.deepEqual(page.errors, []);
  await page.close();
});
