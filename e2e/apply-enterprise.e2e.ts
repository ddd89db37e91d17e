import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO,
  hydrated,
  launchBrowser,
  mainText,
  newVisitor,
  openUseCases,
  pageErrors,
  pdfFixtures,
  requirementCard as requirement,
  shot,
  signIn,
  storeInLibrary,
  type UseCases,
  visibleText,
} from "./support/index.ts";

/*
 * 孙浩, agent of 云港市港城网络科技有限公司 for all items, applies online for 企业变更登记 (YGSJ-DJ-002) for the
 * enterprise: the change application from the enterprise's library (stored there first), the 营业执照 the
 * enterprise already holds (reused with consent), the change resolution uploaded on the spot; the receipt,
 * and the case in 我的办件.
 */
const ITEM = "YGSJ-DJ-002";
const ITEM_NAME = "企业变更登记";
const ENTERPRISE = "云港市港城网络科技有限公司";
/** The library material stored first; unique to this run so the choice below is unambiguous. */
const STORED = `公司变更登记申请书（住所变更 ${Date.now().toString(36)}）`;
const NEW_ADDRESS = "云港市港城大道388号智谷大厦8楼";
/** 孙浩's registered phone as pages show it. */
const PHONE_MASKED = `${DEMO.sunHao.phone.slice(0, 3)}****${DEMO.sunHao.phone.slice(-4)}`;

let browser: Browser;
let uc: UseCases;
/** The 营业执照 numbers the enterprise holds (seeded by the demo history), one of them to reuse. */
let licences: string[];

const pdf = pdfFixtures();

beforeAll(async () => {
  browser = await launchBrowser();
  uc = await openUseCases();
  const rows = await uc
    .ctx()
    .em.getConnection()
    .execute<{ number: string }[]>(
      `select r.number from result r join enterprise e on e.id = r.holder_enterprise_id
        where e.name = ? and r.result_type_code = 'BUSINESS_LICENSE' and r.status = 'valid'
          and (r.valid_to is null or r.valid_to >= current_date)`,
      [ENTERPRISE],
      "all",
    );
  licences = rows.map((r) => r.number);
  if (licences.length === 0) throw new Error(`the demo history issued no valid 营业执照 to ${ENTERPRISE}`);
});

afterAll(async () => {
  await browser?.close();
  await uc?.close();
});

/** The card of one required material on the materials step. */

/**
 * Opens the antd select of a requirement, types `text` into its search (as a person finds one document among
 * the enterprise's many) and picks the option that shows.
 */
async function choose(page: Page, card: Locator, text: string): Promise<void> {
  const dropdown = page.locator(".ant-select-dropdown:visible");
  await expect.poll(() => dropdown.count()).toBe(0);
  await card.locator(".ant-select").click();
  await expect.poll(() => dropdown.count()).toBe(1);
  await card.getByRole("combobox").fill(text);
  const option = dropdown.locator(".ant-select-item-option", { hasText: text });
  // The search leaves the matching options only (the stored title and licence numbers are unique).
  await expect.poll(() => dropdown.locator(".ant-select-item-option").count()).toBe(1);
  await option.click();
  // The list closes with an animation; the next select's list must not be confused with this one.
  await expect.poll(() => dropdown.count()).toBe(0);
}

