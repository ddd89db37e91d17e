/**
 * The demo accounts of README.md ("Demo accounts"), seeded into every journey run's database. Everyone
 * signs in with their phone (or ID number) and DEMO_PASSWORD.
 */
export const DEMO_PASSWORD = "Demo#2026";

export interface DemoAccount {
  name: string;
  phone: string;
  /** Where they work or whom they act for, as shown on the pages. */
  where?: string;
}

const YGZW = "云港市政务服务管理办公室";
const YGSJ = "云港市市场监督管理局";
const GANGCHENG = "云港市港城网络科技有限公司";

export const DEMO = {
  /** clerk (窗口) at the 企业开办综合窗口 YGZX-ZH01 */
  zhouMin: { name: "周敏", phone: "13905156305", where: YGZW },
  /** reviewer and dept_admin */
  shenHua: { name: "沈华", phone: "13505153028", where: YGZW },
  /** approver */
  hanDong: { name: "韩东", phone: "15805151812", where: YGZW },
  /** supervisor (电子监察) */
  yeQing: { name: "叶青", phone: "15905155744", where: YGZW },
  /** platform admin */
  tangLei: { name: "汤磊", phone: "15105154078", where: YGZW },
  /** clerk at the 专窗 YGZX-SJ */
  fengXiao: { name: "冯晓", phone: "18205155919", where: YGSJ },
  /** reviewer */
  zhuLixin: { name: "朱立新", phone: "18905153702", where: YGSJ },
  /** approver */
  kongDeming: { name: "孔德明", phone: "18105156737", where: YGSJ },
  /** dept_admin */
  chengYing: { name: "程颖", phone: "18005151642", where: YGSJ },
  /** clerk */
  renJia: { name: "任佳", phone: "15905158945", where: "云港市住房和城乡建设局" },
  /** clerk */
  yanXiaohong: { name: "严小红", phone: "18105155799", where: "临江镇便民服务中心" },
  /** legal representative */
  chenZhiqiang: { name: "陈志强", phone: "13905155249", where: GANGCHENG },
  /** admin */
  liuFang: { name: "刘芳", phone: "13805156796", where: GANGCHENG },
  /** agent for all items, until 2028-12-31 */
  sunHao: { name: "孙浩", phone: "13705159219", where: GANGCHENG },
  /** agent for the construction items, until 2027-12-31 */
  wuTao: { name: "吴涛", phone: "15005155537", where: "云港滨江置业有限公司" },
  /** agent whose delegation expired 2025-12-31 */
  gaoPeng: { name: "高鹏", phone: "18205159319", where: "云港港航物流股份有限公司" },
  /** individual */
  zhangWei: { name: "张伟", phone: "13705158216" },
  /** individual */
  wangXiuzhen: { name: "王秀珍", phone: "13505152377" },
} as const satisfies Record<string, DemoAccount>;
