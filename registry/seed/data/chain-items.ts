/**
 * The item codes of each business chain (业务链), stage by stage. Items in one stage run in parallel;
 * stages run in series.
 */
export type ChainKey = "qykb" | "gcjs" | "jgys" | "bdcdj";

export const chainItemCodes: Record<ChainKey, string[][]> = {
  /** 企业开办: 营业执照 → 刻章 ∥ 涉税 ∥ 社保 ∥ 公积金 ∥ 银行开户. */
  qykb: [["YGSJ-DJ-001"], ["YGGA-YZ-001", "YGSW-SS-001", "YGRS-SB-001", "YGGJJ-JC-001", "YGRH-ZH-001"]],
  /** 工程建设项目审批: 立项 → 用地规划 → 工程规划 ∥ 环评 → 施工许可. */
  gcjs: [["YGFG-XM-001"], ["YGZR-GH-001"], ["YGZR-GH-002", "YGHB-HP-001"], ["YGZJ-SG-001"]],
  /** 竣工联合验收: 规划核实 ∥ 消防验收 ∥ 人防备案 ∥ 档案验收 ∥ 质量监督 → 竣工验收备案. */
  jgys: [["YGZR-HS-001", "YGXF-YS-001", "YGRF-YS-001", "YGDA-YS-001", "YGZJ-ZJ-001"], ["YGZJ-BA-001"]],
  /** 不动产登记: 网签备案 ∥ 契税 → 转移登记. */
  bdcdj: [["YGZJ-FC-001", "YGSW-QS-001"], ["YGBDC-ZY-001"]],
};
