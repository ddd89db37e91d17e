import { centers } from "./centers.ts";
import type { SeedServiceItem } from "./types.ts";
import { windows } from "./windows.ts";

/**
 * Building blocks shared by the items-*.ts files: form fields (the same property names across items so
 * that forms can be prefilled and merged), materials, flow templates, service points and fees.
 */
type Material = SeedServiceItem["materials"][number];
type Flow = SeedServiceItem["flowTemplate"];
type Step = Flow["steps"][number];
type ServicePoint = SeedServiceItem["servicePoints"][number];
type JsonSchema = Record<string, unknown>;

// ---------------------------------------------------------------- form fields

const PHONE = "^1[3-9]\\d{9}$";
const USCC = "^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$";
const ID_NUMBER = "^\\d{17}[\\dX]$";

function text(title: string, maxLength = 100, extra: JsonSchema = {}): JsonSchema {
  return { type: "string", title, minLength: 1, maxLength, ...extra };
}

/** Form properties, keyed by the property name every item uses for them. */
export const F = {
  // enterprise applicant
  enterpriseName: text("企业名称", 100, { minLength: 2 }),
  uscc: text("统一社会信用代码", 18, { pattern: USCC }),
  legalRepName: text("法定代表人（负责人）姓名", 30),
  legalRepIdNumber: text("法定代表人身份证号码", 18, { pattern: ID_NUMBER }),
  address: text("住所（经营场所）", 200),
  contactName: text("联系人", 30),
  contactPhone: text("联系电话", 11, { pattern: PHONE }),
  email: { type: "string", title: "电子邮箱", format: "email", maxLength: 100 },
  registeredCapital: { type: "number", title: "注册资本（万元）", minimum: 0 },
  businessScope: text("经营范围", 2000),
  enterpriseType: {
    type: "string",
    title: "企业类型",
    enum: ["有限责任公司", "股份有限公司", "个人独资企业", "合伙企业", "个体工商户"],
  },
  employeeCount: { type: "integer", title: "从业人数", minimum: 0 },
  industryCategory: text("所属行业", 100),
  // person applicant
  applicantName: text("申请人姓名", 30),
  idNumber: text("公民身份号码", 18, { pattern: ID_NUMBER }),
  gender: { type: "string", title: "性别", enum: ["男", "女"] },
  householdAddress: text("户籍地址", 200),
  spouseName: text("配偶姓名", 30),
  spouseIdNumber: text("配偶公民身份号码", 18, { pattern: ID_NUMBER }),
  familySize: { type: "integer", title: "共同生活家庭成员人数", minimum: 1, maximum: 20 },
  bankAccount: text("本人银行账号", 19, { pattern: "^\\d{12,19}$" }),
  pickupMethod: { type: "string", title: "证件领取方式", enum: ["窗口领取", "邮政寄递"] },
  // construction projects
  projectName: text("项目名称", 200),
  projectCode: text("项目代码", 24, { pattern: "^\\d{4}-\\d{6}-\\d{2}-\\d{2}-\\d{6}$" }),
  projectAddress: text("建设地点", 200),
  totalInvestment: { type: "number", title: "总投资（万元）", minimum: 0 },
  landArea: { type: "number", title: "用地面积（平方米）", minimum: 0 },
  buildingArea: { type: "number", title: "总建筑面积（平方米）", minimum: 0 },
  contractorName: text("施工单位名称", 100),
  contractorUscc: text("施工单位统一社会信用代码", 18, { pattern: USCC }),
  completionDate: { type: "string", title: "竣工验收日期", format: "date" },
  // real estate
  propertyAddress: text("不动产坐落", 200),
  propertyUnitNo: text("不动产单元号", 28, { pattern: "^\\d{12}[A-Z]{2}\\d{5}[A-Z]\\d{8}$" }),
  propertyArea: { type: "number", title: "建筑面积（平方米）", minimum: 0 },
  transactionPrice: { type: "number", title: "成交价格（元）", minimum: 0 },
  buyerName: text("买受人姓名（名称）", 100),
  buyerIdNumber: text("买受人证件号码", 18),
  sellerName: text("出卖人姓名（名称）", 100),
  sellerIdNumber: text("出卖人证件号码", 18),
} satisfies Record<string, JsonSchema>;

export type FieldName = keyof typeof F;

