import type { Page } from "playwright-core";
import { visibleText } from "./browser.ts";
import { DEMO_PASSWORD } from "./demo.ts";

export interface SignInOptions {
  /**
   * For people who belong to enterprises: "self" (the default) or (part of) the enterprise's name to
   * act for. Naming an enterprise for someone who is offered no choice is an error.
   */
  actAs?: string;
  /** Where the portal should land after sign-in; /space by default. */
  returnTo?: string;
}

const inPortal = (u: URL) => !u.pathname.startsWith("/auth/") && !u.pathname.startsWith("/oidc/");

/** Waits for the first of several conditions; the losers' rejections are swallowed. */
async function first<T extends string>(waits: Promise<T>[]): Promise<T | "timeout"> {
  return Promise.race(waits.map((w) => w.catch(() => "timeout" as const)));
}

async function describePage(page: Page): Promise<string> {
  const text = await visibleText(page.locator("body"), { timeout: 2_000 }).catch(() => "");
  return `${page.url()}: ${text.replace(/\s+/g, " ").slice(0, 300)}`;
}

/**
 * Signs in through the real pages, the way a person does: /auth/login → the built-in provider's sign-in
 * page /auth/interaction/:uid (password tab) → for people who belong to enterprises, the identity choice
 * on the same page → back in the portal at `returnTo`. `login` is a phone or ID number. Throws with the
 * page's message when the sign-in is refused (wrong password, locked out, ...). Use one visitor
 * (newVisitor) per person: a context holds one portal session.
 */
export async function signIn(
  page: Page,
  login: string,
  password: string = DEMO_PASSWORD,
  options: SignInOptions = {},
): Promise<void> {
  const returnTo = options.returnTo ?? "/space";
  await page.goto(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  await page.waitForURL((u) => u.pathname.startsWith("/auth/interaction/"));

  const passwordForm = page.locator("form", { has: page.locator('input[name="intent"][value="password"]') });
  await passwordForm.locator('input[name="login"]').fill(login);
  await passwordForm.locator('input[name="password"]').fill(password);
  await passwordForm.locator('button[type="submit"]').click();

  const chooseForm = page.locator("form", { has: page.locator('input[name="intent"][value="choose"]') });
  const outcome = await first([
    page.waitForURL(inPortal).then(() => "portal" as const),
    chooseForm.waitFor().then(() => "choose" as const),
    page
      .locator(".ant-alert-error")
      .waitFor()
      .then(() => "refused" as const),
  ]);
  if (outcome === "refused") {
    const message = await visibleText(page.locator(".ant-alert-error"));
    throw new Error(`sign-in as ${login} was refused: ${message}`);
  }
  if (outcome === "timeout")
    throw new Error(`sign-in as ${login} did not finish: ${await describePage(page)}`);
  if (outcome === "portal") {
    if (options.actAs && options.actAs !== "self")
      throw new Error(`${login} was offered no identity to choose, so cannot act for ${options.actAs}`);
    return;
  }

  const actAs = options.actAs ?? "self";
  const option =
    actAs === "self"
      ? chooseForm.locator("label.ant-radio-wrapper", {
          has: page.locator('input[name="enterpriseId"][value="self"]'),
        })
      : chooseForm.locator("label.ant-radio-wrapper", { hasText: actAs });
  if ((await option.count()) !== 1) {
    const offered = await chooseForm.locator("label.ant-radio-wrapper").allInnerTexts();
    throw new Error(`${login} may act as ${offered.join(" / ")}, not as "${actAs}"`);
  }
  await option.click();
  if (!(await option.locator("input").isChecked())) throw new Error(`could not choose "${actAs}"`);
  await chooseForm.locator('button[type="submit"]').click();
  await page.waitForURL(inPortal).catch(async () => {
    throw new Error(`acting as "${actAs}" did not lead back to the portal: ${await describePage(page)}`);
  });
}
