import type { SeedStaff, StaffRole } from "./types.ts";

/**
 * Staff of each department. Every department has at least a clerk (窗口, with a window), a reviewer
 * (审查), an approver (决定) and a dept_admin; small departments let one section chief hold reviewer,
 * approver and dept_admin. The 政务服务管理办公室 (YGZW) also staffs the comprehensive windows, the
 * electronic supervision (监察, role supervisor) and the platform administration (admin).
 */
function s(
  personKey: string,
  departmentCode: string,
  roles: StaffRole[],
  windowCode: string | null = null,
): SeedStaff {
  return { personKey, departmentCode, roles: [...roles], windowCode };
}

const CHIEF: StaffRole[] = ["reviewer", "approver", "dept_admin"];

export const staff: SeedStaff[] = [
  // 市政务办: comprehensive windows, supervision, platform administration
  s("zhou_min", "YGZW", ["clerk"], "YGZX-ZH01"),
  s("xu_jing", "YGZW", ["clerk"], "YGZX-ZH02"),
  s("cao_li", "YGZW", ["clerk"], "YGZX-ZH03"),
  s("jiang_tao", "YGZW", ["clerk"], "YGZX-ZH04"),
  s("shen_hua", "YGZW", ["reviewer", "dept_admin"]),
  s("han_dong", "YGZW", ["approver"]),
  s("ye_qing", "YGZW", ["supervisor"]),
  s("du_jun", "YGZW", ["supervisor"]),
  s("tang_lei", "YGZW", ["admin"]),
  // 市发改委
  s("peng_xue", "YGFG", ["clerk"], "YGZX-FG"),
  s("yuan_bin", "YGFG", ["reviewer", "dept_admin"]),
  s("deng_jianhua", "YGFG", ["approver"]),
  // 市市场监管局
  s("feng_xiao", "YGSJ", ["clerk"], "YGZX-SJ"),
  s("lv_ting", "YGSJ", ["clerk"], "YGZX-ZH01"),
  s("zhu_lixin", "YGSJ", ["reviewer"]),
  s("cheng_ying", "YGSJ", ["dept_admin"]),
  s("kong_deming", "YGSJ", ["approver"]),
  // 市税务局
  s("xie_yu", "YGSW", ["clerk"], "YGZX-SW"),
  s("pan_wei", "YGSW", ["reviewer", "dept_admin"]),
  s("dong_haiyan", "YGSW", ["approver"]),
  // 市人社局
  s("yu_yang", "YGRS", ["clerk"], "YGZX-RS"),
  s("cai_hong", "YGRS", ["reviewer", "dept_admin"]),
  s("tian_guoqing", "YGRS", ["approver"]),
  // 市公安局
  s("xia_chen", "YGGA", ["clerk"], "YGZX-GA"),
  s("zhong_yi", "YGGA", ["reviewer", "dept_admin"]),
  s("jiang_weidong", "YGGA", ["approver"]),
  // 市住建局
  s("ren_jia", "YGZJ", ["clerk"], "YGZX-ZJ"),
  s("fan_zhigang", "YGZJ", ["reviewer"]),
  s("fang_fang", "YGZJ", ["dept_admin"]),
  s("shi_hongwei", "YGZJ", ["approver"]),
  // 市自然资源和规划局
  s("yao_lin", "YGZR", ["clerk"], "YGZX-ZR"),
  s("liao_jun", "YGZR", ["reviewer", "dept_admin"]),
  s("zou_jianping", "YGZR", ["approver"]),
  // 市消防救援大队
  s("xiong_liang", "YGXF", ["clerk"], "YGZX-XF"),
  s("jin_peng", "YGXF", CHIEF),
  // 市人防办
  s("lu_yan", "YGRF", ["clerk"], "YGZX-RF"),
  s("bai_jianming", "YGRF", CHIEF),
  // 市城建档案馆
  s("cui_ting", "YGDA", ["clerk"], "YGZX-DA"),
  s("qin_hai", "YGDA", CHIEF),
  // 市生态环境局
  s("jia_qi", "YGHB", ["clerk"], "YGZX-HB"),
  s("wei_qiang", "YGHB", ["reviewer", "dept_admin"]),
  s("xue_wen", "YGHB", ["approver"]),
  // 市不动产登记中心
  s("yan_lei", "YGBDC", ["clerk"], "YGZX-BDC"),
  s("duan_yong", "YGBDC", ["reviewer", "dept_admin"]),
  s("lei_ming", "YGBDC", ["approver"]),
  // 市公积金中心
  s("hou_yue", "YGGJJ", ["clerk"], "YGZX-GJJ"),
  s("long_fei", "YGGJJ", ["reviewer", "dept_admin"]),
  s("shi_hongmei", "YGGJJ", ["approver"]),
  // 市卫健委
  s("tao_ran", "YGWJ", ["clerk"], "YGZX-WJ"),
  s("li_minghua", "YGWJ", CHIEF),
  // 市交通运输局
  s("he_na", "YGJT", ["clerk"], "YGZX-JT"),
  s("gu_jianxin", "YGJT", CHIEF),
  // 市民政局
  s("mao_jiahui", "YGMZ", ["clerk"], "YGZX-MZ"),
  s("hao_wenbin", "YGMZ", CHIEF),
  // 人民银行云港市分行
  s("qiu_yue", "YGRH", ["clerk"], "YGZX-RH"),
  s("wan_guoping", "YGRH", CHIEF),
  // 临江镇便民服务中心
  s("yan_xiaohong", "LJBM", ["clerk"], "LJZX-ZH01"),
  s("yin_jianjun", "LJBM", CHIEF),
  // 青山镇便民服务中心
  s("chang_lijuan", "QSBM", ["clerk"], "QSZX-ZH01"),
  s("wu_zhiyuan", "QSBM", CHIEF),
];
