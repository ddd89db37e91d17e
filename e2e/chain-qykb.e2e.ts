import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  actionForm,
  button,
  DEMO,
  doneOnWorkbench,
  hydrated,
  launchBrowser,
  mainText,
  newVisitor,
  openFromQueue,
  pageErrors,
  pdfFixtures,
  requirementCard as requirement,
  shot,
  signIn,
  storeInLibrary,
  visibleText,
} from "./support/index.ts";

/*
 * 企业开办一件事 (YJS-QYKB): 刘洋, a private individual without an enterprise, applies once with one form and
 * one set of materials (one from his library, the rest uploaded) and follows the progress diagram; the
 * 市场监督管理局 accepts, reviews, approves and concludes the licence case on the workbench; 刘洋, on his
 * phone, sees the licence stage green and the five parallel cases of the new enterprise started.
 */
const CHAIN = "YJS-QYKB";
const CHAIN_NAME = "企业开办一件事";
const LICENCE_ITEM = "企业设立登记（营业执照核发）";
const LIU = { name: "刘洋", phone: "15805155351", idNumber: "320999199101287554" };
const RUN = Date.now().toString(36);
const ENTERPRISE = `云港市洋帆${RUN}科技有限公司`;
const STORED = `公司章程（洋帆科技 ${RUN}）`;
/**
 * The required materials uploaded on the apply page (公司章程 comes from the library; 预留银行印鉴 is waived: the
 * seal filing reaches the bank from the parallel 刻章 case).
 */
const UPLOADED = [
  "公司登记（备案）申请书",
  "股东主体资格证明",
  "法定代表人、董事、监事和经理的任职文件",
  "住所使用相关文件",
  "法定代表人身份证明",
  "印章刻制申请表",
  "办税人员身份证明",
  "社会保险参保单位登记表",
  "住房公积金单位缴存登记表",
  "开立单位银行结算账户申请书",
];

let browser: Browser;

const pdf = pdfFixtures();

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Picks `text` in the antd select of form field `field` (a multiple select closes with Escape). */
async function pick(page: Page, field: string, text: string, multiple = false): Promise<void> {
  const dropdown = page.locator(".ant-select-dropdown:visible");
  // The select shows its choices (the dropdown is rendered elsewhere, so its text is only what was chosen).
  const shown = () => page.locator(".ant-select", { has: page.locator(`#root_${field}`) }).textContent();
  // A click that lands while the dropdown is still opening can miss; pick again until the choice shows.
  for (let attempt = 1; ; attempt++) {
    await page.locator(`#root_${field}`).click();
    await dropdown.locator(".ant-select-item-option", { hasText: text }).first().click();
    if (multiple) {
      await expect
        .poll(shown, { timeout: 2_000 })
        .toContain(text)
        .catch(() => {});
      await page.keyboard.press("Escape");
    }
    await expect.poll(() => dropdown.count()).toBe(0);
    if ((await shown())?.includes(text) || attempt === 3) break;
  }
  expect(await shown()).toContain(text);
}

/** The diagram's card of one item (its aria-label is "name：status"). */
const itemCard = (page: Page, name: string): Locator => page.locator(`[aria-label^="${name}："]`);

