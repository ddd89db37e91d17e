import {
  at,
  FREE,
  form,
  idMat,
  inspectionFlow,
  instantFlow,
  mat,
  promisedFlow,
  station,
} from "./item-kit.ts";
import type { SeedServiceItem } from "./types.ts";

/** Items for individuals: identity, driving, social insurance, civil affairs, and the towns' own items. */

/** 生育登记, run by a town's 便民服务中心. */
function birthRegistration(
  dept: string,
  town: string,
  windowCode: string,
  stations: string[],
): SeedServiceItem {
  return {
    code: `${dept}-WS-001`,
    name: "生育登记",
    departmentCode: dept,
    kind: "公共服务",
    handlingType: "instant",
    subjectTypes: ["person"],
    legalBasis: ["《中华人民共和国人口与计划生育法》第十八条"],
    conditions: `夫妻一方户籍在${town}，或者双方户籍均不在本地但在${town}居住的；可在怀孕后至子女出生后办理。`,
    statutoryDays: 1,
    promisedDays: 0,
    fee: FREE,
    servicePoints: [at(windowCode), ...stations.map(station)],
    onlineDepth: "全程网办",
    visitsRequired: 0,
    materials: [
      idMat("couple_id", "夫妻双方居民身份证"),
      mat("marriage_certificate", "结婚证", {
        required: false,
        acceptedResultTypes: ["MARRIAGE_CERT"],
        note: "已办理结婚登记的提交",
      }),
    ],
    formSchema: form(
      ["applicantName", "idNumber", "spouseName", "spouseIdNumber", "householdAddress", "contactPhone"],
      ["applicantName", "idNumber", "childOrder", "contactPhone"],
      {
        childOrder: { type: "integer", title: "本次登记孩次", minimum: 1, maximum: 3 },
        expectedDate: { type: "string", title: "预产期（或出生日期）", format: "date" },
      },
    ),
    flowTemplate: instantFlow(false),
    resultType: { code: "BIRTH_REGISTRATION", name: "生育登记服务单", validMonths: null },
    keywords: ["生育登记", "准生", "出生", town],
  };
}

/** 农村村民宅基地和建房（规划许可）审批, run by the town with site inspection and joint review. */
function homestead(dept: string, town: string, windowCode: string, stations: string[]): SeedServiceItem {
  return {
    code: `${dept}-ZJ-001`,
    name: "农村村民宅基地和建房（规划许可）审批",
    departmentCode: dept,
    kind: "行政许可",
    handlingType: "joint",
    subjectTypes: ["person"],
    legalBasis: ["《中华人民共和国土地管理法》第六十二条", "《中华人民共和国城乡规划法》第四十一条"],
    conditions: `${town}农村集体经济组织成员，以户为单位申请；符合一户一宅规定，申请面积不超过省规定标准；选址符合村庄规划，经村民小组讨论通过并公示无异议。`,
    statutoryDays: 20,
    promisedDays: 15,
    fee: FREE,
    servicePoints: [at(windowCode), ...stations.map(station)],
    onlineDepth: "网上预审",
    visitsRequired: 1,
    materials: [
      mat("homestead_application", "农村宅基地和建房（规划许可）申请表", {
        templateKey: "templates/town/homestead-application.docx",
      }),
      idMat("household_ids", "申请人及家庭成员身份证明"),
      mat("homestead_commitment", "农村宅基地使用承诺书"),
      mat("house_design", "农房设计图或者通用图集选用说明"),
      mat("village_meeting_record", "村民小组会议讨论通过意见及公示材料"),
      mat("old_homestead_disposal", "原宅基地处置情况说明", { required: false, note: "拆旧建新的提交" }),
    ],
    formSchema: form(
      ["applicantName", "idNumber", "householdAddress", "familySize", "contactPhone"],
      [
        "applicantName",
        "idNumber",
        "householdAddress",
        "familySize",
        "homesteadArea",
        "floors",
        "contactPhone",
      ],
      {
        homesteadArea: {
          type: "number",
          title: "拟申请宅基地面积（平方米）",
          exclusiveMinimum: 0,
          maximum: 300,
        },
        buildingArea: { type: "number", title: "拟建房屋建筑面积（平方米）", minimum: 0 },
        floors: { type: "integer", title: "拟建层数", minimum: 1, maximum: 3 },
      },
    ),
    flowTemplate: inspectionFlow("实地踏勘", "联审（农业农村、自然资源）"),
    resultType: { code: "HOMESTEAD_APPROVAL", name: "农村宅基地批准书", validMonths: null },
    keywords: ["宅基地", "农房", "建房", "乡村建设规划许可", town],
  };
}