/** A JSON Schema form from shared fields plus item-specific extras; `required` lists property names. */
export function form(
  shared: FieldName[],
  required: string[],
  extra: Record<string, JsonSchema> = {},
): SeedServiceItem["formSchema"] {
  const properties: Record<string, JsonSchema> = {};
  for (const name of shared) properties[name] = F[name];
  Object.assign(properties, extra);
  return { type: "object", properties, required, additionalProperties: false };
}

export { text };

// ---------------------------------------------------------------- materials

export function mat(code: string, name: string, o: Partial<Omit<Material, "code" | "name">> = {}): Material {
  return {
    code,
    name,
    required: true,
    form: "electronic",
    copies: 1,
    acceptedResultTypes: [],
    templateKey: null,
    note: "",
    ...o,
  };
}

/** 身份证明: satisfied by a 居民身份证 on file (issued by the 公安局 item). */
export function idMat(code = "applicant_id", name = "申请人身份证明"): Material {
  return mat(code, name, {
    form: "original",
    copies: 0,
    acceptedResultTypes: ["ID_CARD"],
    note: "现场核验原件，已关联电子证照的免于提交",
  });
}

/** 营业执照: satisfied by a business licence on file. */
export function licenceMat(code = "business_licence", name = "营业执照"): Material {
  return mat(code, name, { acceptedResultTypes: ["BUSINESS_LICENSE"], note: "已关联电子营业执照的免于提交" });
}

/** 授权委托书 for agents; optional because the legal representative may apply in person. */
export function proxyMat(): Material {
  return mat("power_of_attorney", "授权委托书及经办人身份证明", {
    required: false,
    form: "original",
    acceptedResultTypes: [],
    note: "委托他人代为办理的提交；通过企业空间授权的经办人免于提交",
  });
}

// ---------------------------------------------------------------- flows

function step(code: string, name: string, role: Step["role"], skippable = false): Step {
  return { code, name, role, skippable };
}

/** 即办件: received, decided and concluded at once. */
export function instantFlow(decide = true): Flow {
  return decide
    ? {
        type: "instant",
        steps: [
          step("accept", "受理", "clerk"),
          step("decide", "审核决定", "approver"),
          step("conclude", "办结", "clerk"),
        ],
      }
    : { type: "instant", steps: [step("accept", "受理", "clerk"), step("conclude", "办结", "clerk")] };
}

/** 承诺件: 受理 → 审查 → 决定 → 办结. */
export function promisedFlow(reviewName = "审查", decideName = "决定", concludeName = "办结"): Flow {
  return {
    type: "promised",
    steps: [
      step("accept", "受理", "clerk"),
      step("review", reviewName, "reviewer"),
      step("decide", decideName, "approver"),
      step("conclude", concludeName, "clerk"),
    ],
  };
}

/** 上报件: reviewed here, reported to the higher authority, then decided. */
export function escalatedFlow(): Flow {
  return {
    type: "escalated",
    steps: [
      step("accept", "受理", "clerk"),
      step("review", "初审", "reviewer"),
      step("escalate", "上报", "dept_admin"),
      step("decide", "决定", "approver"),
      step("conclude", "办结", "clerk"),
    ],
  };
}

/** 联办件 / special procedure: a site inspection (skippable) before the joint review. */
export function inspectionFlow(inspectName = "现场勘验", reviewName = "联合审查"): Flow {
  return {
    type: "complex",
    steps: [
      step("accept", "受理", "clerk"),
      step("inspect", inspectName, "reviewer", true),
      step("review", reviewName, "reviewer"),
      step("decide", "决定", "approver"),
      step("conclude", "办结", "clerk"),
    ],
  };
}

// ---------------------------------------------------------------- service points and fees

/** A service point at a window of a centre, built from the centre and window rows. */
export function at(windowCode: string): ServicePoint {
  const w = windows.find((x) => x.code === windowCode);
  if (!w) throw new Error(`unknown window ${windowCode}`);
  const c = centers.find((x) => x.code === w.centerCode);
  if (!c) throw new Error(`unknown centre ${w.centerCode}`);
  return { name: `${c.name}${w.name}`, address: c.address, phone: c.phone, hours: c.hours };
}

/** A village 便民服务站 (帮办代办 only). */
export function station(centerCode: string): ServicePoint {
  const c = centers.find((x) => x.code === centerCode);
  if (!c) throw new Error(`unknown centre ${centerCode}`);
  return { name: `${c.name}（帮办代办）`, address: c.address, phone: c.phone, hours: c.hours };
}

export const FREE = { amountFen: 0, basis: "不收费" };
