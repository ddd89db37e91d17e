import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO,
  headerText,
  hydrated,
  launchBrowser,
  mainText,
  newVisitor,
  pageErrors,
  shot,
  signIn,
  switchLanguage,
} from "./support/index.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("catalog and spaces", () => {
  it("an anonymous visitor finds an item in the catalog and reads its guide", async () => {
    const page = await newVisitor(browser);
    await page.goto("/");
    await expect.poll(() => page.title()).toContain("云港市");
    const home = await mainText(page);
    expect(home).toContain("政务服务事项");
    expect(home).toMatch(/共 \d+ 个部门、39 个事项/);
    expect(home).toContain("云港市市场监督管理局");
    await shot(page, "home");

    // 餐饮 is a keyword of the item, not part of its name: the search reads the keywords too.
    await page.getByRole("search").getByRole("textbox").fill("餐饮");
    await page.getByRole("search").getByRole("button", { name: "搜索" }).click();
    await page.waitForURL((u) => u.searchParams.get("q") === "餐饮");
    await expect.poll(() => mainText(page)).toMatch(/找到 \d+ 个事项（共 39 个）/);
    const item = page.getByRole("link", { name: "食品经营许可（新办）" });
    await item.waitFor();
    expect(await mainText(page)).not.toContain("居民身份证换领");
    await shot(page, "search-canyin");

    await item.click();
    await page.waitForURL(/\/items\/[^/]+$/);
    await page.getByRole("heading", { name: "食品经营许可（新办）", level: 2 }).waitFor();
    const guide = await mainText(page);
    for (const text of [
      "办事指南",
      "云港市市场监督管理局",
      "基本信息",
      "法定时限",
      "设定依据",
      "《中华人民共和国食品安全法》第三十五条",
      "申请材料",
      "办理流程",
      "在线申办",
    ]) {
      expect(guide).toContain(text);
    }
    await shot(page, "guide-food-license");
    expect(pageErrors(page)).toEqual([]);
  });

  it("张伟 signs in and sees his personal space with his cases", async () => {
    const page = await newVisitor(browser);
    await page.goto("/space");
    // Anonymous: the space sends the visitor to the sign-in page.
    await page.waitForURL((u) => u.pathname.startsWith("/auth/interaction/"));
    await page.getByRole("heading", { name: "统一身份认证" }).waitFor();
    await shot(page, "sign-in-page");

    await signIn(page, DEMO.zhangWei.phone);
    expect(new URL(page.url()).pathname).toBe("/space");
    const space = await mainText(page);
    expect(space).toContain("个人空间");
    expect(space).toContain("张伟");
    expect(space).toMatch(/320999\*+7132|3209\*+7132/);
    await shot(page, "zhang-wei-space");
    // His cases are one click away, in the space's navigation.
    await page.getByRole("link", { name: "我的办件" }).first().click();
    await page.waitForURL((u) => u.pathname === "/space/cases");
    await page.getByText(/我的办件（\d+）/).waitFor();
    const cases = await mainText(page);
    const count = Number(/我的办件（(\d+)）/.exec(cases)?.[1]);
    expect(count).toBeGreaterThan(0);
    const rows = await page.locator(".ant-table-tbody tr.ant-table-row").allInnerTexts();
    expect(rows.length).toBe(Math.min(count, 10));
    for (const row of rows) {
      // Case number, item, department, status as the table shows them.
      expect(row).toMatch(/^[A-Z]+-\d{8}-\d{6}\s/);
      expect(row).toMatch(/云港市|镇/);
      expect(row).toMatch(/已申报|待补正|已受理|审查中|特别程序|已决定|已办结|不予受理|已退件|已撤回|已终止/);
    }
    await expect.poll(() => headerText(page)).toContain("张伟 · 个人");
    await shot(page, "zhang-wei-cases");
    expect(pageErrors(page)).toEqual([]);
  });

  it("孙浩 acts for 云港市港城网络科技有限公司 and sees the enterprise space, also in English", async () => {
    const page = await newVisitor(browser);
    await signIn(page, DEMO.sunHao.phone, undefined, { actAs: "云港市港城网络科技有限公司" });
    expect(new URL(page.url()).pathname).toBe("/space");
    const space = await mainText(page);
    expect(space).toContain("企业空间");
    expect(space).toContain("云港市港城网络科技有限公司");
    expect(space).toContain("孙浩（经办人）");
    expect(space).toContain("全部事项");
    expect(space).toMatch(/统一社会信用代码\s*[0-9A-Z]{18}/);
    expect(space).toContain("我的办件");
    await shot(page, "sun-hao-enterprise-space");

    await switchLanguage(page, "en");
    expect(new URL(page.url()).pathname).toBe("/space");
    const english = await mainText(page);
    expect(english).toContain("Enterprise space");
    expect(english).toContain("Acting as");
    expect(english).toContain("Unified social credit code");
    expect(english).toContain("All items");
    expect(english).toMatch(/My cases/);
    expect(english).not.toContain("企业空间");
    expect(await headerText(page)).toContain("孙浩 · 云港市港城网络科技有限公司 (Agent)");
    await shot(page, "sun-hao-enterprise-space-en");

    // The choice is remembered: the catalog is in English too.
    await page.goto("/");
    expect(await mainText(page)).toContain("Government service items");
    await switchLanguage(page, "zh-CN");
    expect(await mainText(page)).toContain("政务服务事项");
    expect(pageErrors(page)).toEqual([]);
  });

  it("刘芳 (admin of 港城网络) reads every page of the enterprise space on a phone without sideways scrolling", async () => {
    const page = await newVisitor(browser, { viewport: { width: 375, height: 812 } });
    await signIn(page, DEMO.liuFang.phone, undefined, { actAs: "云港市港城网络科技有限公司" });
    /** How far the page is wider than the screen (0: nothing overflows; wide tables scroll inside their box). */
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    for (const [path, name, expected] of [
      ["/space", "phone-overview", "未提交的草稿"],
      ["/space/cases", "phone-cases", "我的办件"],
      ["/space/materials", "phone-materials", "上传新版本"],
      ["/space/results", "phone-results", "我的证照"],
      ["/space/messages", "phone-messages", "消息"],
      ["/space/members", "phone-members", "指定事项"],
    ] as const) {
      await page.goto(path);
      await hydrated(page);
      expect(await mainText(page)).toContain(expected);
      expect(await overflow(), path).toBeLessThanOrEqual(0);
      await shot(page, name);
    }
    // Every section of the space is in its navigation (scrolling sideways), none hidden behind "…".
    const sections = await page.getByRole("menu", { name: "空间导航" }).getByRole("link").allTextContents();
    for (const s of ["概览", "我的办件", "我的材料", "我的证照", "消息", "成员管理"])
      expect(
        sections.some((x) => x.startsWith(s)),
        s,
      ).toBe(true);
    // A case of the enterprise, from its list.
    await page.goto("/space/cases");
    await page.locator('a[href^="/space/cases/"]').first().click();
    await page.waitForURL((u) => /^\/space\/cases\/[^/]+$/.test(u.pathname));
    await page.getByText("办件信息").first().waitFor();
    expect(await overflow(), "case page").toBeLessThanOrEqual(0);
    await shot(page, "phone-case");
    expect(pageErrors(page)).toEqual([]);
  });
  it("汤磊 (platform admin) sees how far time limits can be counted and imports a holiday notice", async () => {
    const page = await newVisitor(browser);
    await signIn(page, DEMO.tangLei.phone, undefined, { returnTo: "/admin/webhooks" });
    await hydrated(page);
    await page.getByRole("link", { name: "工作日历" }).click();
    await page.waitForURL((u) => u.pathname === "/admin/calendar");
    await expect.poll(async () => (await mainText(page)).includes("办理时限按工作日计算")).toBe(true);
    const text = await mainText(page);
    // Either the covered run is stated, or its absence (the run's date decides which).
    expect(text).toMatch(/时限可计算至 \d{4}-12-31|节假日安排尚未导入/);
    expect(text).toContain("2026 年");
    expect(text).toContain("春节 调休上班");
    await shot(page, "tang-lei-calendar");

    const form = page.getByRole("form", { name: "导入节假日安排" });
    await form
      .locator('textarea[name="text"]')
      .fill("date,kind,name\n2046-01-01,holiday,元旦\n2046-01-03,workday,周三\n");
    await form.locator('button[type="submit"]').click();
    await expect.poll(async () => (await mainText(page)).includes("工作日历第 3 行")).toBe(true);
    expect(await mainText(page)).toContain("调休上班（workday）只能是周六或周日");

    await form
      .locator('textarea[name="text"]')
      .fill("date,kind,name\n2046-01-01,holiday,元旦\n2046-01-06,workday,调休上班\n");
    await form.locator('button[type="submit"]').click();
    await page.waitForURL((u) => u.searchParams.get("years") === "2046");
    await expect.poll(async () => (await mainText(page)).includes("已导入 2046 年的安排")).toBe(true);
    const after = await mainText(page);
    expect(after).not.toContain("工作日历第 3 行");
    expect(after).toContain("已导入 2046 年的安排：写入 2 行，移除 0 行");
    expect(after).toContain("2046 年");
    await shot(page, "tang-lei-calendar-imported");
    // The browser logs the refused import's 400 answer; that one is expected, nothing else is.
    const refusedImport = (e: string) => e.includes("status of 400") && e.includes("/admin/calendar");
    expect(pageErrors(page).filter(refusedImport)).toHaveLength(1);
    expect(pageErrors(page).filter((e) => !refusedImport(e))).toEqual([]);
  });
});
