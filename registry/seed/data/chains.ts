import type { TChainInput } from "../../chains/chain.schema.ts";
import { chainItemCodes } from "./chain-items.ts";

const [qykb1, qykb2] = chainItemCodes.qykb;
const [gcjs1, gcjs2, gcjs3, gcjs4] = chainItemCodes.gcjs;
const [jgys1, jgys2] = chainItemCodes.jgys;
const [bdc1, bdc2] = chainItemCodes.bdcdj;

/** The demo city's business chains (一件事一次办), built on the items of chain-items.ts. */
export const chains: TChainInput[] = [
  {
    code: "YJS-QYKB",
    name: "企业开办一件事",
    summary:
      "一次申请、一套材料，营业执照核发后同步办理公章刻制备案、涉税事项、社保登记、公积金缴存登记和银行开户备案，全程网办，1 个工作日内办结。",
    subjectTypes: ["person"],
    promiseDays: 1,
    stages: [
      { key: "license", name: "营业执照核发", items: qykb1, after: [] },
      { key: "setup", name: "刻章、涉税、社保、公积金、开户", items: qykb2, after: ["license"] },
    ],
    establishesEnterprise: qykb1[0],
    // The seal is being made in the same parallel stage: its filing reaches the bank by data sharing (减材料).
    waive: [
      {
        itemCode: "YGRH-ZH-001",
        requirementCode: "reserved_seal",
        reason: "印章刻制备案信息由公安机关共享至开户银行，免于提交",
      },
    ],
    keywords: ["企业开办", "开公司", "营业执照", "刻章", "发票"],
  },
  {
    code: "YJS-GCJS",
    name: "工程建设项目审批一件事",
    summary:
      "社会投资项目从立项备案到施工许可，一次提交申请材料，前一环节的批准文件自动作为后一环节的申请材料，规划许可与环评并联审批。",
    subjectTypes: ["enterprise"],
    promiseDays: null,
    stages: [
      { key: "filing", name: "立项备案", items: gcjs1, after: [] },
      { key: "land", name: "用地规划许可", items: gcjs2, after: ["filing"] },
      { key: "planning", name: "工程规划许可与环评", items: gcjs3, after: ["land"] },
      { key: "permit", name: "施工许可", items: gcjs4, after: ["planning"] },
    ],
    keywords: ["工程建设", "施工许可", "规划许可", "环评", "项目审批"],
  },
  {
    code: "YJS-JGYS",
    name: "竣工联合验收一件事",
    summary:
      "规划核实、消防验收、人防备案、档案验收和质量监督五个部门并联验收，全部通过后自动办理竣工验收备案，各验收意见无需再次提交。",
    subjectTypes: ["enterprise"],
    promiseDays: null,
    stages: [
      { key: "inspect", name: "联合验收", items: jgys1, after: [] },
      { key: "record", name: "竣工验收备案", items: jgys2, after: ["inspect"] },
    ],
    keywords: ["竣工验收", "联合验收", "消防验收", "竣工备案"],
  },
  {
    code: "YJS-BDCDJ",
    name: "二手房转移登记一件事",
    summary: "存量房网签备案与契税缴纳并联办理，完成后自动申请不动产转移登记，交易、缴税、登记一次办结。",
    subjectTypes: ["person", "enterprise"],
    promiseDays: 1,
    stages: [
      { key: "trade", name: "网签备案与缴税", items: bdc1, after: [] },
      { key: "register", name: "转移登记", items: bdc2, after: ["trade"] },
    ],
    keywords: ["不动产登记", "二手房", "过户", "契税"],
  },
];
