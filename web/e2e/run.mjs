// End-to-end tests of the UI embedded in build/campfire, in Debian's Chromium (headless) driven by
// playwright-core. Each scenario starts its own server on free ports with a fresh database.
//   node e2e/run.mjs --server build/campfire --plugins build/plugins [--screenshots docs/screenshots] [--only <name part>]
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
    const env = { ...process.env, PORT: String(port), DATABASE_PATH: join(dir, "campfire.db"), PLUGINS_PATH: args.plugins, DISABLE_SSL: "true", SCRIPTS_PATH: "" };
    const child = spawn(args.server, [], { env, stdio: ["ignore", "ignore", "pipe"] });
    const server = { url: `http://127.0.0.1:${port}`, child, dir, env, logText: "", log: () => server.logText };
    child.stderr.on("data", (d) => (server.logText += d));
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) break;
      try {
        if ((await fetch(`${server.url}/up`)).ok) return server;
      } catch {}
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error("the server did not start");
}

// Stops and starts the same server (same port and database), as a deploy would.
async function restartServer(server) {
  server.child.kill("SIGTERM");
  await new Promise((r) => (server.child.exitCode !== null ? r() : server.child.on("exit", r)));
  const child = spawn(args.server, [], { env: server.env, stdio: ["ignore", "ignore", "pipe"] });
  child.stderr.on("data", (d) => (server.logText += d));
  server.child = child;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${server.url}/up`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the server did not come back");
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
  await page.getByRole("heading", { name: "Set up Campfire", exact: true }).waitFor();
  await page.getByLabel("Name").fill("Ada Admin");
  await page.getByLabel("Email address").fill("ada@example.com");
  await page.getByLabel("Password").fill("secret-password");
  await shot(page, "first-run");
  await page.getByRole("button", { name: "Create account", exact: true }).click();
  await page.getByRole("heading", { name: "All Talk", exact: true }).waitFor();
}

async function send(page, text) {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
}

async function joinAs(browser, server, joinUrl, name, email) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}${joinUrl}`);
  await page.getByRole("heading", { name: "Join Campfire", exact: true }).waitFor();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill("secret-password");
  await page.getByRole("button", { name: "Join", exact: true }).click();
  await page.getByRole("heading", { name: "All Talk", exact: true }).waitFor();
  return page;
}

// Ada (administrator) and Bob, both looking at All Talk.
async function twoPeople(browser, server) {
  const ada = await (await browser.newContext()).newPage();
  await firstRun(ada, server.url);
  const { account } = await apiGet(ada, "/account");
  const bob = await joinAs(browser, server, account.join_url, "Bob Builder", "bob@example.com");
  return { ada, bob };
}

function apiGet(page, path) {
  return page.evaluate((p) => fetch(p, { headers: { Accept: "application/json" } }).then((r) => r.json()), path);
}

function apiSend(page, method, path, body) {
  return page.evaluate(
    ([m, p, b]) =>
      fetch(p, { method: m, headers: { Accept: "application/json", "Content-Type": "application/json" }, body: JSON.stringify(b) }).then(async (r) => ({
        status: r.status,
        json: await r.json().catch(() => null),
      })),
    [method, path, body],
  );
}

function messageWith(page, text) {
  return page.locator(".message:not(.message--pending)", { hasText: text });
}

scenario("first run, then two people chat live", async (browser, server) => {
  const ada = await (await browser.newContext()).newPage();
  await firstRun(ada, server.url);
  await send(ada, "Hello from Ada");
  await ada.locator(".message:not(.message--pending)", { hasText: "Hello from Ada" }).waitFor();

  const { account } = await ada.evaluate(() => fetch("/account", { headers: { Accept: "application/json" } }).then((r) => r.json()));
  const bob = await (await browser.newContext()).newPage();
  await bob.goto(`${server.url}${account.join_url}`);
  await bob.getByRole("heading", { name: "Join Campfire", exact: true }).waitFor();
  await bob.getByLabel("Name").fill("Bob");
  await bob.getByLabel("Email address").fill("bob@example.com");
  await bob.getByLabel("Password").fill("secret-password");
  await bob.getByRole("button", { name: "Join", exact: true }).click();
  await bob.locator(".message", { hasText: "Hello from Ada" }).waitFor();

  await send(bob, "Hi Ada, Bob here");
  await ada.locator(".message", { hasText: "Hi Ada, Bob here" }).waitFor({ timeout: 5000 });
  await shot(ada, "room");
});

