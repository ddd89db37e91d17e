import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { expect, inject } from "vitest";
import { CHROMIUM_PATH, type E2eRun, SCREENSHOT_ROOT } from "./run-env.ts";

/** The running server, database and Redis prefix of this journey run (set up by global-setup.ts). */
export function e2eRun(): E2eRun {
  return inject("e2e");
}

/** Debian's Chromium, headless; as root it needs --no-sandbox. One per journey file (beforeAll). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
}

const errorsOf = new WeakMap<Page, string[]>();

/**
 * A new visitor: a fresh browser context (its own cookies, so its own sign-in) with one page, the run's
 * server as base URL (so `page.goto("/space")` works), Chinese locale and China's time zone, a desktop
 * viewport unless one is given. Uncaught page errors and console errors are collected for pageErrors().
 */
export async function newVisitor(
  browser: Browser,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: e2eRun().baseUrl,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  errorsOf.set(page, errors);
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on("console", (m) => {
    // The portal has no favicon; the browser's request for it is not the page's fault.
    if (m.type() !== "error" || m.location().url.endsWith("/favicon.ico")) return;
    errors.push(`${page.url()}: console: ${m.text()} (${m.location().url})`);
  });
  return page;
}

/** What went wrong in the page's scripts so far (uncaught errors, console.error, e.g. hydration errors). */
export function pageErrors(page: Page): string[] {
  return [...(errorsOf.get(page) ?? [])];
}

const shotCount = new Map<string, number>();

/**
 * A full-page screenshot to e2e/screenshots/<journey file>/NN-<name>.png (numbered in the order taken;
 * the folder is emptied at the journey's first shot). Returns the file's path.
 */
export async function shot(page: Page, name: string): Promise<string> {
  const testPath = expect.getState().testPath ?? "journey";
  const dir = path.join(SCREENSHOT_ROOT, path.basename(testPath).replace(/\.e2e\.ts$/, ""));
  const n = (shotCount.get(dir) ?? 0) + 1;
  if (n === 1) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  shotCount.set(dir, n);
  const safe = name.replace(/[^\p{L}\p{N}_-]+/gu, "-").replace(/^-+|-+$/g, "") || "page";
  const file = path.join(dir, `${String(n).padStart(2, "0")}-${safe}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** What a person reads in `locator`: rendered text (hidden parts left out, line breaks as laid out). */
export function visibleText(locator: Locator, options: { timeout?: number } = {}): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text, which is what is asserted.
  return locator.innerText(options);
}

/** The visible text of the page's main area (header, navigation and footer left out). */
export function mainText(page: Page): Promise<string> {
  return visibleText(page.locator("main.tb-main"));
}

/** The visible text of the page's header: site name, language switch, who is signed in acting for whom. */
export function headerText(page: Page): Promise<string> {
  return visibleText(page.locator("header"));
}

/** Switches the language with the header's buttons and waits for the page to come back in it. */
export async function switchLanguage(page: Page, lang: "zh-CN" | "en"): Promise<void> {
  await page.locator(`form[action="/lang"] button[value="${lang}"]`).click();
  await page.locator(`html[lang="${lang}"]`).waitFor({ state: "attached" });
  await page.waitForLoadState("load");
}
