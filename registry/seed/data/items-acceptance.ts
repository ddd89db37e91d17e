import { at, FREE, form, inspectionFlow, licenceMat, mat, promisedFlow } from "./item-kit.ts";
import type { SeedServiceItem } from "./types.ts";

/**
 * 竣工联合验收 (the jgys chain): five specialist acceptances run in parallel, then 竣工验收备案.
 * All share the same project form fields so that one joint application fills them all.
 */
const PROJECT_FIELDS = [
  "enterpriseName",
  "uscc",
  "projectName",
  "projectCode",
  "projectAddress",
  "buildingArea",
  "contractorName",
  "completionDate",
  "contactPhone",
] as const;
const PROJECT_REQUIRED = [
  "enterpriseName",
  "uscc",
  "projectName",
  "projectCode",
  "projectAddress",
  "contactPhone",
];

const planningPermit = () =>
  mat("building_planning_permit", "建设工程规划许可证", {
    acceptedResultTypes: ["CONSTRUCTION_PLANNING_PERMIT"],
  });
const constructionPermit = () =>
  mat("construction_permit", "建筑工程施工许可证", { acceptedResultTypes: ["CONSTRUCTION_PERMIT"] });

export const acceptanceItems: SeedServiceItem[] = [
  {
    code: "YGZR-HS-001",
    name: "建设工程规划条件核实",
    departmentCode: "YGZR",
    kind: "行政确认",
    handlingType: "promised",
    subjectTypes: ["enterprise"],
    legalBasis: ["《中华人民共和国城乡规划法》第四十五条"],
    conditions: "取得建设工程规划许可证的建设工程竣工后、组织竣工验收前；已完成竣工规划测量。",
    statutoryDays: 20,
    promisedDays: 5,
    fee: FREE,
    servicePoints: [at("YGZX-ZH02"), at("YGZX-ZR")],
    onlineDepth: "全程网办",
    visitsRequired: 0,
    materials: [
      mat("planning_verification_application", "建设工程规划条件核实申请表", {
        templateKey: "templates/ygzr/planning-verification.docx",
      }),
      planningPermit(),
      mat("completion_survey_report", "竣工规划测量成果报告"),
      constructionPermit(),
    ],
    formSchema: form([...PROJECT_FIELDS], PROJECT_REQUIRED),
    flowTemplate: inspectionFlow("现场核实", "核实审查"),
    resultType: { code: "PLANNING_VERIFICATION", name: "建设工程规划核实合格证明", validMonths: null },
    keywords: ["竣工验收", "联合验收", "规划核实", "工程建设"],
  },
  {
    code: "YGXF-YS-001",
    name: "建设工程消防验收",
    departmentCode: "YGXF",
    kind: "行政许可",
    handlingType: "promised",
    subjectTypes: ["enterprise"],
    legalBasis: ["《中华人民共和国消防法》第十三条"],
    conditions:
      "特殊建设工程竣工后，建设单位组织竣工验收前申请消防验收；已完成工程竣工验收消防查验，消防设施检测合格。",
    statutoryDays: 15,
    promisedDays: 10,
    fee: FREE,
    servicePoints: [at("YGZX-ZH02"), at("YGZX-XF")],
    onlineDepth: "全程网办",
    visitsRequired: 0,
    materials: [
      mat("fire_acceptance_application", "特殊建设工程消防验收申请表", {
        templateKey: "templates/ygxf/fire-acceptance.docx",
      }),
      mat("fire_self_inspection", "工程竣工验收消防查验报告"),
      mat("fire_as_built_drawings", "涉及消防的建设工程竣工图纸"),
      mat("fire_facility_test", "消防设施检测报告"),
      constructionPermit(),
    ],
    formSchema: form([...PROJECT_FIELDS], PROJECT_REQUIRED),
    flowTemplate: inspectionFlow("现场评定", "审查"),
    resultType: { code: "FIRE_ACCEPTANCE", name: "特殊建设工程消防验收意见书", validMonths: null },
    keywords: ["竣工验收", "联合验收", "消防验收", "工程建设"],
  },
  {
    code: "YGRF-YS-001",
    name: "人民防空工程竣工验收备案",
    departmentCode: "YGRF",
    kind: "行政备案",
    handlingType: "promised",
    subjectTypes: ["enterprise"],
    legalBasis: ["《中华人民共和国人民防空法》第二十二条"],
    conditions: "结合民用建筑修建的防空地下室等人民防空工程竣工验收合格后，建设单位在规定期限内办理备案。",
    statutoryDays: 15,
    promisedDays: 5,
    fee: FREE,
    servicePoints: [at("YGZX-ZH02"), at("YGZX-RF")],
    onlineDepth: "全程网办",
    visitsRequired: 0,
    materials: [
      mat("civil_defense_filing_form", "人民防空工程竣工验收备案表", {
        templateKey: "templates/ygrf/completion-filing.docx",
      }),
      mat("civil_defense_acceptance_report", "人民防空工程竣工验收报告"),
      mat("civil_defense_equipment_test", "人防防护设备检测报告"),
      mat("civil_defense_drawings", "人民防空工程竣工图"),
      licenceMat(),
    ],
    formSchema: form([...PROJECT_FIELDS], [...PROJECT_REQUIRED, "shelterArea"], {
      shelterArea: { type: "number", title: "防空地下室面积（平方米）", minimum: 0 },
    }),
    flowTemplate: promisedFlow("备案审查", "备案确认"),
    resultType: { code: "CIVIL_AIR_DEFENSE_FILING", name: "人民防空工程竣工验收备案证明", validMonths: null },
    keywords: ["竣工验收", "联合验收", "人防", "防空地下室"],
  },
  {
    code: "YGDA-YS-001",
    name: "建设工程档案验收",
    departmentCode: "YGDA",
    kind: "其他行政权力",
    handlingType: "promised",
    subjectTypes: ["enterprise"],
    legalBasis: ["《建设工程质量管理条例》第十七条", "《城市建设档案管理规定》第八条"],
    conditions:
      "列入城建档案馆接收范围的建设工程，建设单位在组织竣工验收前提请城建档案馆对工程档案进行验收。",
    statutoryDays: 10,
    promisedDays: 5,
    fee: FREE,
    servicePoints: [at("YGZX-ZH02"), at("YGZX-DA")],
    onlineDepth: "全程网办",
    visitsRequired: 1,
    materials: [
      mat("archive_acceptance_application", "建设工程档案验收申请表", {
        templateKey: "templates/ygda/archive-acceptance.docx",
      }),
      mat("archive_catalogue", "工程档案移交目录"),
      mat("project_archives", "建设工程竣工档案（纸质档案及电子档案）", {
        form: "original",
        note: "纸质档案在验收合格后移交城建档案馆",
      }),
      planningPermit(),
      constructionPermit(),
    ],
    formSchema: form([...PROJECT_FIELDS], [...PROJECT_REQUIRED, "archiveVolumes"], {
      archiveVolumes: { type: "integer", title: "档案案卷数（卷）", minimum: 1 },
    }),
    flowTemplate: promisedFlow("档案审查", "验收认可"),
    resultType: { code: "ARCHIVE_ACCEPTANCE", name: "建设工程档案验收意见书", validMonths: null },
    keywords: ["竣工验收", "联合验收", "城建档案", "档案验收"],
  },
  {
    code: "YGZJ-ZJ-001",
    name: "建设工程竣工验收监督（工程质量监督报告）",
    departmentCode: "YGZJ",
    kind: "其他行政权力",
    handlingType: "promised",
    subjectTypes: ["enterprise"],
    legalBasis: ["《建设工程质量管理条例》第四十三条", "《建设工程质量管理条例》第四十六条"],
    conditions:
      "已办理工程质量监督手续的房屋建筑和市政基础设施工程；施工单位已完成设计和合同约定的各项内容，监理单位已出具工程质量评估报告。",
    statutoryDays: 5,
    promisedDays: 3,
    fee: FREE,
    servicePoints: [at("YGZX-ZH02"), at("YGZX-ZJ")],
    onlineDepth: "全程网办",
    visitsRequired: 0,
    materials: [
      mat("supervision_application", "工程竣工验收监督申请表", {
        templateKey: "templates/ygzj/completion-supervision.docx",
      }),
      mat("completion_plan", "竣工验收方案"),
      mat("contractor_completion_report", "施工单位工程竣工报告"),
      mat("supervisor_assessment", "监理单位工程质量评估报告"),
      constructionPermit(),
    ],
    formSchema: form([...PROJECT_FIELDS], [...PROJECT_REQUIRED, "contractorName", "completionDate"]),
    flowTemplate: inspectionFlow("竣工验收现场监督", "监督报告审查"),
    resultType: { code: "QUALITY_SUPERVISION_REPORT", name: "建设工程质量监督报告", validMonths: null },
    keywords: ["竣工验收", "联合验收", "质量监督", "工程质量"],
  },
  {
    code: "YGZJ-BA-001",
    name: "房屋建筑和市政基础设施工程竣工验收备案",
    departmentCode: "YGZJ",
    kind: "行政备案",
    handlingType: "promised",
    subjectTypes: ["enterprise"],
    legalBasis: [
      "《建设工程质量管理条例》第四十九条",
      "《房屋建筑和市政基础设施工程竣工验收备案管理办法》第四条",
    ],
    conditions:
      "建设单位应当自工程竣工验收合格之日起15日内办理备案；规划、消防、人防、城建档案、质量监督等专项验收已完成。",
    statutoryDays: 5,
    promisedDays: 1,
    fee: FREE,
    servicePoints: [at("YGZX-ZH02"), at("YGZX-ZJ")],
    onlineDepth: "全程网办",
    visitsRequired: 0,
    materials: [
      mat("completion_filing_form", "房屋建筑和市政基础设施工程竣工验收备案表", {
        templateKey: "templates/ygzj/completion-filing.docx",
      }),
      mat("completion_report", "工程竣工验收报告"),
      mat("planning_verification", "建设工程规划核实合格证明", {
        acceptedResultTypes: ["PLANNING_VERIFICATION"],
      }),
      mat("fire_acceptance", "特殊建设工程消防验收意见书", { acceptedResultTypes: ["FIRE_ACCEPTANCE"] }),
      mat("civil_defense_filing", "人民防空工程竣工验收备案证明", {
        acceptedResultTypes: ["CIVIL_AIR_DEFENSE_FILING"],
      }),
      mat("archive_acceptance", "建设工程档案验收意见书", { acceptedResultTypes: ["ARCHIVE_ACCEPTANCE"] }),
      mat("quality_supervision_report", "建设工程质量监督报告", {
        acceptedResultTypes: ["QUALITY_SUPERVISION_REPORT"],
      }),
      mat("warranty_documents", "工程质量保修书；商品住宅另提交《住宅质量保证书》和《住宅使用说明书》"),
    ],
    formSchema: form([...PROJECT_FIELDS], [...PROJECT_REQUIRED, "completionDate"]),
    flowTemplate: promisedFlow("备案审查", "备案确认"),
    resultType: { code: "COMPLETION_FILING", name: "工程竣工验收备案证明书", validMonths: null },
    keywords: ["竣工验收", "联合验收", "竣工备案", "交付使用"],
  },
];