scenario("sign out and back in", async (browser, server) => {
  const page = await (await browser.newContext()).newPage();
  await firstRun(page, server.url);
  await page.locator(".sidebar__profile").click();
  await page.getByRole("heading", { name: "Profile", exact: true }).waitFor();
  await shot(page, "profile");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  // Exact: the profile page has "Sign in on another device", which a substring match would take.
  await page.getByRole("heading", { name: "Sign in", exact: true }).waitFor();
  await page.getByLabel("Email address").fill("ada@example.com");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("alert").waitFor();
  await shot(page, "sign-in");
  await page.getByLabel("Password").fill("secret-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("heading", { name: "All Talk", exact: true }).waitFor();
});

scenario("a mention with autocomplete", async (browser, server) => {
  const { ada, bob } = await twoPeople(browser, server);
  const box = bob.getByRole("textbox", { name: "Message" });
  await box.click();
  await box.pressSequentially("Look @Ad");
  await bob.getByRole("option", { name: "Ada Admin" }).waitFor();
  await box.press("Enter"); // picks the suggestion
  await box.pressSequentially("here");
  await box.press("Enter");
  const mention = messageWith(ada, "@Ada Admin");
  await mention.waitFor();
  if (!(await mention.getAttribute("class")).includes("message--mentioned")) throw new Error("Ada's mention is not marked");
  await shot(ada, "mention");
});

scenario("a boost, an edit and a delete seen by the other person", async (browser, server) => {
  const { ada, bob } = await twoPeople(browser, server);
  await send(ada, "Boost me");
  const onBob = messageWith(bob, "Boost me");
  await onBob.waitFor();
  await onBob.hover();
  await onBob.getByLabel("Message actions").click();
  await onBob.getByRole("button", { name: "Fire", exact: true }).click();
  await messageWith(ada, "Boost me").locator(".boost", { hasText: "🔥" }).waitFor();

  const mine = messageWith(ada, "Boost me");
  await mine.hover();
  await mine.getByLabel("Message actions").click();
  await mine.getByRole("button", { name: "Edit", exact: true }).click();
  await ada.getByLabel("Edit message").fill("Boost me, edited");
  await ada.getByLabel("Edit message").press("Control+Enter");
  await messageWith(bob, "Boost me, edited").waitFor();

  ada.once("dialog", (d) => d.accept());
  const edited = messageWith(ada, "Boost me, edited");
  await edited.hover();
  await edited.getByLabel("Message actions").click();
  await edited.getByRole("button", { name: "Delete", exact: true }).click();
  await messageWith(bob, "Boost me, edited").waitFor({ state: "detached" });
});

scenario("/play and typing", async (browser, server) => {
  const { ada, bob } = await twoPeople(browser, server);
  await bob.getByRole("textbox", { name: "Message" }).pressSequentially("typing slowly");
  await ada.getByText("Bob Builder is typing…").waitFor();
  const box = bob.getByRole("textbox", { name: "Message" });
  await box.fill("");
  // The command list autocompletes: "/pl", then Tab picks /play from the server's commands.
  await box.pressSequentially("/pl");
  await bob.getByRole("listbox", { name: "Commands" }).getByRole("option", { name: /\/play/ }).waitFor();
  await box.press("Tab");
  await box.pressSequentially("bell");
  await box.press("Enter");
  await ada.locator(".message .sound").waitFor();
  await ada.getByRole("button", { name: "Play bell", exact: true }).waitFor();
});

scenario("unread marks and reading them", async (browser, server) => {
  const { ada, bob } = await twoPeople(browser, server);
  const created = await apiSend(ada, "POST", "/rooms/opens", { room: { name: "Lounge" } });
  if (created.status !== 201) throw new Error(`room: ${created.status}`);
  await bob.getByRole("link", { name: "Lounge" }).click();
  await bob.getByRole("heading", { name: "Lounge", exact: true }).waitFor();
  await bob.waitForTimeout(300); // presence settles
  await send(ada, "Anyone in All Talk?");
  await bob.locator(".rooms__item--unread", { hasText: "All Talk" }).waitFor();
  await shot(bob, "unread");
  await bob.getByRole("link", { name: /All Talk/ }).click();
  await bob.locator(".rooms__item--unread", { hasText: "All Talk" }).waitFor({ state: "detached" });
});

scenario("search", async (browser, server) => {
  const { ada, bob } = await twoPeople(browser, server);
  await send(bob, "The wombats were running fast");
  await messageWith(ada, "wombats").waitFor();
  await ada.getByRole("link", { name: "Search" }).click();
  await ada.getByLabel("Search messages").fill("wombat run");
  await ada.getByLabel("Search messages").press("Enter");
  await ada.locator(".search__results .message", { hasText: "wombats were running" }).waitFor();
  await ada.getByRole("button", { name: "wombat run", exact: true }).waitFor(); // a recent search
  await shot(ada, "search");
});

scenario("a closed room a non-member cannot open", async (browser, server) => {
  const { ada, bob } = await twoPeople(browser, server);
  await ada.getByRole("button", { name: "New room", exact: true }).click();
  await ada.getByLabel("Name").fill("Secret plans");
  await ada.getByRole("switch", { name: "Everyone" }).uncheck();
  await ada.getByRole("button", { name: "Create room", exact: true }).click();
  await ada.getByRole("heading", { name: "Secret plans", exact: true }).waitFor();
  await send(ada, "top secret");
  const id = Number(new URL(ada.url()).pathname.split("/")[2]);
  const direct = await apiGet(bob, `/rooms/${id}/messages`);
  if (!direct.error) throw new Error("Bob could read the closed room");
  await bob.goto(`${server.url}/rooms/${id}`);
  await bob.getByRole("heading", { name: "All Talk", exact: true }).waitFor();
  await bob.getByRole("status").filter({ hasText: "does not exist, or you are not in it" }).waitFor();
  if (await bob.getByText("top secret").count()) throw new Error("Bob sees the closed room's message");
  if (await bob.getByRole("link", { name: "Secret plans" }).count()) throw new Error("Bob's sidebar lists the closed room");
});

scenario("the server restarts mid-conversation and nothing is lost", async (browser, server) => {
  const { ada, bob } = await twoPeople(browser, server);
  await send(ada, "before the restart");
  await messageWith(bob, "before the restart").waitFor();
  await restartServer(server);
  // Sent while Bob's socket is still reconnecting: the replay brings it.
  const posted = await apiSend(ada, "POST", `/rooms/${(await apiGet(ada, "/rooms")).rooms[0].id}/messages`, {
    message: { body: "during the reconnect", client_message_id: "e2e-restart-1" },
  });
  if (posted.status !== 201) throw new Error(`post after restart: ${posted.status}`);
  await messageWith(bob, "during the reconnect").waitFor({ timeout: 20000 });
  await send(ada, "after the restart");
  await messageWith(bob, "after the restart").waitFor({ timeout: 20000 });
  const copies = await bob.locator(".message", { hasText: "during the reconnect" }).count();
  if (copies !== 1) throw new Error(`expected one copy, saw ${copies}`);
});


const browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ["--no-sandbox"] });
let failed = 0;
// --only <text> runs the scenarios whose name contains it (for working on one).
const chosen = scenarios.filter((s) => !args.only || s.name.includes(args.only));
const ran = chosen.length;
if (!ran) throw new Error(`no scenario matches ${args.only}`);
for (const { name, fn } of chosen) {
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
console.log(`${ran - failed}/${ran} scenarios passed`);
process.exit(failed ? 1 : 0);
