import { describe, expect, it } from "vitest";
import { ZServiceItemInput } from "../../catalog/catalog.schema.ts";
import { isValidUscc } from "../../enterprises/uscc.ts";
import { isValidIdNumber } from "../../persons/id-number.ts";
import { centers } from "./centers.ts";
import { chainItemCodes } from "./chain-items.ts";
import { departments } from "./departments.ts";
import { enterprises } from "./enterprises.ts";
import { serviceItems } from "./items.ts";
import { persons } from "./persons.ts";
import { regions } from "./regions.ts";
import { staff } from "./staff.ts";
import type { StaffRole } from "./types.ts";
import { windows } from "./windows.ts";

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

const itemCodes = new Set(serviceItems.map((i) => i.code));
const deptCodes = new Set(departments.map((d) => d.code));
const personKeys = new Set(persons.map((p) => p.key));
const regionCodes = new Set(regions.map((r) => r.code));
const centerCodes = new Set(centers.map((c) => c.code));
const windowCodes = new Set(windows.map((w) => w.code));

describe("regions", () => {
  it("has one city, two towns and four villages with unique codes", () => {
    expect(duplicates(regions.map((r) => r.code))).toEqual([]);
    expect(regions.filter((r) => r.level === "city")).toHaveLength(1);
    expect(regions.filter((r) => r.level === "town")).toHaveLength(2);
    expect(regions.filter((r) => r.level === "village")).toHaveLength(4);
  });

  it("codes are 6/9/12 digits by level and start with their parent's code", () => {
    const len = { city: 6, town: 9, village: 12 } as const;
    for (const r of regions) {
      expect(r.code, r.name).toMatch(new RegExp(`^\\d{${len[r.level]}}$`));
      if (r.parentCode === null) {
        expect(r.level).toBe("city");
      } else {
        expect(regionCodes.has(r.parentCode), r.name).toBe(true);
        expect(r.code.startsWith(r.parentCode), r.name).toBe(true);
      }
    }
  });
});

describe("departments, centres and windows", () => {
  it("has at least 12 city departments and a department per town", () => {
    expect(departments.filter((d) => d.level === "city").length).toBeGreaterThanOrEqual(12);
    for (const town of regions.filter((r) => r.level === "town")) {
      expect(
        departments.some((d) => d.level === "town" && d.regionCode === town.code),
        town.name,
      ).toBe(true);
    }
  });

  it("department codes are unique uppercase letters and USCCs are valid 机关 codes", () => {
    expect(duplicates(departments.map((d) => d.code))).toEqual([]);
    expect(duplicates(departments.map((d) => d.uscc))).toEqual([]);
    for (const d of departments) {
      expect(d.code).toMatch(/^[A-Z]{2,10}$/);
      expect(isValidUscc(d.uscc), d.name).toBe(true);
      expect(d.uscc.startsWith("11"), d.name).toBe(true);
      expect(regionCodes.has(d.regionCode), d.name).toBe(true);
      if (d.parentCode !== null) expect(deptCodes.has(d.parentCode), d.name).toBe(true);
    }
  });

  it("centres and windows reference existing rows", () => {
    expect(duplicates(centers.map((c) => c.code))).toEqual([]);
    expect(duplicates(windows.map((w) => w.code))).toEqual([]);
    for (const c of centers) {
      expect(regionCodes.has(c.regionCode), c.name).toBe(true);
      if (c.parentCode !== null) expect(centerCodes.has(c.parentCode), c.name).toBe(true);
    }
    expect(centers.filter((c) => c.level === "village")).toHaveLength(4);
    for (const w of windows) {
      expect(centerCodes.has(w.centerCode), w.code).toBe(true);
      expect(w.departmentCodes.length, w.code).toBeGreaterThan(0);
      if (w.kind === "department") expect(w.departmentCodes, w.code).toHaveLength(1);
      for (const d of w.departmentCodes) expect(deptCodes.has(d), `${w.code} → ${d}`).toBe(true);
    }
  });

  it("every town centre has a comprehensive window", () => {
    for (const c of centers.filter((x) => x.level === "town")) {
      expect(
        windows.some((w) => w.centerCode === c.code && w.kind === "comprehensive"),
        c.name,
      ).toBe(true);
    }
  });
});

