import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { mainText } from "./browser.ts";
import { hydrated } from "./workbench.ts";

/** A temporary folder of small valid PDFs for file inputs: `pdf(name)` writes one and returns its path. */
export function pdfFixtures(): (name: string) => string {
  const dir = mkdtempSync(path.join(tmpdir(), "tongban-e2e-"));
  return (name) => {
    const file = path.join(dir, name);
    writeFileSync(
      file,
      "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
      "latin1",
    );
    return file;
  };
}

/**
 * Stores a file in the signed-in identity's library through 我的材料, waits for the confirmation and returns the
 * page's text (which lists the new material as "title（v1）").
 */
export async function storeInLibrary(page: Page, title: string, file: string): Promise<string> {
  await page.goto("/space/materials");
  await hydrated(page);
  const upload = page.locator("form", { has: page.locator('input[name="intent"][value="upload"]') });
  await upload.locator('input[name="title"]').fill(title);
  await upload.locator('input[type="file"]').setInputFiles(file);
  await upload.getByRole("button", { name: /^上\s*传$/ }).click();
  await page.getByText("材料已上传。").waitFor();
  return mainText(page);
}

/** The card of one material on an apply page's materials step. */
export const requirementCard = (page: Page, name: string): Locator =>
  page.locator(".ant-card").filter({ has: page.locator(".ant-card-head-title", { hasText: name }) });
