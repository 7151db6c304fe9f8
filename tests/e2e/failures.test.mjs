// Every failure family a person meets, as the widget shows it, in real Chromium against the
// local Worker: scripted SMTP servers answer with providers' real words (the
// `provider_replies` binary), and the API's own refusals (its rate limit, a busy relay, an
// unreachable service). Each state is checked and saved as a screenshot to look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { createServer } from "node:net";
import { fillOther, launchBrowser, newPage, required, shoot } from "./browser.mjs";

const baseUrl = required("SENDREADY_URL");
/** Typed into every form here; the log audit looks for it in every log of the run. */
const password = "scripted-Pa55-7d41c9e2";

let browser;
let servers;
let ports;

before(async () => {
  browser = await launchBrowser();
  servers = spawn(required("SENDREADY_PROVIDER_REPLIES_BIN"), [], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = await Promise.race([
    createInterface({ input: servers.stdout })[Symbol.asyncIterator]().next().then(({ value }) => [value]),
    new Promise((_, reject) => setTimeout(() => reject(new Error("the scripted servers did not start")), 20_000)),
  ]);
  ports = JSON.parse(line);
});

after(async () => {
  servers?.kill();
  await browser?.close();
});

/** A port nothing listens on: bound, then released. */
function closedPort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Opens the help-center page and fills "Other" for `port` with a fresh address. */
async function openOther(page, port, options = {}) {
  await page.goto(baseUrl, { waitUntil: "load" });
  await page.locator(".sendready form").waitFor();
  // A fresh address each time: refused sign-ins count against an account of its own.
  await fillOther(page, { email: `ada-${Date.now()}@scripted.example`, password, port, ...options });
}

/** Tests "Other" against the server on `port` and returns its diagnosis card, which must be of
 * `kind` (or one of the kinds). */
async function diagnosed(page, port, kind, options) {
  await openOther(page, port, options);
  await page.getByRole("button", { name: "Test", exact: true }).click();
  const card = page.locator(".sr-report .sr-diagnosis");
  await card.waitFor({ timeout: 40_000 });
  const kinds = [kind].flat();
  assert.ok(kinds.includes(await card.getAttribute("data-kind")), `${await card.getAttribute("data-kind")} is not ${kinds}`);
  assert.ok((await card.locator(".sr-fix li").count()) >= 1, "numbered fix steps");
  assert.equal(await page.getByRole("button", { name: "Save these settings" }).count(), 0);
  assert.equal(await page.getByText(password).count(), 0, "the password is nowhere on the page");
  return card;
}

test("the stages light up one by one while a slow server signs in", async () => {
  const page = await newPage(browser);
  await openOther(page, ports.slow_success);
  await page.getByRole("button", { name: "Test", exact: true }).click();
  const running = page.locator('.sr-live .sr-stage[data-status="running"][data-stage="auth"]');
  await running.waitFor({ timeout: 15_000 });
  assert.equal(await running.innerText(), "Signing in…");
  assert.ok((await page.locator('.sr-live .sr-stage[data-status="ok"]').count()) >= 4, "finished stages shown");
  assert.equal(await page.getByRole("button", { name: "Testing…" }).getAttribute("aria-disabled"), "true");
  await shoot(page, "12-testing-stages-arriving");
  await page.getByText("Connected successfully").waitFor({ timeout: 15_000 });
  await page.close();
});

test("each failure family reads as its own diagnosis", async () => {
  const families = [
    ["app_password_required", /app password/i, "534 5.7.9", {}, "13-failure-app-password-required"],
    ["smtp_auth_disabled", /SMTP AUTH|password login|turned off/i, "535 5.7.139", {}, "14-failure-smtp-auth-disabled"],
    ["rate_limited", /wait|too many|later/i, "454 4.7.0", {}, "15-failure-provider-rate-limited"],
    ["account_blocked", /blocked/i, "554 5.7.1", { message: true }, "16-failure-account-blocked"],
  ];
  for (const [family, words, reply, options, shot] of families) {
    const page = await newPage(browser);
    const card = await diagnosed(page, ports[family], family, options);
    assert.match(await card.innerText(), words, family);
    // The server's own words are evidence under the explanation, in the failed stage.
    assert.match(await page.locator(".sr-report .sr-stage[data-status=failed]").innerText(), new RegExp(reply));
    await shoot(page, shot);
    await page.close();
  }
});

test("a port mix-up, a silent server and a closed port are told apart", async () => {
  const page = await newPage(browser);
  // Workers report a failed handshake only as an opaque error, so on a port that is not a
  // known plaintext one (this one is random) "TLS failed" is as far as the proof goes.
  const mixUp = await diagnosed(page, ports.wrong_tls_mode, ["wrong_tls_mode", "tls_failed"], { security: "implicit_tls" });
  assert.match(await mixUp.innerText(), /STARTTLS|587/);
  // What was seen reads as words, not as the runtime's internal reference.
  const seen = await mixUp.locator(".sr-detail").first().innerText();
  assert.match(seen, /tls handshake failed: the connection failed and the runtime gave no reason/);
  assert.doesNotMatch(seen, /reference/);
  await shoot(page, "17-failure-tls-port-mismatch");
  await diagnosed(page, ports.silent, "timeout");
  await shoot(page, "18-failure-timeout");
  await diagnosed(page, await closedPort(), "connect_failed");
  await shoot(page, "19-failure-connect");
  await page.close();
});

test("the API's own limit says how long to wait, and an unreachable service says so", async () => {
  const page = await newPage(browser);
  await openOther(page, await closedPort());
  // Ten quick tests from this page's address use up its minute.
  const statuses = await page.evaluate(async ({ port, password }) => {
    const form = { provider: "other", host: "localhost", port: String(port), email: "ada@scripted.example", password };
    const answers = [];
    for (let i = 0; i < 10; i += 1) {
      const answer = await fetch("/api/test", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ form }) });
      await answer.text();
      answers.push(answer.status);
    }
    return answers;
  }, { port: await closedPort(), password });
  assert.deepEqual(statuses, Array(10).fill(200));
  await page.getByRole("button", { name: "Test", exact: true }).click();
  const limited = page.locator('.sr-error[data-code="rate_limited"]');
  await limited.waitFor({ timeout: 15_000 });
  const left = async () => Number((await limited.innerText()).match(/You can test again in (\d+) s\./)[1]);
  const first = await left();
  assert.ok(first > 0 && first <= 60, `${first} s`);
  // The Test button waits too, and says why.
  const button = page.getByRole("button", { name: "Test", exact: true });
  assert.equal(await button.getAttribute("aria-disabled"), "true");
  assert.match(await page.locator(".sr-why").innerText(), /To test, wait \d+ s/);
  await shoot(page, "23-api-rate-limited");
  await page.waitForTimeout(2_100);
  assert.ok((await left()) < first, "the wait counts down");

  const offline = await newPage(browser);
  await offline.route("**/api/test", (route) => route.abort("internetdisconnected"));
  await openOther(offline, await closedPort());
  await offline.getByRole("button", { name: "Test", exact: true }).click();
  const unreachable = offline.locator('.sr-error[data-code="unreachable"]');
  await unreachable.waitFor({ timeout: 15_000 });
  const unreachableText = await unreachable.innerText();
  assert.match(unreachableText, /could not be reached: check the network connection/);
  assert.match(unreachableText, /What the browser said: .+\./, "the browser's words, for a ticket");
  await shoot(offline, "24-api-unreachable");
  await page.close();
  await offline.close();
});

