// "Sign in with …" in the browser, with real parts: the widget opens the popup, the person
// signs in on the test OpenID Connect provider's own page, the worker exchanges the code, the
// test runs with XOAUTH2 through the private Postfix and passes, and the account is saved.
// With popups blocked the widget's own window goes to the provider and comes back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, newPage, required, shoot } from "./browser.mjs";

const baseUrl = required("SENDREADY_URL");
const port = required("SENDREADY_SMTP_STARTTLS_PORT");
const [user, otherUser] = required("SENDREADY_OIDC_USERS").split(",");
const password = required("SENDREADY_OIDC_PASSWORD");

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// A widget that offers sign-in for "other", the preset the test provider is configured for,
// with the page's admin token callback: what a host page puts on its page at each load.
function addWidget(page) {
  return page.evaluate(() => {
    const widget = document.createElement("sendready-setup");
    widget.id = "oauth-setup";
    widget.setAttribute("providers", "other");
    widget.setAttribute("default-provider", "other");
    widget.setAttribute("oauth-providers", "other");
    widget.getAdminToken = document.getElementById("setup").getAdminToken;
    document.querySelector("main").prepend(widget);
  });
}

/** Opens the embedding page with that widget on it, and waits for its form. */
async function openWidget(page) {
  await page.goto(`${baseUrl}/embed.html`, { waitUntil: "load" });
  await addWidget(page);
  const widget = page.locator("#oauth-setup");
  await widget.locator("form").waitFor();
  return widget;
}

/** Waits until `page` itself went to the provider's login page. */
async function atTheProvider(page) {
  const ours = new URL(baseUrl).origin;
  await page.waitForURL((url) => url.origin !== ours, { timeout: 15_000 });
  await page.getByLabel("E-mail", { exact: true }).waitFor({ timeout: 15_000 });
}

/** Test, then save, as after any sign-in; the report says XOAUTH2. */
async function testAndSave(page, widget, shots) {
  await widget.getByRole("button", { name: "Test", exact: true }).click();
  await widget.locator(".sr-report").waitFor({ timeout: 30_000 });
  const report = await widget.locator(".sr-report").innerText();
  assert.match(report, /accepted the sign-in \(OAuth, XOAUTH2\)/, "the report says how it signed in");
  const save = widget.getByRole("button", { name: "Save these settings" });
  await save.waitFor({ timeout: 10_000 });
  await shoot(page, shots[0]);
  await save.click();
  await widget.getByText("Saved.").waitFor({ timeout: 10_000 });
  await shoot(page, shots[1]);
}

test("signing in with the provider in a popup lets the test pass with XOAUTH2 and saves", async () => {
  const page = await newPage(browser);
  const widget = await openWidget(page);
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
  await testAndSave(page, widget, ["42-oauth-tested", "43-oauth-saved"]);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a refused password points to signing in instead, where sign-in is offered", async () => {
  const page = await newPage(browser);
  const widget = await openWidget(page);
  // A user the MTA does not know: its refused sign-in counts against an account of its own.
  await widget.getByLabel("E-mail address", { exact: true }).fill(`stranger-${Date.now()}@example.test`);
  await widget.getByLabel("App password", { exact: true }).fill("not-the-password-1");
  await widget.getByLabel("SMTP server", { exact: true }).fill("localhost");
  await widget.getByLabel("Port", { exact: true }).fill(port);
  await widget.getByRole("button", { name: "Test", exact: true }).click();
  await widget.locator('.sr-diagnosis[data-kind="bad_credentials"]').waitFor({ timeout: 30_000 });
  const instead = widget.locator('[data-instead="sign_in"] a');
  assert.match(await instead.innerText(), /^sign in with .+ instead$/);
  await instead.click();
  const target = (await instead.getAttribute("href")).slice(1);
  assert.equal(await widget.locator(`[id="${target}"] .sr-oauth-button`).count(), 1);
  await shoot(page, "49-oauth-instead-of-password");
  await page.close();
});

