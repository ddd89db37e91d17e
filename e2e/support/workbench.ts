// Steps of the workbench and of page loading that several journeys take.
import type { Locator, Page } from "playwright-core";
import { mainText } from "./browser.ts";

/** A click before the page's scripts have taken over can be lost: wait until nothing is loading any more. */
export const hydrated = (page: Page) => page.waitForLoadState("networkidle");

/** Opens a workbench queue from the menu and then the case from the list, paging on until it shows. */
export async function openFromQueue(page: Page, queue: string, caseNo: string): Promise<void> {
  await page.goto("/workbench");
  await hydrated(page);
  await page.locator(".tb-wb-side").getByRole("link", { name: queue }).click();
  await page.waitForURL((u) => u.searchParams.has("queue"));
  const link = page.getByRole("link", { name: caseNo, exact: true });
  for (let i = 0; i < 30 && !(await link.isVisible()); i++) {
    const next = page.locator(".ant-pagination-next:not(.ant-pagination-disabled)");
    if ((await next.count()) === 0) break;
    const before = page.url();
    await next.click();
    await page.waitForURL((u) => u.toString() !== before);
  }
  await link.click();
  await page.waitForURL((u) => u.pathname.startsWith("/workbench/cases/"));
  await page.getByText("基本信息", { exact: true }).waitFor();
}

/** Opens one action's panel on the workbench case page (the first is open already) and returns its form. */
export async function actionForm(page: Page, intent: string, title: string) {
  const form = page.locator(`form[aria-label="${intent}"]`);
  if (!(await form.isVisible())) {
    // Exact: "受理" must not pick "不予受理" or "容缺受理".
    await page
      .locator(".ant-collapse-header")
      .filter({ has: page.getByText(title, { exact: true }) })
      .click();
  }
  await form.waitFor();
  return form;
}

/** A button of a form; antd spaces two-character Chinese labels ("受 理"). */
export const button = (form: Locator, label: string) =>
  form.getByRole("button", { name: new RegExp(`^${[...label].join("\\s*")}$`) });

/** Waits for the workbench's confirmation of the action just posted, and returns the page's text. */
export async function doneOnWorkbench(page: Page, label: string): Promise<string> {
  await page.getByText(`已完成：${label}`).waitFor();
  return mainText(page);
}
