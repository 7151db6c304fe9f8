// The setup widget on the help-center page, in real Chromium against the local Worker and the
// real Postfix + Dovecot: presets, validation while typing, tests, diagnoses, copying, pasting.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { fillOther, launchBrowser, mailbox, newPage, required, shoot } from "./browser.mjs";

const baseUrl = required("SENDREADY_URL");
const port = required("SENDREADY_SMTP_STARTTLS_PORT");
const user = required("SENDREADY_USER_0");
const password = required("SENDREADY_PASSWORD_0");
const otherUser = required("SENDREADY_USER_1");
const otherPassword = required("SENDREADY_PASSWORD_1");

/**
 * A user the MTA does not know: its refused sign-ins count against an account of their own
 * (5 an hour), never against the real users the other tests sign in with.
 */
const stranger = () => `stranger-${randomInt(1e9)}@example.test`;

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Opens the help-center page and waits for the widget. */
async function open(options) {
  const page = await newPage(browser, options);
  await page.goto(baseUrl, { waitUntil: "load" });
  await page.locator(".sendready form").waitFor();
  return page;
}

/** Fills the form for the test MTA ("other" preset) and clicks Test. */
async function testOther(page, secret, { message = false, as = user } = {}) {
  await fillOther(page, { email: as, password: secret, port, security: "starttls", message });
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await page.locator(".sr-report").waitFor({ timeout: 30_000 });
}

test("the right app password connects, and the tested settings are offered to copy", async () => {
  const page = await open();
  await shoot(page, "01-empty");
  await testOther(page, password);
  await page.getByText("Connected successfully").waitFor();
  assert.equal(await page.locator(".sr-stage[data-status=failed]").count(), 0);
  await shoot(page, "02-success");
  // No admin token on the help-center page: the settings that passed, to copy; no Save.
  const copy = page.locator(".sr-copy pre");
  const text = await copy.innerText();
  assert.match(text, /SMTP server: localhost/);
  assert.match(text, new RegExp(`Port: ${port}`));
  assert.match(text, /Security: STARTTLS/);
  assert.match(text, new RegExp(`User name: ${user.replace(".", "\\.")}`));
  await page.getByRole("button", { name: "Copy the settings" }).click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
  assert.equal(await page.getByRole("button", { name: /Save/ }).count(), 0);
  // Any edit withdraws the offer: only exactly the tested settings may be kept.
  await page.getByLabel("Port", { exact: true }).fill("2465");
  await page.locator(".sr-copy").waitFor({ state: "detached", timeout: 5_000 });
  assert.ok(!(await page.content()).includes(password), "the page must not show the password");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a wrong password is diagnosed at sign-in with fix steps and the guide step", async () => {
  const page = await open();
  await testOther(page, `${password}-wrong`, { as: stranger() });
  const failed = page.locator(".sr-stage[data-status=failed]");
  assert.equal(await failed.count(), 1);
  assert.equal(await failed.getAttribute("data-stage"), "auth");
  assert.match(await failed.innerText(), /535 5\.7\.8/);
  const diagnosis = page.locator(".sr-diagnosis");
  assert.equal(await diagnosis.getAttribute("data-kind"), "bad_credentials");
  assert.ok((await diagnosis.locator(".sr-fix li").count()) >= 2);
  // The "other" guide is not on the page while no provider is chosen: the step comes inline.
  await diagnosis.locator(".sr-step-card, .sr-guide-link a").first().waitFor();
  // Sign-in is not offered for "other" on this page: no "sign in instead".
  assert.equal(await page.locator("[data-instead]").count(), 0);
  await shoot(page, "03-wrong-password");
  await page.getByText("Conversation with the server").click();
  assert.match(await page.locator(".sr-transcript pre").innerText(), /C: AUTH PLAIN \[redacted\]/);
  assert.ok(!(await page.content()).includes(password));
  await page.close();
});