describe("service items", () => {
  it("has at least 30 items with unique codes", () => {
    expect(serviceItems.length).toBeGreaterThanOrEqual(30);
    expect(duplicates(serviceItems.map((i) => i.code))).toEqual([]);
  });

  it.each(serviceItems.map((i) => [i.code, i] as const))(
    "%s parses with ZServiceItemInput",
    (_code, item) => {
      const parsed = ZServiceItemInput.safeParse(item);
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    },
  );

  it("items belong to existing departments, some to towns", () => {
    for (const i of serviceItems) expect(deptCodes.has(i.departmentCode), i.code).toBe(true);
    const townDepts = new Set(departments.filter((d) => d.level === "town").map((d) => d.code));
    expect(serviceItems.filter((i) => townDepts.has(i.departmentCode)).length).toBeGreaterThanOrEqual(3);
  });

  it("time limits, materials, flows and fees are sensible", () => {
    for (const i of serviceItems) {
      expect(i.promisedDays, i.code).toBeLessThanOrEqual(i.statutoryDays);
      expect(i.materials.length, i.code).toBeGreaterThanOrEqual(2);
      expect(i.materials.length, i.code).toBeLessThanOrEqual(8);
      expect(duplicates(i.materials.map((m) => m.code)), i.code).toEqual([]);
      expect(i.fee.basis ?? "", i.code).not.toBe("");
      const steps = i.flowTemplate.steps.map((s) => s.code);
      expect(duplicates(steps), i.code).toEqual([]);
      expect(steps[0], i.code).toBe("accept");
      expect(steps.at(-1), i.code).toBe("conclude");
      if (i.handlingType === "escalated") expect(steps, i.code).toContain("escalate");
    }
  });

  it("every accepted result type is issued by some item", () => {
    const issued = new Set(serviceItems.flatMap((i) => (i.resultType ? [i.resultType.code] : [])));
    for (const i of serviceItems) {
      for (const m of i.materials) {
        for (const t of m.acceptedResultTypes ?? [])
          expect(issued.has(t), `${i.code}/${m.code} → ${t}`).toBe(true);
      }
    }
  });

  it("a result type code always carries the same name", () => {
    const names = new Map<string, string>();
    for (const i of serviceItems) {
      if (!i.resultType) continue;
      const known = names.get(i.resultType.code);
      if (known) expect(i.resultType.name, i.code).toBe(known);
      else names.set(i.resultType.code, i.resultType.name);
    }
  });

  it("forms are objects with 3-10 titled properties and a valid required list", () => {
    for (const i of serviceItems) {
      const props = i.formSchema.properties as Record<string, { title?: string }>;
      const names = Object.keys(props);
      expect(names.length, i.code).toBeGreaterThanOrEqual(3);
      expect(names.length, i.code).toBeLessThanOrEqual(10);
      for (const n of names) expect(props[n].title, `${i.code}.${n}`).toBeTruthy();
      const required = (i.formSchema.required ?? []) as string[];
      expect(required.length, i.code).toBeGreaterThan(0);
      for (const r of required) expect(names, `${i.code} requires ${r}`).toContain(r);
    }
  });

  it("a shared property name means the same thing in every form", () => {
    const seen = new Map<string, string>();
    for (const i of serviceItems) {
      const props = i.formSchema.properties as Record<string, { type?: string }>;
      for (const [name, schema] of Object.entries(props)) {
        const t = String(schema.type);
        const known = seen.get(name);
        if (known) expect(t, `${i.code}.${name}`).toBe(known);
        else seen.set(name, t);
      }
    }
  });
});

describe("chains", () => {
  it("every chain stage names existing items, each item once", () => {
    for (const [chain, stages] of Object.entries(chainItemCodes)) {
      expect(stages.length, chain).toBeGreaterThanOrEqual(2);
      const all = stages.flat();
      expect(duplicates(all), chain).toEqual([]);
      for (const stage of stages) {
        expect(stage.length, chain).toBeGreaterThan(0);
        for (const code of stage) expect(itemCodes.has(code), `${chain} → ${code}`).toBe(true);
      }
    }
  });

  it("later stages can reuse results of earlier stages", () => {
    const byCode = new Map(serviceItems.map((i) => [i.code, i]));
    const gcjsPermit = byCode.get("YGZJ-SG-001")!;
    expect(gcjsPermit.materials.flatMap((m) => m.acceptedResultTypes ?? [])).toContain(
      "CONSTRUCTION_PLANNING_PERMIT",
    );
    const filing = byCode.get("YGZJ-BA-001")!;
    const accepted = filing.materials.flatMap((m) => m.acceptedResultTypes ?? []);
    for (const code of chainItemCodes.jgys[0]) {
      expect(accepted, code).toContain(byCode.get(code)!.resultType!.code);
    }
    const transfer = byCode.get("YGBDC-ZY-001")!;
    const transferAccepted = transfer.materials.flatMap((m) => m.acceptedResultTypes ?? []);
    expect(transferAccepted).toContain("HOUSE_CONTRACT_FILING");
    expect(transferAccepted).toContain("DEED_TAX_CERT");
  });
});

