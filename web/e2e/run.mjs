// End-to-end tests of the UI embedded in build/campfire, in Debian's Chromium (headless) driven by
// playwright-core. Each scenario starts its own server on free ports with a fresh database.
//   node e2e/run.mjs --server build/campfire --plugins build/plugins [--screenshots docs/screenshots]
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, v, i, all) => (v.startsWith("--") ? [...pairs, [v.slice(2), all[i + 1]]] : pairs), []),
);
const browserPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const screenshots = args.screenshots;
if (screenshots) mkdirSync(screenshots, { recursive: true });

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function startServer() {
  // PORT and PORT+1 (the cable) must both be free.
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), "cf-e2e-"));
    const child = spawn(args.server, [], {
      env: { ...process.env, PORT: String(port), DATABASE_PATH: join(dir, "campfire.db"), PLUGINS_PATH: args.plugins, DISABLE_SSL: "true" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    child.stderr.on("data", (d) => (log += d));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) break;
      try {
        if ((await fetch(`${url}/up`)).ok) return { url, child, dir, log: () => log };
      } catch {}
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error("the server did not start");
}

async function stopServer(server) {
  server.child.kill("SIGTERM");
  await new Promise((r) => (server.child.exitCode !== null ? r() : server.child.on("exit", r)));
  rmSync(server.dir, { recursive: true, force: true });
}

async function shot(page, name) {
  if (screenshots) await page.screenshot({ path: join(screenshots, `${name}.png`) });
}

const scenarios = [];
const scenario = (name, fn) => scenarios.push({ name, fn });

async function firstRun(page, url) {
  await page.goto(url);
  await page.getByRole("heading", { name: "Set up Campfire" }).waitFor();
  await page.getByLabel("Name").fill("Ada Admin");
  await page.getByLabel("Email address").fill("ada@example.com");
  await page.getByLabel("Password").fill("secret-password");
  await shot(page, "first-run");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "All Talk" }).waitFor();
}

async function send(page, text) {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
}

scenario("first run, then two people chat live", async (browser, server) => {
  const ada = await (await browser.newContext()).newPage();
  await firstRun(ada, server.url);
  await send(ada, "Hello from Ada");
  await ada.locator(".message:not(.message--pending)", { hasText: "Hello from Ada" }).waitFor();

  const { account } = await ada.evaluate(() => fetch("/account", { headers: { Accept: "application/json" } }).then((r) => r.json()));
  const bob = await (await browser.newContext()).newPage();
  await bob.goto(`${server.url}${account.join_url}`);
  await bob.getByRole("heading", { name: "Join Campfire" }).waitFor();
  await bob.getByLabel("Name").fill("Bob");
  await bob.getByLabel("Email address").fill("bob@example.com");
  await bob.getByLabel("Password").fill("secret-password");
  await bob.getByRole("button", { name: "Join" }).click();
  await bob.locator(".message", { hasText: "Hello from Ada" }).waitFor();

  await send(bob, "Hi Ada, Bob here");
  await ada.locator(".message", { hasText: "Hi Ada, Bob here" }).waitFor({ timeout: 5000 });
  await shot(ada, "room");
});

scenario("sign out and back in", async (browser, server) => {
  const page = await (await browser.newContext()).newPage();
  await firstRun(page, server.url);
  await page.locator(".sidebar__profile").click();
  await page.getByRole("heading", { name: "Profile" }).waitFor();
  await shot(page, "profile");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.getByLabel("Email address").fill("ada@example.com");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").waitFor();
  await shot(page, "sign-in");
  await page.getByLabel("Password").fill("secret-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "All Talk" }).waitFor();
});

const browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ["--no-sandbox"] });
let failed = 0;
for (const { name, fn } of scenarios) {
  const server = await startServer();
  const started = Date.now();
  try {
    await fn(browser, server);
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.stack || e}\n--- server log ---\n${server.log().slice(-4000)}`);
  } finally {
    await stopServer(server);
  }
}
await browser.close();
console.log(`${scenarios.length - failed}/${scenarios.length} scenarios passed`);
process.exit(failed ? 1 : 0);
