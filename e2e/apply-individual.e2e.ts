import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  actionForm,
  DEMO,
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
 * The individual 王秀珍 applies online for 个体工商户设立登记 (YGSJ-DJ-003, 云港市市场监督管理局), the signed
 * application form taken from her material library; 冯晓, the department's clerk, sends a one-time supplement
 * notice about the premises proof; 王秀珍 reads it, answers with a corrected file from her library, and the
 * clerk accepts the case.
 */
const ITEM = "YGSJ-DJ-003";
const ITEM_NAME = "个体工商户设立登记";
const RUN = Date.now().toString(36);
/** Her library materials; unique to this run so the choices below are unambiguous. */
const STORED = `个体工商户登记申请书（竹园小卖部 ${RUN}）`;
const CORRECTED = `经营场所租赁协议（补签 ${RUN}）`;
const PROBLEM = "租赁协议缺少出租方签字，请补签后重新提交";
const SCOPE = "日用百货、预包装食品零售";

let browser: Browser;

const pdf = pdfFixtures();

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("online application by an individual", () => {
  it("王秀珍 applies reusing a stored material, answers a supplement notice from her library and is accepted", async () => {
    const wang = await newVisitor(browser);
    await signIn(wang, DEMO.wangXiuzhen.phone);

    // 1. She stores the signed application form in her library.
    expect(await storeInLibrary(wang, STORED, pdf("application.pdf"))).toContain(`${STORED}（v1）`);
    await shot(wang, "library-stored");

    // 2. From the item's guide to the application; the form knows her name and address.
    await wang.goto(`/items/${ITEM}`);
    await wang.getByRole("heading", { name: ITEM_NAME, level: 2 }).waitFor();
    await hydrated(wang);
    await wang.getByRole("link", { name: "在线申办" }).click();
    await wang.waitForURL((u) => u.pathname === `/items/${ITEM}/apply`);
    await wang.getByRole("heading", { name: `在线申办：${ITEM_NAME}` }).waitFor();
    await hydrated(wang);
    let text = await mainText(wang);
    expect(text).toContain("王秀珍");
    expect(text).toMatch(/320999\*+7362|3209\*+7362/);
    expect(await wang.getByLabel("申请人姓名", { exact: true }).inputValue()).toBe("王秀珍");
    expect(await wang.getByLabel("住所（经营场所）", { exact: true }).inputValue()).toBe(
      "云港市青山镇竹园村二组9号",
    );
    // Her ID number and phone come from the registry, masked; the page never holds the clear numbers.
    for (const [label, pattern] of [
      ["公民身份号码", /^3209\*+7362$/],
      ["联系电话", /^135\*{4}2377$/],
    ] as const) {
      expect(await wang.getByLabel(label, { exact: true }).inputValue()).toMatch(pattern);
      expect(
        await wang.getByRole("checkbox", { name: new RegExp(`^${label}：使用我登记的`) }).isChecked(),
      ).toBe(true);
    }
    expect(await wang.content()).not.toContain("320999195208117362");
    expect(await wang.content()).not.toContain(DEMO.wangXiuzhen.phone);
    await wang.getByLabel("经营范围", { exact: true }).fill(SCOPE);
    await shot(wang, "form");
    await wang.getByRole("button", { name: "下一步" }).click();

    // 3. Materials: the application from her library, the other two uploaded.
    const application = requirement(wang, "个体工商户登记（备案）申请书");
    await application.waitFor();
    await application.locator(".ant-select").click();
    await wang.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: STORED }).click();
    await expect.poll(() => visibleText(application.locator(".ant-select"))).toContain(STORED);
    for (const [name, file] of [
      ["经营者身份证明", "id-card.pdf"],
      ["经营场所使用证明", "lease.pdf"],
    ] as const) {
      const card = requirement(wang, name);
      await card.locator('input[type="file"]').setInputFiles(pdf(file));
      await expect.poll(() => visibleText(card.locator(".ant-select"))).toContain("（v1");
    }
    await shot(wang, "materials");

    await wang.getByRole("button", { name: "下一步" }).click();
    await wang.getByText("表单内容", { exact: true }).waitFor();
    text = await mainText(wang);
    for (const expected of [SCOPE, "135****2377", "登记信息", STORED, "材料库"])
      expect(text).toContain(expected);
    await shot(wang, "review");
    await wang.getByRole("button", { name: "提交申请" }).click();
    await wang.waitForURL((u) => /^\/space\/cases\/[^/]+\/receipt$/.test(u.pathname));
    await wang.getByText("网上申报回执").waitFor();
    text = await mainText(wang);
    const caseNo = /办件编号\s*([A-Z]+-\d{8}-\d{6})/.exec(text)?.[1];
    expect(caseNo, text).toBeTruthy();
    const caseId = /^\/space\/cases\/([^/]+)\/receipt$/.exec(new URL(wang.url()).pathname)![1]!;
    expect(text).toContain(`${ITEM_NAME}（${ITEM}）`);
    expect(text).toContain("个体工商户登记（备案）申请书");
    await shot(wang, "receipt");

    // 4. 冯晓 finds it in 待受理 and sends one notice about the premises proof.
    const clerk = await newVisitor(browser);
    await signIn(clerk, DEMO.fengXiao.phone, undefined, { returnTo: "/workbench" });
    await openFromQueue(clerk, "待受理", caseNo!);
    text = await mainText(clerk);
    expect(text).toContain(ITEM_NAME);
    expect(text).toContain("王秀珍");
    expect(text).toContain("已申报");
    await shot(clerk, "clerk-opens-case");
    const notice = await actionForm(clerk, "requestSupplement", "一次性补正告知");
    await notice.getByRole("checkbox", { name: /^经营场所使用证明/ }).check();
    await notice.getByRole("textbox", { name: "经营场所使用证明 需要补正的内容" }).fill(PROBLEM);
    await notice.getByRole("button", { name: "一次性补正告知" }).click();
    await clerk.getByText("已完成：一次性补正告知").waitFor();
    text = await mainText(clerk);
    expect(text).toContain("待补正");
    expect(text).toContain(PROBLEM);
    await shot(clerk, "clerk-sent-notice");

    // 5. 王秀珍 reads it among her messages, stores the corrected lease, and answers from her case page.
    await wang.goto("/space/messages");
    const message = wang.locator(".ant-list-item", { hasText: caseNo! }).first();
    await message.waitFor();
    expect(await visibleText(message)).toContain(ITEM_NAME);
    expect(await mainText(wang)).toContain(PROBLEM);
    await shot(wang, "messages");

    expect(await storeInLibrary(wang, CORRECTED, pdf("lease-signed.pdf"))).toContain(`${CORRECTED}（v1）`);
    await wang.goto(`/space/cases/${caseId}`);
    await wang.getByText("办理进度", { exact: true }).waitFor();
    await hydrated(wang);
    text = await mainText(wang);
    expect(text).toContain("待补正");
    expect(text).toContain("请补正材料");
    expect(text).toContain(`经营场所使用证明：${PROBLEM}`);
    expect(await wang.getByRole("checkbox", { name: "经营场所使用证明" }).isChecked()).toBe(true);
    const answer = wang.locator("form", { has: wang.locator('input[name="intent"][value="supplement"]') });
    const fromLibrary = answer.locator('select[name="material.premises_proof"]');
    const corrected = await fromLibrary.locator("option", { hasText: CORRECTED }).getAttribute("value");
    await fromLibrary.selectOption(corrected!);
    await shot(wang, "answering-notice");
    await answer.getByRole("button", { name: "提交补正" }).click();
    await wang.getByText("补正材料已提交，办件将继续办理。").waitFor();
    text = await mainText(wang);
    expect(text).toContain("已申报");
    expect(text).toContain("补交：经营场所使用证明");
    expect(text).not.toContain("请补正材料");
    await shot(wang, "answered");

    // 6. The clerk accepts the corrected application.
    await openFromQueue(clerk, "待受理", caseNo!);
    const accept = await actionForm(clerk, "accept", "受理");
    await accept.getByRole("button", { name: /^受\s*理$/ }).click();
    await clerk.getByText("已完成：受理").waitFor();
    await shot(clerk, "clerk-accepted");

    // 7. 王秀珍 sees it accepted on her case page.
    await wang.goto(`/space/cases/${caseId}`);
    await wang.getByText("办理进度", { exact: true }).waitFor();
    text = await mainText(wang);
    // An instant item: accepted, now at the decision step, with its deadlines.
    for (const expected of ["已受理", "受理时间", "审核决定", "补交：经营场所使用证明", "承诺办结期限"])
      expect(text).toContain(expected);
    expect(text).not.toContain("请补正材料");
    expect(text).not.toContain("撤回申请");
    await shot(wang, "accepted");

    for (const page of [wang, clerk]) expect(pageErrors(page)).toEqual([]);
  });
});
