import { at, FREE, form, idMat, instantFlow, mat, promisedFlow } from "./item-kit.ts";
import type { SeedServiceItem } from "./types.ts";

/** 存量房交易与不动产登记 (the bdcdj chain) and 住房公积金提取. */
const DEAL_FIELDS = [
  "propertyAddress",
  "propertyUnitNo",
  "propertyArea",
  "transactionPrice",
  "sellerName",
  "sellerIdNumber",
  "buyerName",
  "buyerIdNumber",
  "contactPhone",
] as const;

const partiesIdMat = () =>
  mat("parties_id", "买卖双方身份证明", {
    form: "original",
    copies: 0,
    acceptedResultTypes: ["ID_CARD", "BUSINESS_LICENSE"],
    note: "自然人提交居民身份证，单位提交营业执照；已关联电子证照的免于提交",
  });

export const propertyItems: SeedServiceItem[] = [
  {
    code: "YGZJ-FC-001",
    name: "存量房买卖合同网签备案",
    departmentCode: "YGZJ",
    kind: "行政备案",
    handlingType: "instant",
    subjectTypes: ["person", "enterprise"],
    legalBasis: ["《中华人民共和国城市房地产管理法》第四十一条", "《城市房地产转让管理规定》第七条"],
    conditions:
      "房屋已依法登记且无查封、抵押未注销（经抵押权人同意的除外）等限制转让情形；买卖双方已签订书面存量房买卖合同。",
    statutoryDays: 1,
    promisedDays: 0,
    fee: FREE,
    servicePoints: [at("YGZX-ZH03"), at("YGZX-ZJ")],
    onlineDepth: "全程网办",
    visitsRequired: 0,
    materials: [
      mat("sale_contract", "存量房买卖合同（网签文本）", {
        templateKey: "templates/ygzj/resale-contract.docx",
      }),
      partiesIdMat(),
      mat("property_certificate", "不动产权证书", { acceptedResultTypes: ["REAL_ESTATE_CERT"] }),
      mat("escrow_agreement", "存量房交易资金监管协议", { required: false, note: "选择资金监管的提交" }),
      mat("agency_filing", "房地产经纪机构备案证明", { required: false, note: "通过经纪机构成交的提交" }),
    ],
    formSchema: form(
      [...DEAL_FIELDS],
      [
        "propertyAddress",
        "propertyUnitNo",
        "propertyArea",
        "transactionPrice",
        "sellerName",
        "buyerName",
        "contactPhone",
      ],
      {
        fundEscrow: { type: "boolean", title: "是否办理交易资金监管" },
      },
    ),
    flowTemplate: instantFlow(),
    resultType: { code: "HOUSE_CONTRACT_FILING", name: "存量房买卖合同网签备案证明", validMonths: null },
    keywords: ["二手房", "网签", "房屋买卖", "合同备案", "不动产"],
  },
  {
    code: "YGSW-QS-001",
    name: "契税申报缴纳（存量房交易）",
    departmentCode: "YGSW",
    kind: "行政征收",
    handlingType: "instant",
    subjectTypes: ["person", "enterprise"],
    legalBasis: [
      "《中华人民共和国契税法》第一条",
      "《中华人民共和国契税法》第十条",
      "《中华人民共和国契税法》第十一条",
    ],
    conditions:
      "在境内转移土地、房屋权属的承受单位和个人，应当在依法办理土地、房屋权属登记手续前申报缴纳契税。",
    statutoryDays: 1,
    promisedDays: 0,
    fee: {
      amountFen: 0,
      basis:
        "不收取行政事业性收费；契税按《中华人民共和国契税法》第三条规定的税率及本省确定的适用税率计征，符合条件的家庭住房享受减征优惠",
    },
    servicePoints: [at("YGZX-ZH03"), at("YGZX-SW")],
    onlineDepth: "全程网办",
    visitsRequired: 0,
    materials: [
      mat("deed_tax_return", "契税纳税申报表"),
      mat("sale_contract_filing", "存量房买卖合同", { acceptedResultTypes: ["HOUSE_CONTRACT_FILING"] }),
      idMat("buyer_id", "承受方身份证明"),
      mat("marital_status", "婚姻状况证明", {
        required: false,
        acceptedResultTypes: ["MARRIAGE_CERT"],
        note: "申请家庭住房契税优惠的提交",
      }),
    ],
    formSchema: form(
      [
        "buyerName",
        "buyerIdNumber",
        "propertyAddress",
        "propertyUnitNo",
        "propertyArea",
        "transactionPrice",
        "contactPhone",
      ],
      ["buyerName", "buyerIdNumber", "propertyAddress", "propertyArea", "transactionPrice", "contactPhone"],
      {
        familyHousingStatus: {
          type: "string",
          title: "家庭住房情况",
          enum: ["首套住房", "第二套住房", "其他"],
        },
      },
    ),
    flowTemplate: instantFlow(false),
    resultType: { code: "DEED_TAX_CERT", name: "契税完税凭证", validMonths: null },
    keywords: ["契税", "二手房", "纳税", "不动产"],
  },
  {
    code: "YGBDC-ZY-001",
    name: "不动产转移登记（存量房买卖）",
    departmentCode: "YGBDC",
    kind: "行政确认",
    handlingType: "promised",
    subjectTypes: ["person", "enterprise"],
    legalBasis: [
      "《中华人民共和国民法典》第二百零九条",
      "《不动产登记暂行条例》第十四条",
      "《不动产登记暂行条例》第二十条",
    ],
    conditions:
      "因买卖转移不动产权利的，由买卖双方共同申请；已完成合同网签备案并缴纳契税；不动产不存在查封等限制登记情形。",
    statutoryDays: 30,
    promisedDays: 1,
    fee: {
      amountFen: 8000,
      basis:
        "住宅类不动产登记费每件80元（含第一本不动产权证书工本费），每增加一本证书加收工本费10元。依据《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）",
    },
    servicePoints: [at("YGZX-ZH03"), at("YGZX-BDC")],
    onlineDepth: "最多跑一次",
    visitsRequired: 1,
    materials: [
      mat("registration_application", "不动产登记申请书", {
        templateKey: "templates/ygbdc/transfer-application.docx",
      }),
      partiesIdMat(),
      mat("original_certificate", "原不动产权证书", {
        form: "original",
        acceptedResultTypes: ["REAL_ESTATE_CERT"],
      }),
      mat("sale_contract_filing", "存量房买卖合同", { acceptedResultTypes: ["HOUSE_CONTRACT_FILING"] }),
      mat("deed_tax_receipt", "契税完税凭证", { acceptedResultTypes: ["DEED_TAX_CERT"] }),
      mat("marital_status", "婚姻状况证明", {
        required: false,
        acceptedResultTypes: ["MARRIAGE_CERT"],
        note: "登记为共同共有的提交",
      }),
    ],
    formSchema: form(
      [...DEAL_FIELDS],
      [
        "propertyAddress",
        "propertyUnitNo",
        "sellerName",
        "sellerIdNumber",
        "buyerName",
        "buyerIdNumber",
        "shareType",
        "contactPhone",
      ],
      {
        shareType: { type: "string", title: "共有方式", enum: ["单独所有", "共同共有", "按份共有"] },
      },
    ),
    flowTemplate: promisedFlow("登记审核", "登簿", "缮证发证"),
    resultType: { code: "REAL_ESTATE_CERT", name: "不动产权证书", validMonths: null },
    keywords: ["不动产登记", "过户", "二手房", "房产证", "不动产权证书"],
  },
  {
    code: "YGGJJ-TQ-001",
    name: "住房公积金提取（购买自住住房）",
    departmentCode: "YGGJJ",
    kind: "公共服务",
    handlingType: "instant",
    subjectTypes: ["person"],
    legalBasis: ["《住房公积金管理条例》第二十四条", "《住房公积金管理条例》第二十五条"],
    conditions:
      "职工购买自住住房，在不动产登记或购房合同备案之日起规定期限内申请；提取金额不超过购房款，且账户正常缴存。",
    statutoryDays: 3,
    promisedDays: 0,
    fee: FREE,
    servicePoints: [at("YGZX-GJJ"), at("YGZX-ZH04")],
    onlineDepth: "全程网办",
    visitsRequired: 0,
    materials: [
      idMat(),
      mat("property_certificate", "不动产权证书", {
        acceptedResultTypes: ["REAL_ESTATE_CERT"],
        note: "已办结不动产登记的提交",
      }),
      mat("sale_contract_filing", "购房合同", { acceptedResultTypes: ["HOUSE_CONTRACT_FILING"] }),
      mat("deed_tax_receipt", "契税完税凭证", { acceptedResultTypes: ["DEED_TAX_CERT"] }),
    ],
    formSchema: form(
      ["applicantName", "idNumber", "propertyAddress", "bankAccount", "contactPhone"],
      ["applicantName", "idNumber", "withdrawAmount", "bankAccount", "contactPhone"],
      {
        withdrawAmount: { type: "number", title: "申请提取金额（元）", exclusiveMinimum: 0 },
      },
    ),
    flowTemplate: instantFlow(),
    resultType: null,
    keywords: ["公积金提取", "购房", "公积金"],
  },
];
