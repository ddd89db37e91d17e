import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  actionForm,
  button,
  DEMO,
  doneOnWorkbench,
  fileCaseAs,
  hydrated,
  launchBrowser,
  mainText,
  newVisitor,
  openFromQueue,
  openUseCases,
  pageErrors,
  shot,
  signIn,
  type UseCases,
  visibleText,
} from "./support/index.ts";

/*
 * One case of 企业设立登记 (YGSJ-DJ-001, 云港市市场监督管理局: 受理 → 登记审查 → 核准登记 → 发照, issuing a
 * 营业执照) from the individual 张伟's online application to the licence in his space, each step done in the
 * browser by the person whose job it is.
 */
const ITEM = "YGSJ-DJ-001";
const PROBLEM = "章程缺少全体股东签字页，请补充签字后重新上传";

let browser: Browser;
let uc: UseCases;
let filed: { caseId: string; caseNo: string };

beforeAll(async () => {
  browser = await launchBrowser();
  uc = await openUseCases();
  // No page files applications yet: 张伟 files online through the real use cases (materials, then the case).
  filed = await fileCaseAs(uc, DEMO.zhangWei, ITEM, {
    enterpriseName: "云港市伟业文化传媒有限公司",
    enterpriseType: "有限责任公司",
    address: "云港市解放东路88号",
    registeredCapital: 50,
    businessScope: "文化艺术交流活动策划；广告设计、制作",
    legalRepName: "张伟",
    legalRepIdNumber: "320999198703227132",
    contactPhone: DEMO.zhangWei.phone,
  });
});

afterAll(async () => {
  await browser?.close();
  await uc?.close();
});

/** Opens a case from the table of the space (the page the applicant is on). */
async function openInSpace(page: Page, c: { caseId: string; caseNo: string }): Promise<void> {
  await hydrated(page);
  // The overview may list the case more than once (waiting for the applicant, recent messages).
  await page.getByRole("link", { name: c.caseNo, exact: true }).first().click();
  await page.getByText("办理进度", { exact: true }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/space/cases/${c.caseId}`);
}

describe("case handling", () => {
  it("goes from 张伟's application through notice, supplement, review and decision to his licence", async () => {
    // 1–2. The clerk finds the new case in 待受理 and sends one notice listing what is wrong (before acceptance).
    const clerk = await newVisitor(browser);
    await signIn(clerk, DEMO.fengXiao.phone, undefined, { returnTo: "/workbench" });
    await openFromQueue(clerk, "待受理", filed.caseNo);
    let text = await mainText(clerk);
    expect(text).toContain("企业设立登记（营业执照核发）");
    expect(text).toContain("已申报");
    expect(text).toContain("公司章程");
    await shot(clerk, "clerk-opens-case");

    const notice = await actionForm(clerk, "requestSupplement", "一次性补正告知");
    await notice.getByRole("checkbox", { name: /^公司章程/ }).check();
    await notice.getByRole("textbox", { name: "公司章程 需要补正的内容" }).fill(PROBLEM);
    await notice.getByRole("button", { name: "一次性补正告知" }).click();
    text = await doneOnWorkbench(clerk, "一次性补正告知");
    expect(text).toContain("待补正");
    expect(text).toContain(PROBLEM);
    await shot(clerk, "clerk-sent-notice");

    // 3. 张伟, on his phone, opens the case from his space, reads the notice and answers it.
    const zhang = await newVisitor(browser, { viewport: { width: 390, height: 844 } });
    await signIn(zhang, DEMO.zhangWei.phone);
    await openInSpace(zhang, filed);
    text = await mainText(zhang);
    expect(text).toContain(filed.caseNo);
    expect(text).toContain("云港市市场监督管理局");
    expect(text).toContain("待补正");
    expect(text).toContain("请补正材料");
    expect(text).toContain(`公司章程：${PROBLEM}`);
    expect(text).toContain("补正告知");
    expect(await zhang.getByRole("checkbox", { name: "公司章程" }).isChecked()).toBe(true);
    expect(await zhang.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(zhang, "zhang-wei-sees-notice");

    await zhang.getByRole("button", { name: "提交补正" }).click();
    await zhang.getByText("补正材料已提交，办件将继续办理。").waitFor();
    text = await mainText(zhang);
    expect(text).toContain("已申报");
    expect(text).toContain("补交：公司章程");
    expect(text).not.toContain("请补正材料");
    await shot(zhang, "zhang-wei-answered");

    // The clerk accepts the corrected application: the legal clock starts.
    await openFromQueue(clerk, "待受理", filed.caseNo);
    await button(await actionForm(clerk, "accept", "受理"), "受理").click();
    text = await doneOnWorkbench(clerk, "受理");
    expect(text).toContain("审查中");
    expect(text).toMatch(/剩余 \d+ 个工作日/);
    await shot(clerk, "clerk-accepted");

    // 4. The reviewer passes the review from 我的待办.
    const reviewer = await newVisitor(browser);
    await signIn(reviewer, DEMO.zhuLixin.phone, undefined, { returnTo: "/workbench" });
    await openFromQueue(reviewer, "我的待办", filed.caseNo);
    const review = await actionForm(reviewer, "review", "审查");
    await review.getByRole("textbox").fill("材料齐全，符合法定形式");
    await review.getByRole("button", { name: "审查通过" }).click();
    text = await doneOnWorkbench(reviewer, "审查");
    expect(text).toContain("核准登记");
    await shot(reviewer, "reviewer-passed");

    // 5. The approver approves.
    const approver = await newVisitor(browser);
    await signIn(approver, DEMO.kongDeming.phone, undefined, { returnTo: "/workbench" });
    await openFromQueue(approver, "我的待办", filed.caseNo);
    const decide = await actionForm(approver, "decide", "作出决定");
    await decide
      .getByRole("textbox")
      .fill("符合《中华人民共和国市场主体登记管理条例》规定的登记条件，准予登记");
    await decide.getByRole("button", { name: "准予许可" }).click();
    text = await doneOnWorkbench(approver, "作出决定");
    expect(text).toContain("已决定");
    await shot(approver, "approver-decided");

    // 6. The conclude step (发照) is the clerk's: she concludes and the licence is issued.
    await openFromQueue(clerk, "我的待办", filed.caseNo);
    await button(await actionForm(clerk, "conclude", "办结"), "办结").click();
    text = await doneOnWorkbench(clerk, "办结");
    expect(text).toContain("已办结");
    await shot(clerk, "clerk-concluded");

    // 7. 张伟 sees the case concluded and his licence with its number.
    await zhang.goto("/space/cases");
    expect(await visibleText(zhang.locator("tr", { hasText: filed.caseNo }))).toContain("已办结");
    await openInSpace(zhang, filed);
    const [issued] = await uc
      .ctx()
      .em.getConnection()
      .execute<{ number: string }[]>("select number from result where case_id = ?", [filed.caseId], "all");
    expect(issued?.number).toMatch(/^YGSJ-BUSINESS_LICENSE-\d{4}-\d{6}$/);
    text = await mainText(zhang);
    for (const expected of [
      "已办结",
      "准予许可",
      "营业执照",
      issued!.number,
      "长期",
      "有效",
      "提交申请",
      "补正告知",
      "补交材料",
      "受理",
      "审查通过",
      "作出决定",
      "办结",
      "办理结果：准予许可",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("撤回申请");
    expect(await zhang.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(zhang, "zhang-wei-licence");

    for (const page of [clerk, zhang, reviewer, approver]) expect(pageErrors(page)).toEqual([]);
  });
});
