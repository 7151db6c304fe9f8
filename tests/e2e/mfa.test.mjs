// <sendready-mfa> in real Chromium against the local worker: enroll an authenticator app by
// reading the key the page shows, with codes computed here by Node's own HMAC (independent of
// the project's TOTP code), confirm, keep the recovery codes, then sign in with a code, with a
// recovery code and with a remembered device; and sign in with a code e-mailed through the
// saved system account, read from the Dovecot mailbox.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac, randomUUID } from "node:crypto";
import { launchBrowser, mailbox, newPage, required, shoot } from "./browser.mjs";

const baseUrl = required("SENDREADY_URL");
/** The dev-only MFA_API_KEY of wrangler.toml [env.dev.vars]: the host's server, public by design. */
const API_KEY = "dev-only-mfa-api-key-0123456789abcdef";

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** RFC 4648 base32 to bytes. */
function base32(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of text.replace(/[\s=]/g, "").toUpperCase()) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) for time step `step`. */
function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

const step = () => Math.floor(Date.now() / 1000 / 30);

/** Waits until a new 30-second step begins, so two sign-ins never share one code. */
async function nextStep(page) {
  const now = step();
  while (step() === now) await page.waitForTimeout(250);
}

test("enroll, then sign in with a code, a recovery code and a remembered device", async () => {
  const user = `e2e-${randomUUID().slice(0, 8)}`;
  const page = await newPage(browser);
  await page.goto(`${baseUrl}/mfa.html?user=${user}`, { waitUntil: "load" });
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const key = (await page.locator(".sr-key").innerText()).trim();
  assert.match(key, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/, "the key shows in groups");
  assert.equal(await page.locator(".sr-qr svg").count(), 1, "a QR code is drawn");
  assert.equal(await page.getByLabel("Enter the 6-digit code the app shows").getAttribute("autocomplete"), "one-time-code");
  await shoot(page, "30-mfa-enroll");
  // A pasted code with a space in the middle is accepted.
  const code = totp(key, step());
  await page.getByLabel("Enter the 6-digit code the app shows").fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await page.getByRole("button", { name: "Turn on two-step verification" }).click();
  const codes = page.locator(".sr-recovery code");
  await codes.first().waitFor();
  assert.equal(await codes.count(), 10);
  const recovery = (await codes.allInnerTexts()).map((text) => text.trim());
  await shoot(page, "31-mfa-recovery-codes");
  await page.getByRole("button", { name: "I have saved them" }).click();

  // The same code again is refused as reused.
  const field = page.getByLabel("Enter the 6-digit code from your authenticator app");
  await field.fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.locator('[data-code="mfa_code_reused"]').waitFor();
  await shoot(page, "32-mfa-reused");

  // A fresh code passes; the page hears the signed result.
  const heard = page.evaluate(() => new Promise((resolve) => document.addEventListener("sendready:verified", (event) => resolve(event.detail), { once: true })));
  await nextStep(page);
  await field.fill(totp(key, step()));
  await page.getByRole("button", { name: "Verify" }).click();
  const verified = await heard;
  assert.equal(verified.result.split(".").length, 3);
  const claims = JSON.parse(Buffer.from(verified.result.split(".")[1], "base64url").toString());
  assert.equal(claims.sub, user);
  assert.equal(claims.method, "totp");
  await page.getByText("Verified.").waitFor();

  // A recovery code passes once, and says how many are left; remember this device.
  await page.reload({ waitUntil: "load" });
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Enter one of your recovery codes").fill(recovery[0]);
  await page.getByLabel("Remember this device for 30 days").check();
  await page.getByRole("button", { name: "Verify" }).click();
  await page.getByText("9 recovery codes left").waitFor();
  await shoot(page, "33-mfa-recovery-used");

  // The remembered device passes without a code on the next visit.
  await page.reload({ waitUntil: "load" });
  await page.getByText("Verified.").waitFor();
  await shoot(page, "34-mfa-remembered");
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** The codes e-mailed to `address` so far: the `    1234 5678` line of each code message. */
function emailedCodes(address) {
  return mailbox(address)
    .filter((mail) => mail.includes("verification code"))
    .flatMap((mail) => [...mail.matchAll(/^ {4}(\d{4}) (\d{4})\r?$/gm)].map((m) => m[1] + m[2]));
}

test("sign in with a code e-mailed through the system account", async () => {
  // The integration tests saved alice's account as the system account (tenant demo); the host's
  // server gives the user's address with its API key, which also sends a first code.
  const address = required("SENDREADY_USER_0");
  const user = `e2e-mail-${randomUUID().slice(0, 8)}`;
  const given = await fetch(`${baseUrl}/api/mfa/users/${user}/email`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ email: address }),
  });
  assert.equal(given.status, 202, await given.text());
  const page = await newPage(browser);
  await page.goto(`${baseUrl}/mfa.html?user=${user}`, { waitUntil: "load" });
  const before = new Set(emailedCodes(address));
  await page.getByRole("button", { name: "E-mail me a code" }).click();
  const field = page.getByLabel("Enter the 8-digit code from the e-mail");
  await field.waitFor();
  let code;
  for (let waited = 0; !code && waited < 15_000; waited += 250) {
    code = emailedCodes(address).find((candidate) => !before.has(candidate));
    if (!code) await page.waitForTimeout(250);
  }
  assert.ok(code, "a new code arrived in the mailbox");
  await shoot(page, "35-mfa-email-sent");
  await field.fill("00000000" === code ? "11111111" : "00000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await page.locator('[data-code="mfa_wrong_code"]').waitFor();
  await shoot(page, "36-mfa-email-wrong");
  const heard = page.evaluate(() => new Promise((resolve) => document.addEventListener("sendready:verified", (event) => resolve(event.detail), { once: true })));
  await field.fill(`${code.slice(0, 4)} ${code.slice(4)}`);
  await page.getByRole("button", { name: "Verify" }).click();
  const verified = await heard;
  const claims = JSON.parse(Buffer.from(verified.result.split(".")[1], "base64url").toString());
  assert.equal(claims.method, "email");
  assert.match(claims.jti, /^[0-9a-f]{32}$/);
  await page.getByText("Verified.").waitFor();
  await shoot(page, "37-mfa-email-verified");
  assert.deepEqual(page.errors, []);
  await page.close();
});