describe("online application for an enterprise", () => {
  it("孙浩 applies for 企业变更登记 for 港城网络 reusing a stored material and the licence, and finds the case", async () => {
    const page = await newVisitor(browser);
    await signIn(page, DEMO.sunHao.phone, undefined, { actAs: ENTERPRISE });

    // 1. He stores the signed change application in the enterprise's library.
    let text = await storeInLibrary(page, STORED, pdf("change-application.pdf"));
    expect(text).toContain(`${STORED}（v1）`);
    await shot(page, "library-stored");

    // 2. He finds the item in the catalog and opens its guide, then the application.
    await page.goto("/");
    await hydrated(page);
    await page.getByRole("search").getByRole("textbox").fill("变更登记");
    await page.getByRole("search").getByRole("button", { name: "搜索" }).click();
    await page.waitForURL((u) => u.searchParams.get("q") === "变更登记");
    await page.getByRole("link", { name: ITEM_NAME, exact: true }).click();
    await page.waitForURL((u) => u.pathname === `/items/${ITEM}`);
    await page.getByRole("heading", { name: ITEM_NAME, level: 2 }).waitFor();
    await shot(page, "guide");
    await page.getByRole("link", { name: "在线申办" }).click();
    await page.waitForURL((u) => u.pathname === `/items/${ITEM}/apply`);
    await page.getByRole("heading", { name: `在线申办：${ITEM_NAME}` }).waitFor();
    await hydrated(page);

    // 3. The form: the enterprise's registry facts are filled in; he adds what changes and a phone.
    text = await mainText(page);
    for (const expected of ["申请人", ENTERPRISE, "陈志强", "孙浩", "填写表单", "提交材料", "确认提交"])
      expect(text).toContain(expected);
    expect(await page.getByLabel("企业名称", { exact: true }).inputValue()).toBe(ENTERPRISE);
    const uscc = await page.getByLabel("统一社会信用代码", { exact: true }).inputValue();
    expect(uscc).toMatch(/^91[0-9A-Z]{16}$/);
    expect(await page.getByLabel("法定代表人（负责人）姓名", { exact: true }).inputValue()).toBe("陈志强");
    // Required fields left empty are named before anything moves on.
    await page.getByRole("button", { name: "下一步" }).click();
    await expect.poll(() => mainText(page)).toContain("请至少选择 1 项");
    await shot(page, "form-required");

    await page.locator("#root_changeItems").click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "住所" }).click();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator(".ant-select-dropdown:visible").count()).toBe(0);
    // His phone comes from the registry, masked: ticked by default, the field read-only; the server fills it in.
    const usePhone = page.getByRole("checkbox", { name: /联系电话：使用我登记的手机号码/ });
    expect(await usePhone.isChecked()).toBe(true);
    expect(await page.getByLabel("联系电话", { exact: true }).inputValue()).toBe(PHONE_MASKED);
    expect(await page.content()).not.toContain(DEMO.sunHao.phone);
    await page.getByLabel("变更内容说明", { exact: true }).fill(`住所变更为${NEW_ADDRESS}`);
    await shot(page, "form-filled");
    await page.getByRole("button", { name: "下一步" }).click();

    // 4. The materials: library, the licence held (with consent), an upload.
    const application = requirement(page, "公司变更登记申请书");
    await application.waitFor();
    text = await mainText(page);
    for (const expected of [
      "营业执照",
      "依照公司法作出的变更决议或者决定",
      "必交",
      "已关联电子营业执照的免于提交",
    ])
      expect(text).toContain(expected);
    await choose(page, application, STORED);
    expect(await visibleText(application)).toContain(STORED);

    const licence = requirement(page, "营业执照");
    await choose(page, licence, licences[0]!);
    const licenceText = await visibleText(licence);
    expect(licenceText).toContain(licences[0]);
    expect(licenceText).toContain("由云港市市场监督管理局签发");
    // Without consent the licence does not count yet, nor does the resolution not yet uploaded.
    await page.getByRole("button", { name: "下一步" }).click();
    const warning = page.locator(".ant-alert-warning");
    await expect.poll(() => visibleText(warning)).toContain("请先为以下材料选择来源或勾选同意");
    expect(await visibleText(warning)).toContain("营业执照");
    await shot(page, "materials-missing");
    await licence.getByRole("checkbox", { name: /我同意本次申请调用该证照/ }).check();
    // The warning follows at once: the licence is no longer named, the resolution still is.
    await expect.poll(() => visibleText(warning)).not.toContain("营业执照");
    expect(await visibleText(warning)).toContain("依照公司法作出的变更决议或者决定");

    const resolution = requirement(page, "依照公司法作出的变更决议或者决定");
    await resolution.locator('input[type="file"]').setInputFiles(pdf("shareholders-resolution.pdf"));
    await expect.poll(() => visibleText(resolution.locator(".ant-select"))).toContain("（v1");
    // Everything is met: the warning is gone before 下一步 is clicked again.
    await expect.poll(() => warning.count()).toBe(0);
    await shot(page, "materials");

    // 5. Review, then submit.
    await page.getByRole("button", { name: "下一步" }).click();
    await page.getByText("表单内容", { exact: true }).waitFor();
    text = await mainText(page);
    for (const expected of [
      ENTERPRISE,
      uscc,
      "住所",
      NEW_ADDRESS,
      PHONE_MASKED,
      "登记信息",
      STORED,
      "证照复用",
      "材料库",
    ])
      expect(text).toContain(expected);
    expect(text).toContain(licences[0]);
    await shot(page, "review");
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForURL((u) => /^\/space\/cases\/[^/]+\/receipt$/.test(u.pathname));

    // 6. The receipt.
    await page.getByText("网上申报回执").waitFor();
    text = await mainText(page);
    const caseNo = /办件编号\s*([A-Z]+-\d{8}-\d{6})/.exec(text)?.[1];
    expect(caseNo, text).toBeTruthy();
    for (const expected of [
      `${ITEM_NAME}（${ITEM}）`,
      "云港市市场监督管理局",
      ENTERPRISE,
      "公司变更登记申请书",
      "营业执照",
      "证照复用",
      "电子材料",
    ])
      expect(text).toContain(expected);
    // The receipt belongs to the space: the top navigation shows it at once, not the apply page's 首页 fading out.
    expect(await visibleText(page.locator(".tb-nav .ant-menu-item-selected"))).toBe("我的空间");
    const underlined = await page
      .locator(".tb-nav .ant-menu-item")
      .evaluateAll((items) =>
        items
          .filter((li) => getComputedStyle(li, "::after").borderBottomColor !== "rgba(0, 0, 0, 0)")
          .map((li) => li.textContent),
      );
    expect(underlined).toEqual(["我的空间"]);
    await shot(page, "receipt");
    // The department receives the full number the page never held.
    const [filed] = await uc
      .ctx()
      .em.getConnection()
      .execute<{ phone: string }[]>(
        "select form_data->>'contactPhone' as phone from case_file where case_no = ?",
        [caseNo],
        "all",
      );
    expect(filed?.phone).toBe(DEMO.sunHao.phone);

    // 7. The case in 我的办件.
    await hydrated(page);
    await page.getByRole("link", { name: "我的空间", exact: true }).first().click();
    await page.waitForURL((u) => u.pathname === "/space");
    await page.getByRole("link", { name: "我的办件" }).first().click();
    await page.waitForURL((u) => u.pathname === "/space/cases");
    const row = page.locator("tr", { hasText: caseNo! });
    await row.waitFor();
    const rowText = await visibleText(row);
    expect(rowText).toContain(ITEM_NAME);
    expect(rowText).toContain("云港市市场监督管理局");
    expect(rowText).toContain("已申报");
    await shot(page, "my-cases");

    expect(pageErrors(page)).toEqual([]);
  });
});
