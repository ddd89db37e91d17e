import { makeUscc } from "../enterprises/uscc.ts";
import { makeIdNumber } from "../persons/id-number.ts";

/** Plausible form data for demo cases, driven by the item's JSON Schema and the applicant. */
export interface FillSubject {
  personName: string;
  idNumber: string;
  phone: string;
  address: string;
  enterprise?: { name: string; uscc: string; legalRepName: string; address: string; type: string };
}

type Prop = {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: Prop;
};

/** A tiny deterministic generator, so the demo city is the same on every machine. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROJECTS = [
  "云港港城花园二期",
  "临江智能制造产业园",
  "青山湖生态休闲中心",
  "云港新区人才公寓",
  "滨江物流仓储中心",
];
const ROADS = ["人民路", "港城大道", "临江路", "青山北路", "长江东路", "科创路"];

/** Fills every property the schema defines; values match the shared field names' formats. */
export function fillForm(
  schema: Record<string, unknown>,
  s: FillSubject,
  rnd: () => number,
  onDate: string,
): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, Prop>;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const n = (lo: number, hi: number) => Math.round(lo + rnd() * (hi - lo));
  const known: Record<string, () => unknown> = {
    enterpriseName: () => s.enterprise?.name ?? `${s.personName}个体经营部`,
    uscc: () => s.enterprise?.uscc,
    legalRepName: () => s.enterprise?.legalRepName ?? s.personName,
    legalRepIdNumber: () => s.idNumber,
    address: () => s.enterprise?.address ?? s.address,
    contactName: () => s.personName,
    contactPhone: () => s.phone,
    applicantName: () => s.personName,
    idNumber: () => s.idNumber,
    householdAddress: () => s.address,
    email: () => `demo${n(100, 999)}@example.cn`,
    projectName: () => pick(PROJECTS),
    projectCode: () =>
      `${onDate.slice(0, 4)}-320999-${n(10, 99)}-0${n(1, 3)}-${String(n(1, 999999)).padStart(6, "0")}`,
    projectAddress: () => `云港市${pick(ROADS)}${n(1, 300)}号`,
    propertyAddress: () => `云港市${pick(ROADS)}${n(1, 300)}号${n(1, 30)}幢${n(1, 30)}0${n(1, 4)}室`,
    propertyUnitNo: () =>
      `320999${String(n(100000, 999999))}GB${String(n(10000, 99999))}F${String(n(10000000, 99999999))}`,
    buyerName: () => s.personName,
    buyerIdNumber: () => s.idNumber,
    sellerName: () => pick(["赵建国", "钱玉兰", "孙志强"]),
    sellerIdNumber: () => makeIdNumber("320999", "19700101", 123),
    contractorName: () => "云港建工集团有限公司",
    completionDate: () => onDate,
    businessScope: () => "一般项目：技术服务、技术开发、技术咨询；日用百货销售",
  };
  const out: Record<string, unknown> = {};
  for (const [key, p] of Object.entries(props)) {
    const k = known[key]?.();
    if (k !== undefined && k !== null) {
      out[key] = k;
      continue;
    }
    const v = byShape(p);
    if (v !== undefined) out[key] = v;
  }
  return out;

  function byShape(p: Prop): unknown {
    if (p.enum?.length) return pick(p.enum);
    if (p.type === "array") {
      const size = Math.max(p.minItems ?? 1, 1);
      const items = p.items ?? {};
      if (items.enum?.length) {
        const choices = items.enum;
        return [...new Set(Array.from({ length: size + 1 }, () => pick(choices)))].slice(0, size);
      }
      return Array.from({ length: size }, () => byShape(items) ?? "详见申请材料");
    }
    if (p.type === "integer" || p.type === "number") {
      const lo = p.minimum ?? 1;
      return n(lo, p.maximum ?? lo + (lo >= 1000 ? 5 : 500));
    }
    if (p.type === "boolean") return true;
    if (p.format === "date") return onDate;
    if (p.format === "email") return `demo${n(100, 999)}@example.cn`;
    if (p.type !== "string") return undefined;
    if (!p.pattern) return "详见申请材料";
    if (p.pattern.includes("1[3-9]")) return s.phone;
    if (p.pattern.includes("\\d{17}"))
      return makeIdNumber("320999", `19${n(60, 99)}0${n(1, 9)}1${n(0, 9)}`, n(100, 999));
    if (p.pattern.includes("HJ-N")) return s.enterprise?.uscc ?? makeUscc(`91320999MA${n(1000000, 9999999)}`);
    const digits = p.pattern.match(/^\^\\d\{(\d+)(,\d+)?\}\$$/);
    if (digits) return Array.from({ length: Number(digits[1]) }, () => n(0, 9)).join("");
    return undefined;
  }
}
