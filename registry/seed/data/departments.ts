import { cityUscc } from "./codes.ts";
import { CITY_CODE, LINJIANG_CODE, QINGSHAN_CODE } from "./regions.ts";
import type { SeedDepartment } from "./types.ts";

/**
 * Departments of 云港市. `code` is the prefix of case numbers (2-10 letters A-Z). City departments
 * have no parent except the two 事业单位 that sit under a bureau (城建档案馆 under 住建局,
 * 不动产登记中心 under 自然资源和规划局). Each town's 便民服务中心 acts as the town's department.
 * YGZW (政务服务管理办公室) runs the hall, the comprehensive windows and electronic supervision (电子监察).
 */
const HALL = "云港市港城大道188号";

function city(
  code: string,
  name: string,
  shortName: string,
  orgBody: string,
  phone: string,
  address: string,
  parentCode: string | null = null,
): SeedDepartment {
  return {
    code,
    name,
    shortName,
    level: "city",
    parentCode,
    regionCode: CITY_CODE,
    uscc: cityUscc("11", orgBody),
    phone,
    address,
  };
}

export const departments: SeedDepartment[] = [
  city(
    "YGZW",
    "云港市政务服务管理办公室",
    "市政务办",
    "01410001",
    "0515-86880000",
    `${HALL}市行政服务中心5楼`,
  ),
  city(
    "YGFG",
    "云港市发展和改革委员会",
    "市发改委",
    "01410002",
    "0515-86881010",
    "云港市人民路1号市政府大院2号楼",
  ),
  city("YGSJ", "云港市市场监督管理局", "市市场监管局", "01410013", "0515-86882020", "云港市解放东路66号"),
  city("YGSW", "国家税务总局云港市税务局", "市税务局", "01410024", "0515-86883030", "云港市海昌路28号"),
  city("YGRS", "云港市人力资源和社会保障局", "市人社局", "01410035", "0515-86884040", "云港市文昌路99号"),
  city("YGGA", "云港市公安局", "市公安局", "01410046", "0515-86885050", "云港市朝阳路110号"),
  city("YGZJ", "云港市住房和城乡建设局", "市住建局", "01410057", "0515-86886060", "云港市建设路18号"),
  city(
    "YGZR",
    "云港市自然资源和规划局",
    "市自然资源和规划局",
    "01410068",
    "0515-86887070",
    "云港市建设路20号",
  ),
  city("YGXF", "云港市消防救援大队", "市消防救援大队", "01410079", "0515-86889119", "云港市新港路119号"),
  city(
    "YGRF",
    "云港市人民防空办公室",
    "市人防办",
    "01410080",
    "0515-86881111",
    "云港市人民路1号市政府大院5号楼",
  ),
  city(
    "YGDA",
    "云港市城市建设档案馆",
    "市城建档案馆",
    "01410091",
    "0515-86886100",
    "云港市建设路18号住建大厦6楼",
    "YGZJ",
  ),
  city("YGHB", "云港市生态环境局", "市生态环境局", "01410102", "0515-86888080", "云港市滨江路52号"),
  city(
    "YGBDC",
    "云港市不动产登记中心",
    "市不动产登记中心",
    "01410113",
    "0515-86887100",
    `${HALL}市行政服务中心2楼`,
    "YGZR",
  ),
  city("YGGJJ", "云港市住房公积金管理中心", "市公积金中心", "01410124", "0515-86880123", "云港市海昌路36号"),
  city("YGWJ", "云港市卫生健康委员会", "市卫健委", "01410135", "0515-86882120", "云港市文昌路120号"),
  city("YGJT", "云港市交通运输局", "市交通运输局", "01410146", "0515-86883300", "云港市新港路8号"),
  city("YGMZ", "云港市民政局", "市民政局", "01410157", "0515-86884400", "云港市人民路12号"),
  city(
    "YGRH",
    "中国人民银行云港市分行",
    "人民银行云港市分行",
    "01410168",
    "0515-86885500",
    "云港市解放东路200号",
  ),
  {
    code: "LJBM",
    name: "云港市临江镇便民服务中心",
    shortName: "临江镇便民服务中心",
    level: "town",
    parentCode: null,
    regionCode: LINJIANG_CODE,
    uscc: cityUscc("11", "01420011"),
    phone: "0515-86711000",
    address: "云港市临江镇临江路8号",
  },
  {
    code: "QSBM",
    name: "云港市青山镇便民服务中心",
    shortName: "青山镇便民服务中心",
    level: "town",
    parentCode: null,
    regionCode: QINGSHAN_CODE,
    uscc: cityUscc("11", "01420022"),
    phone: "0515-86722000",
    address: "云港市青山镇青山大街26号",
  },
];