describe("persons and enterprises", () => {
  it("has at least 40 persons with unique keys, valid ID numbers and unique phones", () => {
    expect(persons.length).toBeGreaterThanOrEqual(40);
    expect(duplicates(persons.map((p) => p.key))).toEqual([]);
    expect(duplicates(persons.map((p) => p.idNumber))).toEqual([]);
    expect(duplicates(persons.map((p) => p.phone))).toEqual([]);
    for (const p of persons) {
      expect(p.key).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(isValidIdNumber(p.idNumber), p.key).toBe(true);
      expect(p.phone, p.key).toMatch(/^1[3-9]\d{9}$/);
      expect(p.address.startsWith("云港市"), p.key).toBe(true);
    }
  });

  it("has at least 12 enterprises with valid unique USCCs and resolvable members", () => {
    expect(enterprises.length).toBeGreaterThanOrEqual(12);
    expect(duplicates(enterprises.map((e) => e.uscc))).toEqual([]);
    for (const e of enterprises) {
      expect(isValidUscc(e.uscc), e.name).toBe(true);
      expect(personKeys.has(e.legalRepKey), e.name).toBe(true);
      const reps = e.members.filter((m) => m.role === "legal_rep");
      expect(
        reps.map((m) => m.personKey),
        e.name,
      ).toEqual([e.legalRepKey]);
      for (const m of e.members) {
        expect(personKeys.has(m.personKey), `${e.name}/${m.personKey}`).toBe(true);
        if (m.validTo !== null) expect(m.validTo > m.validFrom, `${e.name}/${m.personKey}`).toBe(true);
        if (m.scope !== "all") {
          expect(m.scope.length).toBeGreaterThan(0);
          for (const code of m.scope)
            expect(itemCodes.has(code), `${e.name}/${m.personKey} → ${code}`).toBe(true);
        }
      }
    }
  });

  it("includes an expired and a still-valid time-limited agent delegation", () => {
    const agents = enterprises.flatMap((e) => e.members.filter((m) => m.role === "agent"));
    const today = "2026-01-01";
    expect(agents.some((m) => m.validTo !== null && m.validTo < today)).toBe(true);
    expect(agents.some((m) => m.validTo !== null && m.validTo > "2027-01-01")).toBe(true);
    expect(agents.some((m) => Array.isArray(m.scope))).toBe(true);
  });
});

describe("staff", () => {
  it("references existing persons, departments and windows; clerks sit at a window", () => {
    for (const s of staff) {
      expect(personKeys.has(s.personKey), s.personKey).toBe(true);
      expect(deptCodes.has(s.departmentCode), s.personKey).toBe(true);
      if (s.windowCode !== null) expect(windowCodes.has(s.windowCode), s.personKey).toBe(true);
      if (s.roles.includes("clerk")) expect(s.windowCode, s.personKey).not.toBeNull();
    }
    expect(duplicates(staff.map((s) => `${s.personKey}@${s.departmentCode}`))).toEqual([]);
  });

  it("every department has a clerk, a reviewer, an approver and a dept_admin", () => {
    const needed: StaffRole[] = ["clerk", "reviewer", "approver", "dept_admin"];
    for (const d of departments) {
      const roles = new Set(staff.filter((s) => s.departmentCode === d.code).flatMap((s) => s.roles));
      for (const r of needed) expect(roles.has(r), `${d.code} ${r}`).toBe(true);
    }
  });

  it("has supervisors and a platform administrator", () => {
    expect(staff.filter((s) => s.roles.includes("supervisor")).length).toBeGreaterThanOrEqual(1);
    expect(staff.filter((s) => s.roles.includes("admin")).length).toBeGreaterThanOrEqual(1);
  });
});