describe("企业开办一件事", () => {
  it("刘洋 applies once; the licence case is concluded on the workbench; five parallel cases start", async () => {
    const liu = await newVisitor(browser);
    await signIn(liu, LIU.phone);

    // 1. He keeps the signed articles of association in his library.
    expect(await storeInLibrary(liu, STORED, pdf("articles.pdf"))).toContain(`${STORED}（v1）`);

    // 2. From the top navigation to the chain's guide: stages, departments, the time saved, one set of materials.
    await liu.getByRole("link", { name: "一件事", exact: true }).click();
    await liu.waitForURL((u) => u.pathname === "/chains");
    await liu.getByRole("link", { name: CHAIN_NAME }).click();
    await liu.waitForURL((u) => u.pathname === `/chains/${CHAIN}`);
    await liu.getByRole("heading", { name: CHAIN_NAME, level: 3 }).waitFor();
    let text = await mainText(liu);
    for (const expected of [
      "营业执照核发",
      "并联",
      "云港市市场监督管理局",
      "一件事承诺时限",
      "逐项办理合计",
      "公司章程",
      "自动作为",
      "自然人",
    ])
      expect(text).toContain(expected);
    await shot(liu, "guide");
    await hydrated(liu);
    await liu
      .getByRole("link", { name: /^申\s*请$/ })
      .first()
      .click();
    await liu.waitForURL((u) => u.pathname === `/chains/${CHAIN}/apply`);
    await liu.getByRole("heading", { name: `申请：${CHAIN_NAME}` }).waitFor();
    await hydrated(liu);

    // 3. One form: what the registry knows is filled in; his phone is offered masked.
    expect(await liu.getByLabel("法定代表人（负责人）姓名", { exact: true }).inputValue()).toBe(LIU.name);
    expect(await liu.getByLabel("联系人", { exact: true }).inputValue()).toBe(LIU.name);
    expect(await liu.getByLabel("联系电话", { exact: true }).inputValue()).toMatch(/^158\*{4}5351$/);
    expect(await liu.content()).not.toContain(LIU.phone);
    await liu.getByLabel("企业名称", { exact: true }).fill(ENTERPRISE);
    await pick(liu, "enterpriseType", "有限责任公司");
    await liu.getByLabel("注册资本（万元）", { exact: true }).fill("100");
    await liu.getByLabel("经营范围", { exact: true }).fill("软件开发；信息技术咨询服务");
    await liu.getByLabel("法定代表人身份证号码", { exact: true }).fill(LIU.idNumber);
    await pick(liu, "sealTypes", "企业法人公章", true);
    await liu.getByLabel("印章刻制企业", { exact: true }).fill("云港市诚信刻章有限公司");
    await liu.getByLabel("财务负责人姓名", { exact: true }).fill("王丽");
    await pick(liu, "taxpayerType", "小规模纳税人");
    await liu.getByLabel("单位缴存比例（%）", { exact: true }).fill("12");
    await pick(liu, "bankName", "中国工商银行云港分行");
    await shot(liu, "apply-form");
    await liu.getByRole("button", { name: "下一步" }).click();

    // 4. One set of materials: the articles from his library, the rest uploaded once for every item.
    const articles = requirement(liu, "公司章程");
    await articles.waitFor();
    expect(await visibleText(requirement(liu, "法定代表人身份证明"))).toContain("用于：");
    expect(await requirement(liu, "预留银行印鉴").count()).toBe(0);
    await articles.locator(".ant-select").click();
    await liu.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: STORED }).click();
    await expect.poll(() => visibleText(articles.locator(".ant-select"))).toContain(STORED);
    for (const [i, name] of UPLOADED.entries()) {
      const card = requirement(liu, name);
      await card.locator('input[type="file"]').setInputFiles(pdf(`m${i}.pdf`));
      await expect.poll(() => visibleText(card.locator(".ant-select"))).toContain("（v1");
    }
    await shot(liu, "apply-materials");
    await liu.getByRole("button", { name: "下一步" }).click();
    await liu.getByText("表单内容", { exact: true }).waitFor();
    text = await mainText(liu);
    for (const expected of [ENTERPRISE, STORED, "158****5351", "材料库"]) expect(text).toContain(expected);
    await shot(liu, "apply-review");
    await liu.getByRole("button", { name: "提交申请" }).click();

    // 5. The progress diagram: the licence stage open at the 市场监督管理局, the five items waiting.
    await liu.waitForURL((u) => /^\/space\/chains\/[0-9a-f-]{36}$/.test(u.pathname));
    await liu.getByText("申请已提交，各部门将按环节办理。").waitFor();
    const progressUrl = new URL(liu.url()).pathname;
    const licence = itemCard(liu, LICENCE_ITEM);
    expect(await licence.getAttribute("data-outcome")).toBe("open");
    const caseNo = (await visibleText(licence.getByRole("link"))).trim();
    expect(caseNo).toMatch(/^YGSJ-\d{8}-\d{6}$/);
    expect(await liu.locator('[data-outcome="waiting"]').count()).toBe(5);
    text = await mainText(liu);
    for (const expected of ["办理中", "承诺 1 个工作日", "剩余", "云港市市场监督管理局", "撤回"])
      expect(text).toContain(expected);
    await shot(liu, "progress-filed");

    // 6. The department handles the licence case; its page shows the chain it belongs to.
    const clerk = await newVisitor(browser);
    await signIn(clerk, DEMO.fengXiao.phone, undefined, { returnTo: "/workbench" });
    await openFromQueue(clerk, "待受理", caseNo);
    text = await mainText(clerk);
    expect(text).toContain(`所属一件事：${CHAIN_NAME}`);
    expect(text).toContain(ENTERPRISE);
    await shot(clerk, "clerk-opens-chain-case");
    await button(await actionForm(clerk, "accept", "受理"), "受理").click();
    await doneOnWorkbench(clerk, "受理");

    const reviewer = await newVisitor(browser);
    await signIn(reviewer, DEMO.zhuLixin.phone, undefined, { returnTo: "/workbench" });
    await openFromQueue(reviewer, "我的待办", caseNo);
    const review = await actionForm(reviewer, "review", "审查");
    await review.getByRole("textbox").fill("材料齐全，符合法定形式");
    await review.getByRole("button", { name: "审查通过" }).click();
    await doneOnWorkbench(reviewer, "审查");

    const approver = await newVisitor(browser);
    await signIn(approver, DEMO.kongDeming.phone, undefined, { returnTo: "/workbench" });
    await openFromQueue(approver, "我的待办", caseNo);
    const decide = await actionForm(approver, "decide", "作出决定");
    await decide
      .getByRole("textbox")
      .fill("符合《中华人民共和国市场主体登记管理条例》规定的登记条件，准予登记");
    await decide.getByRole("button", { name: "准予许可" }).click();
    await doneOnWorkbench(approver, "作出决定");

    await openFromQueue(clerk, "我的待办", caseNo);
    await button(await actionForm(clerk, "conclude", "办结"), "办结").click();
    text = await doneOnWorkbench(clerk, "办结");
    expect(text).toContain("已办结");
    // The panel follows: the licence approved, the five cases of the new enterprise started.
    expect(await itemCard(clerk, LICENCE_ITEM).getAttribute("data-outcome")).toBe("approved");
    expect(await clerk.locator('[data-outcome="open"]').count()).toBe(5);
    await shot(clerk, "clerk-concluded-chain-case");

    // 7. 刘洋, on his phone: the licence stage green, five parallel cases open, each with its number.
    const phone = await newVisitor(browser, { viewport: { width: 375, height: 812 } });
    await signIn(phone, LIU.phone);
    await phone.goto("/space/chains");
    await phone.getByRole("link", { name: /^YJS-/ }).first().waitFor();
    await phone.goto(progressUrl);
    await phone.getByText("办理进度", { exact: false }).first().waitFor();
    await hydrated(phone);
    expect(await itemCard(phone, LICENCE_ITEM).getAttribute("data-outcome")).toBe("approved");
    const open = phone.locator('[data-outcome="open"]');
    expect(await open.count()).toBe(5);
    for (let i = 0; i < 5; i++)
      expect(await visibleText(open.nth(i))).toMatch(/办件编号：[A-Z]+-\d{8}-\d{6}/);
    text = await mainText(phone);
    for (const expected of ["已通过", "已完成", "公章刻制", "银行"]) expect(text).toContain(expected);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(phone, "progress-licence-approved");

    for (const page of [liu, clerk, reviewer, approver, phone]) expect(pageErrors(page)).toEqual([]);
  }, 300_000);
});
