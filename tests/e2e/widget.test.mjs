// The widget in real Chromium, against the local Worker and a real Postfix + Dovecot.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, required } from "./browser.mjs";

const baseUrl = required("SENDREADY_URL");
const port = required("SENDREADY_SMTP_STARTTLS_PORT");
const user = required("SENDREADY_USER_0");
const password = required("SENDREADY_PASSWORD_0");

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Opens the help-center page, fills the form for the test MTA and clicks Test. */
async function runTest(page, secret) {
  const requests = [];
  page.on("request", (request) => requests.push(request));
  await page.goto(baseUrl, { waitUntil: "load" });
  await page.getByLabel("SMTP server", { exact: true }).fill("localhost");
  await page.getByLabel("Port", { exact: true }).fill(port);
  await page.getByLabel("Security", { exact: true }).selectOption("starttls");
  await page.getByLabel("E-mail address", { exact: true }).fill(user);
  await page.getByLabel("App password", { exact: true }).fill(secret);
  await page.getByRole("button", { name: "Test" }).click();
  const outcome = page.getByRole("status");
  await outcome.locator(".sr-report").waitFor({ timeout: 30_000 });
  return { outcome, requests };
}

test("the right app password connects successfully", async () => {
  const page = await browser.context.newPage();
  const { outcome } = await runTest(page, password);
  await assert.doesNotReject(outcome.getByText("Connected successfully").waitFor({ timeout: 5_000 }));
  assert.equal(await outcome.locator(".sr-stage[data-status=failed]").count(), 0);
  // The help-center page has no admin token, so it offers the tested settings to copy, not Save.
  await assert.doesNotReject(page.locator(".sr-copy").waitFor({ timeout: 5_000 }));
  assert.equal(await page.getByRole("button", { name: "Save" }).count(), 0);
  // Any edit after the test withdraws the offer: only exactly the tested settings may be kept.
  await page.getByLabel("Port", { exact: true }).fill("2465");
  await assert.doesNotReject(page.locator(".sr-copy").waitFor({ state: "detached", timeout: 5_000 }));
  await page.close();
});

test("a wrong password fails at the AUTH stage with the server's 535 reply", async () => {
  const page = await browser.context.newPage();
  const { outcome } = await runTest(page, `${password}-wrong`);
  const failed = outcome.locator(".sr-stage[data-status=failed]");
  await failed.first().waitFor({ timeout: 5_000 });
  assert.equal(await failed.count(), 1);
  assert.equal(await failed.getAttribute("data-stage"), "auth");
  assert.match(await failed.innerText(), /535 5\.7\.8/);
  assert.equal(await outcome.getByText("Connected successfully").count(), 0);
  const shown = await page.content();
  assert.ok(!shown.includes(password), "the page must not show the password");
  await page.close();
});
