import { createHmac } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resultPdf } from "./result-pdf.ts";
import { checkSignature } from "./webhook-receiver.ts";

// npm run check:deps does not look at examples/, so the rule that makes this a fair example is checked here:
// the simulator's code imports node built-ins, openid-client and its own files, nothing of the platform.
const dir = new URL("./", import.meta.url);
const sources = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));

describe("the department simulator stands alone", () => {
  it.each(sources)("%s imports only node:, openid-client and its own folder", (file) => {
    const text = readFileSync(new URL(file, dir), "utf8");
    const specifiers = [...text.matchAll(/\bfrom\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g)].map(
      (m) => m[1] ?? m[2],
    );
    const foreign = specifiers.filter(
      (s) => !(s.startsWith("node:") || s === "openid-client" || /^\.\/[\w-]+\.ts$/.test(s)),
    );
    expect(foreign).toEqual([]);
  });
});

describe("its pieces", () => {
  it("writes a PDF whose cross-reference table points at its objects", () => {
    const pdf = resultPdf(["Tongban result (test)", "Case: YGSJ-20260303-000001", "名称 non-ASCII"]).toString(
      "latin1",
    );
    expect(pdf.startsWith("%PDF-1.4\n")).toBe(true);
    expect(pdf.trimEnd().endsWith("%%EOF")).toBe(true);
    const startxref = Number(/startxref\n(\d+)/.exec(pdf)![1]);
    expect(pdf.slice(startxref, startxref + 4)).toBe("xref");
    const offsets = [...pdf.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    expect(offsets.map((o, i) => pdf.slice(o, o + `${i + 1} 0 obj`.length))).toEqual(
      offsets.map((_o, i) => `${i + 1} 0 obj`),
    );
    expect(pdf).toContain("(Tongban result \\(test\\)) Tj");
    expect(resultPdf(["a", "b"]).equals(resultPdf(["a", "b"]))).toBe(true);
  });

  it("checks a signature like the platform signs it, within five minutes", () => {
    const body = Buffer.from('{"id":"1"}');
    const now = 1_780_000_000;
    const sig = `v1=${createHmac("sha256", "whsec_x").update(`${now}.${body}`).digest("hex")}`;
    expect(checkSignature("whsec_x", String(now), body, sig, now * 1000)).toBe("ok");
    expect(checkSignature("whsec_y", String(now), body, sig, now * 1000)).toBe("mismatch");
    expect(checkSignature("whsec_x", String(now), body, sig, (now + 301) * 1000)).toBe("expired");
    expect(checkSignature("whsec_x", "yesterday", body, sig, now * 1000)).toBe("malformed");
    expect(checkSignature("whsec_x", String(now), Buffer.from('{"id":"2"}'), sig, now * 1000)).toBe(
      "mismatch",
    );
  });
});
