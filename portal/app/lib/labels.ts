import type {
  HANDLING_TYPES,
  ITEM_KINDS,
  ONLINE_DEPTHS,
  STEP_ROLES,
  TFlowTemplate,
  TMaterialRequirement,
} from "../../../registry/index.ts";
import type { MessageKey, TFunction } from "../i18n/index.ts";

// Catalog enums are Chinese data values; these maps give each one a message key so English pages
// translate them too. Unknown values (a newer catalog) are shown as stored.

const KIND_KEYS: Record<(typeof ITEM_KINDS)[number], MessageKey> = {
  行政许可: "kind.licensing",
  行政确认: "kind.confirmation",
  行政给付: "kind.payment",
  行政备案: "kind.filing",
  行政征收: "kind.levy",
  其他行政权力: "kind.otherPower",
  公共服务: "kind.publicService",
};

const DEPTH_KEYS: Record<(typeof ONLINE_DEPTHS)[number], MessageKey> = {
  全程网办: "depth.fullyOnline",
  网上预审: "depth.onlinePrecheck",
  网上申报: "depth.onlineDeclare",
  最多跑一次: "depth.atMostOnce",
  窗口办理: "depth.counterOnly",
};

const HANDLING_KEYS: Record<(typeof HANDLING_TYPES)[number], MessageKey> = {
  instant: "handling.instant",
  promised: "handling.promised",
  escalated: "handling.escalated",
  joint: "handling.joint",
};

const ROLE_KEYS: Record<(typeof STEP_ROLES)[number], MessageKey> = {
  clerk: "role.clerk",
  reviewer: "role.reviewer",
  approver: "role.approver",
  dept_admin: "role.dept_admin",
};

const FLOW_KEYS: Record<TFlowTemplate["type"], MessageKey> = {
  instant: "flow.instant",
  promised: "flow.promised",
  escalated: "flow.escalated",
  complex: "flow.complex",
};

const MATERIAL_FORM_KEYS: Record<TMaterialRequirement["form"], MessageKey> = {
  original: "materialForm.original",
  copy: "materialForm.copy",
  electronic: "materialForm.electronic",
};

function lookup(map: Record<string, MessageKey>, value: string, t: TFunction): string {
  const key = Object.hasOwn(map, value) ? map[value] : undefined;
  return key ? t(key) : value;
}

export const kindLabel = (kind: string, t: TFunction) => lookup(KIND_KEYS, kind, t);
export const depthLabel = (depth: string, t: TFunction) => lookup(DEPTH_KEYS, depth, t);
export const handlingLabel = (type: string, t: TFunction) => lookup(HANDLING_KEYS, type, t);
export const roleLabel = (role: string, t: TFunction) => lookup(ROLE_KEYS, role, t);
export const flowTypeLabel = (type: string, t: TFunction) => lookup(FLOW_KEYS, type, t);
export const materialFormLabel = (form: string, t: TFunction) => lookup(MATERIAL_FORM_KEYS, form, t);
export const subjectLabel = (subject: string, t: TFunction) =>
  subject === "person" ? t("subject.person") : subject === "enterprise" ? t("subject.enterprise") : subject;

/** Colour of the 网办深度 tag: greener the less the applicant has to travel. */
export function depthColor(depth: string): string {
  switch (depth) {
    case "全程网办":
      return "green";
    case "网上预审":
    case "网上申报":
      return "cyan";
    case "最多跑一次":
      return "blue";
    default:
      return "default";
  }
}

/** Amount in yuan with two decimals, from fen (分); integer arithmetic, no float rounding. */
export function yuanFromFen(fen: number): string {
  const whole = Math.trunc(fen / 100);
  const cents = Math.abs(fen % 100);
  return `${whole}.${String(cents).padStart(2, "0")}`;
}

const CHINA_DATE = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** YYYY-MM-DD in China time: the same on the server and in any browser, so hydration matches. */
export function chinaDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : CHINA_DATE.format(d);
}