/** Asks the run's relay, signed as the worker signs (`request_signing`), to probe 127.0.0.1:`port`;
 * resolves once its answer's headers arrive: 200 while a slot is free, 503 when none is. */
function relayProbe(port) {
  const key = readFileSync(required("SENDREADY_RELAY_KEY_FILE"), "utf8").trim();
  const body = JSON.stringify({
    host: "127.0.0.1", port, security: "starttls", ehlo_name: "localhost",
    username: "a@example.test", credential: "password", secret: "unused-password-1",
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString("hex");
  const bodyHash = createHash("sha256").update(body).digest("hex");
  const canonical = `sendready-relay-v1\nPOST\n/v1/test\n${timestamp}\n${nonce}\n${bodyHash}`;
  return fetch(`${required("SENDREADY_RELAY_URL")}/v1/test`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-sendready-timestamp": timestamp,
      "x-sendready-nonce": nonce,
      "x-sendready-signature": createHmac("sha256", key).update(canonical).digest("hex"),
    },
    body,
  });
}

test("a busy relay says so and counts down like the API's own limit", async () => {
  // A server that accepts and says nothing: each probe held there takes one of the relay's slots.
  const held = [];
  const silent = createServer((socket) => held.push(socket));
  await new Promise((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const { port } = silent.address();
  const running = [];
  for (;;) {
    assert.ok(running.length < 1024, "the relay never said it was busy");
    const answer = await relayProbe(port);
    if (answer.status !== 200) {
      assert.equal(answer.status, 503, await answer.text());
      break;
    }
    running.push(answer);
  }
  try {
    const page = await newPage(browser);
    await openOther(page, port);
    // The test names the server by address, which the test Worker sends through the relay.
    await page.getByLabel("SMTP server", { exact: true }).fill("127.0.0.1");
    await page.getByRole("button", { name: "Test", exact: true }).click();
    const busy = page.locator('.sr-error[data-code="relay_busy"]');
    await busy.waitFor({ timeout: 15_000 });
    const text = await busy.innerText();
    assert.match(text, /The relay that reaches your mail server is busy\. You can test again in \d+ s\./);
    assert.match(text, /The relay is running its maximum number of tests at once/);
    const left = Number(text.match(/You can test again in (\d+) s\./)[1]);
    assert.ok(left > 0 && left <= 5, `${left} s`);
    const button = page.getByRole("button", { name: "Test", exact: true });
    assert.equal(await button.getAttribute("aria-disabled"), "true");
    assert.match(await page.locator(".sr-why").innerText(), /To test, wait \d+ s: the relay/);
    await shoot(page, "25-relay-busy");
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    for (const socket of held) socket.destroy();
    await Promise.all(running.map((answer) => answer.text()));
    silent.close();
  }
});