test("the address picks the preset, and its guide and rules apply while typing", async () => {
  const page = await open();
  await page.getByLabel("E-mail address", { exact: true }).fill("ada@gmail.com");
  assert.equal(await page.getByLabel("Mail provider").inputValue(), "gmail");
  await page.getByText("Picked from your e-mail address").waitFor();
  await page.locator('.sr-guide[data-provider="gmail"] [data-step="gmail.create_app_password"]').waitFor();
  assert.match(await page.locator(".sr-once").innerText(), /single time/);
  // A normal-looking password is a warning (the test may still run), not an error.
  await page.getByLabel("App password", { exact: true }).fill("Summer2026!");
  await page.getByLabel("App password", { exact: true }).blur();
  const warning = page.locator('[data-field="password"] .sr-field-warning');
  await warning.waitFor();
  assert.match(await warning.innerText(), /16-letter app password/);
  assert.equal(await page.getByLabel("App password", { exact: true }).getAttribute("aria-invalid"), "false");
  // This deployment has no Google client: no "Sign in with Google" to click and fail.
  assert.equal(await page.locator(".sr-oauth-button").count(), 0);
  assert.equal(await page.getByRole("link", { name: /sign in with Google/i }).count(), 0);
  await shoot(page, "04-gmail-warning");
  // Choosing Gmail by hand for another domain breaks its domain rule: an error at the address.
  await page.getByLabel("Mail provider").selectOption("gmail");
  await page.getByLabel("E-mail address", { exact: true }).fill("ada@example.com");
  await page.getByLabel("E-mail address", { exact: true }).blur();
  const error = page.locator('[data-field="email"] .sr-field-error');
  await error.waitFor();
  assert.match(await error.innerText(), /@gmail\.com/);
  const email = page.getByLabel("E-mail address", { exact: true });
  assert.equal(await email.getAttribute("aria-invalid"), "true");
  assert.match(await email.getAttribute("aria-describedby"), /email-error/);
  assert.match(await page.locator(".sr-why").innerText(), /To test, fix the e-mail address/);
  await shoot(page, "05-domain-error");
  // A Microsoft 365 address says what changes at the end of December 2026.
  await page.getByLabel("Mail provider").selectOption("microsoft365");
  await page.locator('.sr-guide[data-provider="microsoft365"] .sr-banner').first().waitFor();
  assert.match(await page.locator(".sr-guide").innerText(), /2026/);
  // With a Microsoft client registered, sign-in leads (it outlives password sign-in) and the
  // app password guide follows as the other way; SMTP AUTH must still be allowed for both.
  await page.getByRole("heading", { name: "2. Sign in with Microsoft (recommended)" }).waitFor();
  const lead = page.locator(".sr-lead");
  assert.match(await lead.innerText(), /No app password .* switched off by default \(December 2026\)/);
  const allow = lead.getByRole("link", { name: "Ask your administrator to allow SMTP AUTH" });
  const step = (await allow.getAttribute("href")).slice(1);
  assert.equal(await page.locator(`[id="${step}"]`).getAttribute("data-step"), "microsoft365.check_smtp_auth");
  const button = page.getByRole("button", { name: "Sign in with Microsoft" });
  assert.equal(await button.count(), 1, "one sign-in button, in the lead");
  const order = await page.evaluate(() => {
    const at = (selector) => document.querySelector(selector);
    return Boolean(at(".sr-oauth-button").compareDocumentPosition(at(".sr-guide")) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(order, "the sign-in button comes before the app password guide");
  await page.getByRole("heading", { name: "Or get an app password from Microsoft 365" }).waitFor();
  assert.equal(await page.getByRole("link", { name: /sign in with Microsoft instead/ }).count(), 0);
  await page.getByRole("link", { name: "Skip to the password" }).waitFor();
  await shoot(page, "06-microsoft365-guide");
  await page.close();
});

test("a host that offers no sign-in keeps Microsoft 365's app password guide", async () => {
  const page = await open();
  await page.evaluate(() => {
    const widget = document.createElement("sendready-setup");
    widget.id = "no-oauth";
    widget.setAttribute("default-provider", "microsoft365");
    widget.setAttribute("oauth-providers", "");
    document.querySelector("main").prepend(widget);
  });
  const widget = page.locator("#no-oauth");
  await widget.getByRole("heading", { name: "2. Get an app password from Microsoft 365" }).waitFor();
  // The deployment's answer has arrived: the page's own widget leads with sign-in.
  await page.locator("sendready-setup:not(#no-oauth)").getByLabel("Mail provider").selectOption("microsoft365");
  await page.locator("sendready-setup:not(#no-oauth) .sr-lead").waitFor();
  assert.equal(await widget.locator(".sr-oauth-button, .sr-lead").count(), 0);
  assert.equal(await widget.getByRole("link", { name: /sign in with Microsoft/i }).count(), 0);
  await page.close();
});

test("Test with errors shows a summary that links to each field, and it goes once they are fixed", async () => {
  const page = await open();
  await page.getByLabel("E-mail address", { exact: true }).fill("not an address");
  // The button is aria-disabled (it explains why), yet still takes a click.
  await page.getByRole("button", { name: "Test", exact: true }).click({ force: true });
  const summary = page.locator(".sr-error-summary");
  await summary.waitFor();
  assert.equal(await summary.getByRole("heading").innerText(), "There is a problem");
  assert.equal(await page.evaluate(() => document.activeElement.className), "sr-error-summary", "focus moves to it");
  const links = summary.getByRole("link");
  assert.ok((await links.count()) >= 2, "one link per field in error");
  assert.match(await links.first().innerText(), /^[A-Z]/, "each message reads as a sentence");
  await shoot(page, "05b-error-summary");
  // A link takes the person to its field.
  const email = summary.getByRole("link", { name: /address/i }).first();
  await email.click();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("autocomplete")), "email");
  await page.getByLabel("E-mail address", { exact: true }).fill(user);
  await page.getByLabel("App password", { exact: true }).fill(password);
  await page.getByLabel("SMTP server", { exact: true }).fill("localhost");
  await page.getByLabel("Port", { exact: true }).fill(port);
  await summary.waitFor({ state: "detached" });
  await page.close();
});

test("a test message to myself arrives in the Dovecot mailbox", async () => {
  const before = mailbox(otherUser).length;
  const page = await open();
  await testOther(page, otherPassword, { message: true, as: otherUser });
  await page.getByText("The server accepted a test message").waitFor();
  const arrived = mailbox(otherUser).slice(before);
  assert.ok(arrived.some((mail) => mail.includes("Message-ID: <sendready-test-")), "the test message is in the mailbox");
  await page.close();
});

test("paste your error explains the seeds' wrapped messages in the browser", async () => {
  const page = await open();
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.getByText("Already have an error message? Paste it here").click();
  const area = page.getByLabel("The error your application showed");
  await area.fill("The SMTP server requires a secure connection or the client was not authenticated. The server response was 5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM");
  const card = page.locator(".sr-paste .sr-diagnosis");
  await card.waitFor();
  assert.equal(await card.getAttribute("data-kind"), "not_authenticated");
  // The why: what decided, under the diagnosis.
  const why = await card.locator(".sr-why").textContent();
  assert.match(why, /^Why we think so: the words “not authenticated”/);
  // Today's date from the browser decides the Microsoft 365 wording: never the undated one.
  const steps = await card.locator(".sr-fix").textContent();
  assert.match(steps, /Plan ahead: at the end of December 2026|Since the end of December 2026/);
  assert.doesNotMatch(steps, /after that an admin must turn it back on/);
  await shoot(page, "07-paste-5-7-57");
  await area.fill("SMTP Error: [554] 5.7.1 Account <email> has been blocked from sending due to abusive activity. Please update password and (re-)enable 2FA to be unblocked");
  await page.locator('.sr-paste .sr-diagnosis[data-kind="account_blocked"]').waitFor();
  await shoot(page, "08-paste-blocked");
  // Thunderbird's dialog (modoboa/modoboa-installer#380): the reply inside it decides, not the dialog's words.
  await area.fill("An error occurred while sending mail. The mail server responded:\n4.3.5 <test@blueappleonline.com>: Recipient address rejected: Server configuration problem.\nPlease check the message recipient \"test@blueappleonline.com\" and try again.");
  await page.locator('.sr-paste .sr-diagnosis[data-kind="unknown"] .sr-why', { hasText: "What we read in it: the words “server configuration problem”" }).waitFor();
  await shoot(page, "09-paste-thunderbird");
  // Postfix's log of a refused greeting (mailcow/mailcow-dockerized#2532): only the code and the
  // stage decide, as the words name no cause the rules know, so the card says it is a guess.
  await area.fill("host mx02.t-online.de[194.25.134.9] refused to talk to me: 554 IP=***.***.***.*** - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL))");
  await page.locator('.sr-paste .sr-diagnosis[data-kind="connection_rejected"] .sr-why', { hasText: "Our best guess, from the reply code 554, the greeting stage alone: the server's words name no cause we know." }).waitFor();
  await shoot(page, "09b-paste-best-guess");
  await area.fill("hello there");
  await page.locator('.sr-paste .sr-diagnosis[data-kind="unknown"] .sr-why', { hasText: "nothing in it matched" }).waitFor();
  // Typing elsewhere in the form leaves the diagnosis alone (the provider it depends on did not
  // change): nothing under it is diagnosed or rendered again.
  await page.evaluate(() => {
    window.pasteChanges = 0;
    new MutationObserver((records) => { window.pasteChanges += records.length; })
      .observe(document.querySelector(".sr-paste-result"), { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.getByLabel("Port", { exact: true }).pressSequentially("58", { delay: 20 });
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.pasteChanges), 0, "a keystroke re-rendered the diagnosis");
  assert.ok(!requests.some((url) => url.includes("/api/diagnose")), "pasted text stays in the browser");
  await page.close();
});