test("with popups blocked, the widget's own window signs in, comes back, tests and saves", async () => {
  await browser.context.clearCookies();
  const page = await newPage(browser);
  // A blocker that refuses every popup: `window.open` answers null, as blocked ones do.
  await page.addInitScript(() => { window.open = () => null; });
  const widget = await openWidget(page);
  await widget.getByLabel("Display name", { exact: true }).fill("Dave at the desk");
  await widget.getByLabel("E-mail address", { exact: true }).fill(otherUser);
  await widget.getByLabel("SMTP server", { exact: true }).fill("localhost");
  await widget.getByLabel("Port", { exact: true }).fill(port);
  await widget.getByRole("button", { name: /^Sign in with/ }).click();

  // This window is at the provider now.
  await atTheProvider(page);
  const kept = await page.evaluate(() => Object.keys(sessionStorage));
  assert.equal(kept.length, 0, "the provider's origin sees none of the widget's storage");
  await page.getByLabel("E-mail", { exact: true }).fill(otherUser);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await shoot(page, "44-oauth-redirect-provider-login");
  await Promise.all([
    // Back on the widget's page (`/embed`: the static assets drop `.html`).
    page.waitForURL((url) => url.origin === new URL(baseUrl).origin && url.pathname.startsWith("/embed"),
      { timeout: 15_000 }),
    page.getByRole("button", { name: "Sign in and allow" }).click(),
  ]);
  await page.waitForLoadState("load");
  assert.match(new URL(page.url()).hash, /sendready_oauth_grant=/, "the outcome is in the fragment");

  // The host page puts its widget on the page again; it resumes the sign-in it started.
  await addWidget(page);
  await widget.getByText(`Signed in as ${otherUser}`).waitFor({ timeout: 10_000 });
  assert.equal(new URL(page.url()).hash, "", "the fragment is taken off the address bar");
  assert.equal(await page.evaluate(() => sessionStorage.getItem("sendready-oauth:oauth-setup")), null,
    "the kept state is gone once taken");
  assert.equal(await widget.getByLabel("Display name", { exact: true }).inputValue(), "Dave at the desk");
  assert.equal(await widget.getByLabel("SMTP server", { exact: true }).inputValue(), "localhost");
  assert.equal(await widget.getByLabel("Port", { exact: true }).inputValue(), port);
  assert.equal(await widget.getByLabel("App password", { exact: true }).count(), 0,
    "no password field once signed in");
  await shoot(page, "45-oauth-redirect-signed-in");
  await testAndSave(page, widget, ["46-oauth-redirect-tested", "47-oauth-redirect-saved"]);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a sign-in cancelled without popup comes back to the page with its diagnosis", async () => {
  await browser.context.clearCookies();
  const page = await newPage(browser);
  await page.addInitScript(() => { window.open = () => null; });
  const authorizations = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.searchParams.has("code_challenge")) authorizations.push(url);
  });
  const widget = await openWidget(page);
  await widget.getByLabel("E-mail address", { exact: true }).fill(otherUser);
  await widget.getByRole("button", { name: /^Sign in with/ }).click();
  await atTheProvider(page);
  // The person gives up at the provider, which answers the redirect URI with access_denied
  // (RFC 6749 §4.1.2.1), as the test provider's page has no cancel button.
  const [authorization] = authorizations;
  assert.ok(authorization, "the window went to the provider's authorization endpoint");
  const cancelled = new URL(authorization.searchParams.get("redirect_uri"));
  cancelled.search = new URLSearchParams({
    error: "access_denied", state: authorization.searchParams.get("state"),
  }).toString();
  await page.goto(cancelled.href, { waitUntil: "load" });
  assert.match(page.url(), /^[^#]*\/embed(\.html)?#sendready_oauth_error=oauth_access_denied&/);
  await addWidget(page);
  await widget.getByRole("alert").filter({ hasText: /denied|cancel/i }).waitFor({ timeout: 10_000 });
  assert.equal(new URL(page.url()).hash, "", "the fragment is taken off the address bar");
  assert.equal(await widget.getByLabel("E-mail address", { exact: true }).inputValue(), otherUser);
  await shoot(page, "48-oauth-redirect-cancelled");
  assert.deepEqual(page.errors, []);
  await page.close();
});
