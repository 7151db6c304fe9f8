// Provider detection in the widget, in real Chromium against the local Worker, which asks the
// test resolver (Unbound behind dnsdist's DNS-over-HTTPS) about the test domains of
// tests/detect/zones.conf.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, newPage, required, shoot } from "./browser.mjs";

const baseUrl = required("SENDREADY_URL");

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function open() {
  const page = await newPage(browser);
  await page.goto(baseUrl, { waitUntil: "load" });
  await page.locator(".sendready form").waitFor();
  return page;
}

test("an address whose domain's MX is Microsoft 365 preselects it and shows its guide", async () => {
  const page = await open();
  const lookups = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/detect")) lookups.push(new URL(request.url()).searchParams.get("email"));
  });
  const email = page.getByLabel("E-mail address", { exact: true });
  // Typed like a person: the lookup waits until typing pauses, so only the whole address goes.
  await email.pressSequentially("anna@m365.sendready-detect.net", { delay: 20 });
  const found = page.locator(".sr-suggestion[data-detected=true]");
  await found.waitFor({ timeout: 15_000 });
  assert.equal(
    await found.innerText(),
    "Found from your domain's mail records (MX: m365-sendready-detect-net.mail.protection.outlook.com); choose another if that is wrong.",
  );
  assert.equal(await page.getByLabel("Mail provider").inputValue(), "microsoft365");
  await page.locator('.sr-guide[data-provider="microsoft365"]').waitFor();
  await page.locator(".sr-server-line", { hasText: "smtp.office365.com, port 587" }).waitFor();
  assert.deepEqual(lookups, ["anna@m365.sendready-detect.net"], "one lookup, after typing paused");
  await shoot(page, "detect-01-microsoft365-from-mx");

  // The person can change it; their choice then stays whatever the address says.
  await page.getByLabel("Mail provider").selectOption("google_workspace");
  await page.locator('.sr-guide[data-provider="google_workspace"]').waitFor();
  assert.equal(await found.count(), 0);
  await email.fill("bert@m365.sendready-detect.net");
  await page.waitForTimeout(1000);
  assert.equal(await page.getByLabel("Mail provider").inputValue(), "google_workspace");
  await shoot(page, "detect-02-changed-by-the-person");
});

test("a domain's own SRV record fills the server for other; a known or reserved domain asks nothing", async () => {
  const page = await open();
  const lookups = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/detect")) lookups.push(new URL(request.url()).searchParams.get("email"));
  });
  const email = page.getByLabel("E-mail address", { exact: true });
  await email.fill("anna@srv.sendready-detect.net");
  await page.locator(".sr-suggestion[data-detected=true]", { hasText: "SRV _submissions._tcp" }).waitFor({ timeout: 15_000 });
  assert.equal(await page.getByLabel("SMTP server", { exact: true }).inputValue(), "mail.srv.sendready-detect.net");
  assert.equal(await page.getByLabel("Port", { exact: true }).inputValue(), "465");
  assert.equal(await page.getByLabel("Security", { exact: true }).inputValue(), "implicit_tls");
  await shoot(page, "detect-03-other-from-srv");
  // A new domain takes the found server away again.
  await email.fill("anna@gmail.com");
  await page.locator('.sr-guide[data-provider="gmail"]').waitFor();
  await email.fill("anna@example.test");
  await page.waitForTimeout(1000);
  assert.deepEqual(lookups, ["anna@srv.sendready-detect.net"]);
});