export const socialItems: SeedServiceItem[] = [
  {
    code: "YGGA-SFZ-001",
    name: "居民身份证换领",
    departmentCode: "YGGA",
    kind: "行政确认",
    handlingType: "promised",
    subjectTypes: ["person"],
    legalBasis: ["《中华人民共和国居民身份证法》第八条", "《中华人民共和国居民身份证法》第十一条"],
    conditions:
      "居民身份证有效期满（可在期满前三个月内申请）、公民姓名变更或者证件严重损坏不能辨认的；常住户口在本市。",
    statutoryDays: 60,
    promisedDays: 15,
    fee: {
      amountFen: 2000,
      basis: "居民身份证工本费每证20元，按国务院价格主管部门会同财政部门核定的标准收取",
    },
    servicePoints: [at("YGZX-GA"), at("YGZX-ZH04")],
    onlineDepth: "最多跑一次",
    visitsRequired: 1,
    materials: [
      idMat("old_id_card", "原居民身份证"),
      mat("household_register", "居民户口簿", { form: "original", copies: 0 }),
      mat("photo_and_fingerprint", "现场采集人像及指纹信息", {
        form: "original",
        copies: 0,
        note: "窗口现场采集，无需自备照片",
      }),
    ],
    formSchema: form(
      ["applicantName", "idNumber", "gender", "householdAddress", "pickupMethod", "contactPhone"],
      ["applicantName", "idNumber", "reason", "pickupMethod", "contactPhone"],
      {
        reason: { type: "string", title: "换领原因", enum: ["有效期满", "证件严重损坏", "姓名变更"] },
      },
    ),
    flowTemplate: promisedFlow("审核", "签发", "发证"),
    resultType: { code: "ID_CARD", name: "居民身份证", validMonths: 240 },
    keywords: ["身份证", "换证", "到期换领", "户籍"],
  },
  {
    code: "YGGA-JZ-001",
    name: "机动车驾驶证有效期满换证",
    departmentCode: "YGGA",
    kind: "行政许可",
    handlingType: "instant",
    subjectTypes: ["person"],
    legalBasis: [
      "《中华人民共和国道路交通安全法》第十九条",
      "《中华人民共和国道路交通安全法实施条例》第二十六条",
    ],
    conditions: "机动车驾驶证有效期满前九十日内申请；身体条件符合申领规定；驾驶证未被吊销、注销。",
    statutoryDays: 1,
    promisedDays: 0,
    fee: { amountFen: 1000, basis: "机动车驾驶证工本费每证10元，按国家核定的公安交通管理收费标准收取" },
    servicePoints: [at("YGZX-GA")],
    onlineDepth: "全程网办",
    visitsRequired: 0,
    materials: [
      idMat(),
      mat("driving_licence", "机动车驾驶证", { acceptedResultTypes: ["DRIVING_LICENSE"] }),
      mat("health_certificate", "机动车驾驶人身体条件证明", {
        note: "由具备资质的医疗机构出具，已联网上传的免于提交",
      }),
    ],
    formSchema: form(
      ["applicantName", "idNumber", "pickupMethod", "contactPhone"],
      ["applicantName", "idNumber", "licenceClass", "pickupMethod", "contactPhone"],
      {
        licenceClass: {
          type: "string",
          title: "准驾车型",
          enum: ["C1", "C2", "B1", "B2", "A1", "A2", "D", "E"],
        },
      },
    ),
    flowTemplate: instantFlow(),
    resultType: { code: "DRIVING_LICENSE", name: "机动车驾驶证", validMonths: 120 },
    keywords: ["驾驶证", "驾照", "换证", "车管所"],
  },
  {
    code: "YGRS-SB-002",
    name: "灵活就业人员参保登记",
    departmentCode: "YGRS",
    kind: "行政确认",
    handlingType: "instant",
    subjectTypes: ["person"],
    legalBasis: ["《中华人民共和国社会保险法》第十条", "《中华人民共和国社会保险法》第五十八条"],
    conditions:
      "无雇工的个体工商户、未在用人单位参加社会保险的非全日制从业人员以及其他灵活就业人员，年满16周岁且未达到法定退休年龄。",
    statutoryDays: 15,
    promisedDays: 0,
    fee: FREE,
    servicePoints: [at("YGZX-RS"), at("YGZX-ZH04"), at("LJZX-ZH01"), at("QSZX-ZH01")],
    onlineDepth: "全程网办",
    visitsRequired: 0,
    materials: [
      idMat(),
      mat("flexible_registration_form", "灵活就业人员参保登记表", {
        templateKey: "templates/ygrs/flexible-employment.docx",
      }),
    ],
    formSchema: form(
      ["applicantName", "idNumber", "householdAddress", "bankAccount", "contactPhone"],
      ["applicantName", "idNumber", "insuranceTypes", "contactPhone"],
      {
        insuranceTypes: {
          type: "array",
          title: "参保险种",
          minItems: 1,
          uniqueItems: true,
          items: { type: "string", enum: ["企业职工基本养老保险", "职工基本医疗保险"] },
        },
      },
    ),
    flowTemplate: instantFlow(false),
    resultType: { code: "SOCIAL_INSURANCE_PERSONAL", name: "社会保险个人参保证明", validMonths: null },
    keywords: ["灵活就业", "社保", "个人参保", "养老保险"],
  },
  {
    code: "YGMZ-DB-001",
    name: "最低生活保障审核确认",
    departmentCode: "YGMZ",
    kind: "行政给付",
    handlingType: "promised",
    subjectTypes: ["person"],
    legalBasis: ["《社会救助暂行办法》第九条", "《社会救助暂行办法》第十一条"],
    conditions:
      "共同生活的家庭成员人均收入低于本市最低生活保障标准，且家庭财产状况符合规定；向户籍所在地镇便民服务中心或市民政局提出申请。",
    statutoryDays: 30,
    promisedDays: 20,
    fee: FREE,
    servicePoints: [at("YGZX-MZ"), at("LJZX-ZH01"), at("QSZX-ZH01")],
    onlineDepth: "网上申报",
    visitsRequired: 1,
    materials: [
      mat("allowance_application", "最低生活保障申请书", {
        templateKey: "templates/ygmz/subsistence-application.docx",
      }),
      idMat("family_ids", "申请人及共同生活家庭成员身份证明"),
      mat("income_statement", "家庭收入情况说明"),
      mat("property_declaration", "家庭财产状况声明"),
      mat("verification_authorization", "家庭经济状况核对授权书", { form: "original" }),
      mat("disability_or_illness_proof", "残疾人证或者重大疾病诊断证明", {
        required: false,
        note: "家庭成员有残疾或者重病的提交",
      }),
    ],
    formSchema: form(
      ["applicantName", "idNumber", "householdAddress", "familySize", "bankAccount", "contactPhone"],
      [
        "applicantName",
        "idNumber",
        "householdAddress",
        "familySize",
        "monthlyIncome",
        "reason",
        "contactPhone",
      ],
      {
        monthlyIncome: { type: "number", title: "家庭月总收入（元）", minimum: 0 },
        reason: { type: "string", title: "申请理由", minLength: 1, maxLength: 1000 },
      },
    ),
    flowTemplate: inspectionFlow("入户调查", "民主评议与审核"),
    resultType: { code: "SUBSISTENCE_ALLOWANCE", name: "最低生活保障证", validMonths: null },
    keywords: ["低保", "社会救助", "困难群众", "最低生活保障"],
  },
  {
    code: "YGMZ-HY-001",
    name: "内地居民结婚登记",
    departmentCode: "YGMZ",
    kind: "行政确认",
    handlingType: "instant",
    subjectTypes: ["person"],
    legalBasis: ["《中华人民共和国民法典》第一千零四十九条"],
    conditions:
      "男女双方完全自愿，达到法定婚龄，均无配偶，且没有直系血亲或者三代以内旁系血亲关系；双方须亲自到婚姻登记机关办理。",
    statutoryDays: 1,
    promisedDays: 0,
    fee: FREE,
    servicePoints: [at("YGZX-MZ")],
    onlineDepth: "最多跑一次",
    visitsRequired: 1,
    materials: [
      idMat("couple_id", "男女双方居民身份证"),
      mat("no_spouse_declaration", "本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明", {
        form: "original",
      }),
      mat("couple_photo", "双方近期半身免冠合影照片", { form: "original", copies: 3, note: "2寸红底" }),
    ],
    formSchema: form(
      ["applicantName", "idNumber", "spouseName", "spouseIdNumber", "contactPhone"],
      ["applicantName", "idNumber", "spouseName", "spouseIdNumber", "appointmentDate", "contactPhone"],
      {
        appointmentDate: { type: "string", title: "预约登记日期", format: "date" },
      },
    ),
    flowTemplate: instantFlow(),
    resultType: { code: "MARRIAGE_CERT", name: "结婚证", validMonths: null },
    keywords: ["结婚登记", "婚姻登记", "领证", "结婚证"],
  },
  birthRegistration("LJBM", "临江镇", "LJZX-ZH01", ["LJJW", "LJYG"]),
  birthRegistration("QSBM", "青山镇", "QSZX-ZH01", ["QSZY", "QSSQ"]),
  homestead("LJBM", "临江镇", "LJZX-ZH01", ["LJJW", "LJYG"]),
  homestead("QSBM", "青山镇", "QSZX-ZH01", ["QSZY", "QSSQ"]),
];
