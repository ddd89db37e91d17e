import type { TServiceItemInput } from "../catalog/catalog.schema.ts";
import { publishServiceItem } from "../catalog/publish-service-item.ts";
import { type Actor, type Ctx, SYSTEM } from "../context.ts";
import { registerEnterprise } from "../enterprises/register-enterprise.ts";
import { makeUscc } from "../enterprises/uscc.ts";
import { createDepartment, createRegion } from "../org/create-org.ts";
import { Region } from "../org/org.entity.ts";
import { makeIdNumber } from "../persons/id-number.ts";
import { registerPerson } from "../persons/register-person.ts";
import { testCtx } from "./test-env.ts";

/** Unique values for factories: tests never share rows. */
let counter = 0;
export function unique(): number {
  counter += 1;
  return (Date.now() % 1_000_000) * 1000 + ((process.pid * 7 + counter) % 1000);
}

const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
function randomOrgCode(): string {
  let s = "";
  for (let i = 0; i < 9; i++) s += USCC_ALPHABET[Math.floor(Math.random() * USCC_ALPHABET.length)];
  return s;
}

/** A fresh valid ID number (random birth date and sequence). */
export function freshIdNumber(): string {
  const y = 1950 + Math.floor(Math.random() * 55);
  const m = String(1 + Math.floor(Math.random() * 12)).padStart(2, "0");
  const d = String(1 + Math.floor(Math.random() * 28)).padStart(2, "0");
  return makeIdNumber("320999", `${y}${m}${d}`, Math.floor(Math.random() * 1000));
}

export function freshUscc(prefix = "91"): string {
  return makeUscc(`${prefix}320999${randomOrgCode()}`);
}

export function freshPhone(): string {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
}

async function sys(): Promise<Ctx> {
  return testCtx(SYSTEM);
}

export async function makePerson(
  overrides: { name?: string; idNumber?: string; phone?: string | null } = {},
) {
  const idNumber = overrides.idNumber ?? freshIdNumber();
  const phone = overrides.phone === undefined ? freshPhone() : overrides.phone;
  const view = await registerPerson(await sys(), {
    name: overrides.name ?? "测试人员",
    idNumber,
    phone,
    address: "云港市测试路 1 号",
    realNameLevel: 2,
  });
  return { ...view, idNumber, phone };
}

export async function makeEnterprise(overrides: { legalRepPersonId?: string; name?: string } = {}) {
  const legalRep = overrides.legalRepPersonId
    ? { id: overrides.legalRepPersonId }
    : await makePerson({ name: "法人代表" });
  return registerEnterprise(await sys(), {
    uscc: freshUscc(),
    name: overrides.name ?? `云港测试${unique()}有限公司`,
    type: "有限责任公司（自然人投资或控股）",
    legalRepPersonId: legalRep.id,
    address: "云港市经济开发区测试大道 8 号",
    registeredCapitalYuan: 1_000_000,
    businessScope: "软件开发；信息技术咨询服务",
    establishedOn: "2020-05-18",
  });
}

async function ensureRegion(): Promise<void> {
  const ctx = await sys();
  if (!(await ctx.em.count(Region, { code: "320999" }))) {
    await createRegion(ctx, { code: "320999", name: "云港市", level: "city", parentCode: null }).catch(
      () => {},
    );
  }
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
export function freshDepartmentCode(): string {
  let s = "T";
  for (let i = 0; i < 7; i++) s += LETTERS[Math.floor(Math.random() * 26)];
  return s;
}

export async function makeDepartment(overrides: { code?: string; name?: string } = {}) {
  await ensureRegion();
  const code = overrides.code ?? freshDepartmentCode();
  return createDepartment(await sys(), {
    code,
    name: overrides.name ?? `云港市测试局${code}`,
    shortName: "测试局",
    level: "city",
    regionCode: "320999",
    uscc: freshUscc("11"),
    phone: "0512-12345678",
    address: "云港市政务路 1 号",
  });
}

/** A complete, valid item definition for a department; override any field. */
export function itemDefinition(
  departmentCode: string,
  overrides: Partial<TServiceItemInput> = {},
): TServiceItemInput {
  const code = `T-${unique()}`;
  return {
    code,
    name: "测试许可事项",
    departmentCode,
    kind: "行政许可",
    handlingType: "promised",
    subjectTypes: ["enterprise", "person"],
    legalBasis: ["《中华人民共和国行政许可法》第二十九条"],
    conditions: "申请人符合法定条件",
    statutoryDays: 20,
    promisedDays: 5,
    fee: { amountFen: 0, basis: "不收费" },
    servicePoints: [
      {
        name: "云港市行政服务中心",
        address: "云港市政务路 1 号",
        phone: "0512-12345",
        hours: "工作日 9:00-17:00",
      },
    ],
    onlineDepth: "全程网办",
    visitsRequired: 0,
    materials: [
      {
        code: "application_form",
        name: "申请书",
        required: true,
        form: "electronic",
        copies: 1,
        acceptedResultTypes: [],
        templateKey: null,
        note: "",
      },
      {
        code: "licence_copy",
        name: "营业执照复印件",
        required: false,
        form: "copy",
        copies: 1,
        acceptedResultTypes: ["TEST_LICENSE"],
        templateKey: null,
        note: "",
      },
    ],
    formSchema: {
      type: "object",
      required: ["applicantName", "contactPhone"],
      properties: {
        applicantName: { type: "string", title: "申请人名称", minLength: 2 },
        contactPhone: { type: "string", title: "联系电话", pattern: "^1[3-9]\\d{9}$" },
        remark: { type: "string", title: "备注" },
      },
    },
    flowTemplate: {
      type: "promised",
      steps: [
        { code: "accept", name: "受理", role: "clerk", skippable: false },
        { code: "review", name: "审查", role: "reviewer", skippable: false },
        { code: "decide", name: "决定", role: "approver", skippable: false },
      ],
    },
    resultType: null,
    yellowAt: 2 / 3,
    keywords: ["测试"],
    ...overrides,
  };
}

export async function makeServiceItem(departmentCode?: string, overrides: Partial<TServiceItemInput> = {}) {
  const dept = departmentCode ?? (await makeDepartment()).code;
  const def = itemDefinition(dept, overrides);
  await publishServiceItem(await sys(), def);
  return def;
}

/** A person actor, optionally acting for an enterprise or as staff. */
export function personActor(
  personId: string,
  extra: Partial<Extract<Actor, { type: "person" }>> = {},
): Actor {
  return { type: "person", personId, name: "测试人员", ...extra };
}
