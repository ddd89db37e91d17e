/**
 * Helpers for browser journeys (e2e/*.e2e.ts, run by `npm run test:e2e`).
 *
 * The harness (global-setup.ts) has already built the app, seeded the demo city 云港市 into a fresh
 * database and started the server; a journey drives Debian's Chromium against it:
 *
 *   let browser: Browser;
 *   beforeAll(async () => { browser = await launchBrowser(); });
 *   afterAll(async () => { await browser?.close(); });
 *
 *   it("...", async () => {
 *     const page = await newVisitor(browser);           // one per person: own cookies, base URL set
 *     await signIn(page, DEMO.zhouMin.phone);           // real sign-in pages; DEMO_PASSWORD by default
 *     await signIn(page2, DEMO.sunHao.phone, undefined, { actAs: "港城网络" }); // act for an enterprise
 *     await page.goto("/workbench");
 *     await shot(page, "workbench");                    // e2e/screenshots/<journey>/NN-workbench.png
 *     expect(await mainText(page)).toContain("...");    // assert real visible text (also headerText,
 *                                                       // visibleText(locator))
 *     expect(pageErrors(page)).toEqual([]);             // no script errors (hydration, uncaught)
 *   });
 *
 * The journeys share one server and database, and run one file at a time, in order. They see each
 * other's changes: a journey that changes data should create or pick its own (e.g. a case of its own)
 * rather than rely on counts. e2eRun() gives the database URL for checks that pages cannot show;
 * openUseCases() runs the real use cases against it for what no page does yet (fileCaseAs: an online
 * application with its materials).
 * The server runs with NODE_ENV=production, so the development SMS mailbox is off: sign in by password.
 */
export {
  e2eRun,
  headerText,
  launchBrowser,
  mainText,
  newVisitor,
  pageErrors,
  shot,
  switchLanguage,
  visibleText,
} from "./browser.ts";
export { DEMO, DEMO_PASSWORD, type DemoAccount } from "./demo.ts";
export { pdfFixtures, requirementCard, storeInLibrary } from "./materials.ts";
export type { E2eRun } from "./run-env.ts";
export { type SignInOptions, signIn } from "./sign-in.ts";
export { fileCaseAs, openUseCases, type UseCases } from "./use-cases.ts";
export { actionForm, button, doneOnWorkbench, hydrated, openFromQueue } from "./workbench.ts";
