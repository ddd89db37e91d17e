import type { SeedWindow } from "./types.ts";

/**
 * Windows. In the city hall: comprehensive windows (综合窗口, 无差别受理) for 企业开办, 工程建设项目,
 * 不动产登记 and 社会事务, and one department window (专窗) per city department. One comprehensive
 * window in each town's 便民服务中心. Village stations have no windows: they help applicants (帮办代办)
 * and pass materials to the town.
 */
function deptWindow(dept: string, name: string): SeedWindow {
  return {
    code: `YGZX-${dept.slice(2)}`,
    name,
    centerCode: "YGZX",
    kind: "department",
    departmentCodes: [dept],
  };
}

export const windows: SeedWindow[] = [
  {
    code: "YGZX-ZH01",
    name: "企业开办综合窗口",
    centerCode: "YGZX",
    kind: "comprehensive",
    departmentCodes: ["YGSJ", "YGGA", "YGSW", "YGRS", "YGGJJ", "YGRH"],
  },
  {
    code: "YGZX-ZH02",
    name: "工程建设项目审批综合窗口",
    centerCode: "YGZX",
    kind: "comprehensive",
    departmentCodes: ["YGFG", "YGZR", "YGHB", "YGZJ", "YGXF", "YGRF", "YGDA"],
  },
  {
    code: "YGZX-ZH03",
    name: "不动产登记综合窗口",
    centerCode: "YGZX",
    kind: "comprehensive",
    departmentCodes: ["YGBDC", "YGZJ", "YGSW"],
  },
  {
    code: "YGZX-ZH04",
    name: "社会事务综合窗口",
    centerCode: "YGZX",
    kind: "comprehensive",
    departmentCodes: ["YGRS", "YGMZ", "YGWJ", "YGGJJ", "YGGA"],
  },
  deptWindow("YGZW", "咨询导办与帮办代办窗口"),
  deptWindow("YGFG", "发展改革专窗"),
  deptWindow("YGSJ", "市场监管专窗"),
  deptWindow("YGSW", "税务专窗"),
  deptWindow("YGRS", "人力资源和社会保障专窗"),
  deptWindow("YGGA", "公安专窗"),
  deptWindow("YGZJ", "住房和城乡建设专窗"),
  deptWindow("YGZR", "自然资源和规划专窗"),
  deptWindow("YGXF", "消防专窗"),
  deptWindow("YGRF", "人防专窗"),
  deptWindow("YGDA", "城建档案专窗"),
  deptWindow("YGHB", "生态环境专窗"),
  deptWindow("YGBDC", "不动产登记专窗"),
  deptWindow("YGGJJ", "住房公积金专窗"),
  deptWindow("YGWJ", "卫生健康专窗"),
  deptWindow("YGJT", "交通运输专窗"),
  deptWindow("YGMZ", "民政专窗"),
  deptWindow("YGRH", "人民银行专窗"),
  {
    code: "LJZX-ZH01",
    name: "临江镇便民服务中心综合窗口",
    centerCode: "LJZX",
    kind: "comprehensive",
    departmentCodes: ["LJBM"],
  },
  {
    code: "QSZX-ZH01",
    name: "青山镇便民服务中心综合窗口",
    centerCode: "QSZX",
    kind: "comprehensive",
    departmentCodes: ["QSBM"],
  },
];
