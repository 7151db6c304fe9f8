// Accessibility and reach: the whole flow with the keyboard alone, axe-core on every state
// (no serious or critical violation), the dark theme, and a 360 px wide phone screen.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { AxeBuilder } from "@axe-core/playwright";
import { fillOther, launchBrowser, newPage, required, shoot } from "./browser.mjs";

const baseUrl = required("SENDREADY_URL");
const port = required("SENDREADY_SMTP_STARTTLS_PORT");
const user = required("SENDREADY_USER_0");
const password = required("SENDREADY_PASSWORD_0");

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Serious and critical WCAG 2 A/AA violations on the page as it is now. */
async function violations(page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((violation) => ["serious", "critical"].includes(violation.impact))
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

/** Presses Tab until the focused element's name is `name`; fails after 60 presses. */
async function tabTo(page, name) {
  for (let presses = 0; presses < 60; presses += 1) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("name"));
    if (focused === name) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

test("the whole test can be done with the keyboard alone", async () => {
  const page = await newPage(browser);
  await page.goto(baseUrl, { waitUntil: "load" });
  await page.locator(".sendready form").waitFor();
  await tabTo(page, "email");
  await page.keyboard.type(user);
  await tabTo(page, "password");
  await page.keyboard.type(password);
  await tabTo(page, "host");
  await page.keyboard.type("localhost");
  await tabTo(page, "port");
  await page.keyboard.type(port);
  await page.keyboard.press("Enter");
  await page.getByText("Connected successfully").waitFor({ timeout: 30_000 });
  // Focus stays visible: the focused element draws an outline.
  await tabTo(page, "security");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none");
  await shoot(page, "20-keyboard-success");
  await page.close();
});

test("axe-core finds no serious or critical violation in any state, light or dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const page = await newPage(browser, { colorScheme });
    await page.goto(baseUrl, { waitUntil: "load" });
    await page.locator(".sendready form").waitFor();
    assert.deepEqual(await violations(page), [], `empty form (${colorScheme})`);
    await page.getByLabel("E-mail address", { exact: true }).fill("ada@gmail.com");
    await page.getByLabel("App password", { exact: true }).fill("Summer2026!");
    await page.getByLabel("App password", { exact: true }).blur();
    await page.locator(".sr-field-warning").first().waitFor();
    assert.deepEqual(await violations(page), [], `gmail guide with a warning (${colorScheme})`);
    await page.getByLabel("Mail provider").selectOption("microsoft365");
    await page.locator(".sr-lead").waitFor();
    assert.deepEqual(await violations(page), [], `microsoft 365 led by sign-in (${colorScheme})`);
    await page.getByLabel("Mail provider").selectOption("other");
    // A user the MTA does not know, so no real account collects refused sign-ins.
    await fillOther(page, { email: `stranger-${Date.now()}@example.test`, password: `${password}-wrong`, port });
    await page.getByRole("button", { name: "Test", exact: true }).click();
    await page.locator(".sr-diagnosis").first().waitFor({ timeout: 30_000 });
    await page.getByText("Already have an error message? Paste it here").click();
    assert.deepEqual(await violations(page), [], `failure with diagnosis (${colorScheme})`);
    await shoot(page, `21-failure-${colorScheme}`);
    await page.close();
  }
});

test("a 360 px wide screen needs no sideways scrolling", async () => {
  const page = await newPage(browser, { width: 360, height: 800 });
  await page.goto(baseUrl, { waitUntil: "load" });
  await page.locator(".sendready form").waitFor();
  await page.getByLabel("E-mail address", { exact: true }).fill("ada@outlook.com");
  await page.locator('.sr-guide[data-provider="outlook_com"]').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
  await shoot(page, "22-narrow-outlook");
  await page.close();
});

test("the two-step verification widget has no serious or critical violation either", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const page = await newPage(browser, { colorScheme });
    await page.goto(`${baseUrl}/mfa.html?user=a11y-${colorScheme}-${Date.now()}`, { waitUntil: "load" });
    await page.getByRole("button", { name: "Set up an authenticator app" }).waitFor();
    assert.deepEqual(await violations(page), [], `start (${colorScheme})`);
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    await page.locator(".sr-qr svg").waitFor();
    await page.getByLabel("Enter the 6-digit code the app shows").fill("000000");
    await page.getByRole("button", { name: "Turn on two-step verification" }).click();
    await page.locator('[data-code="mfa_wrong_code"], [data-code="mfa_clock_drift"]').first().waitFor();
    assert.deepEqual(await violations(page), [], `enrollment with an error (${colorScheme})`);
    await shoot(page, `35-mfa-wrong-${colorScheme}`);
    await page.close();
  }
});
