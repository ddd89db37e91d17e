import {
  CITY_CODE,
  JIANGWAN_CODE,
  LINJIANG_CODE,
  QINGSHAN_CODE,
  SHIQIAO_CODE,
  YUGANG_CODE,
  ZHUYUAN_CODE,
} from "./regions.ts";
import type { SeedServiceCenter } from "./types.ts";

/** Service halls: the city hall, a 便民服务中心 per town and a 便民服务站 per village. */
const WEEKDAYS = "周一至周五 9:00-12:00，13:30-17:30（法定节假日除外）";

export const centers: SeedServiceCenter[] = [
  {
    code: "YGZX",
    name: "云港市行政服务中心",
    level: "city",
    parentCode: null,
    regionCode: CITY_CODE,
    address: "云港市港城大道188号",
    phone: "0515-86880001",
    hours:
      "周一至周五 9:00-12:00，13:30-17:30；周六 9:00-12:00 企业开办、不动产登记延时服务（法定节假日除外）",
  },
  {
    code: "LJZX",
    name: "云港市临江镇便民服务中心",
    level: "town",
    parentCode: "YGZX",
    regionCode: LINJIANG_CODE,
    address: "云港市临江镇临江路8号",
    phone: "0515-86711001",
    hours: WEEKDAYS,
  },
  {
    code: "QSZX",
    name: "云港市青山镇便民服务中心",
    level: "town",
    parentCode: "YGZX",
    regionCode: QINGSHAN_CODE,
    address: "云港市青山镇青山大街26号",
    phone: "0515-86722001",
    hours: WEEKDAYS,
  },
  {
    code: "LJJW",
    name: "临江镇江湾村便民服务站",
    level: "village",
    parentCode: "LJZX",
    regionCode: JIANGWAN_CODE,
    address: "云港市临江镇江湾村村民委员会一楼",
    phone: "0515-86711201",
    hours: "周一至周五 8:30-11:30，14:00-17:00",
  },
  {
    code: "LJYG",
    name: "临江镇渔港村便民服务站",
    level: "village",
    parentCode: "LJZX",
    regionCode: YUGANG_CODE,
    address: "云港市临江镇渔港村渔港路3号",
    phone: "0515-86711202",
    hours: "周一至周五 8:30-11:30，14:00-17:00",
  },
  {
    code: "QSZY",
    name: "青山镇竹园村便民服务站",
    level: "village",
    parentCode: "QSZX",
    regionCode: ZHUYUAN_CODE,
    address: "云港市青山镇竹园村村民委员会一楼",
    phone: "0515-86722201",
    hours: "周一至周五 8:30-11:30，14:00-17:00",
  },
  {
    code: "QSSQ",
    name: "青山镇石桥村便民服务站",
    level: "village",
    parentCode: "QSZX",
    regionCode: SHIQIAO_CODE,
    address: "云港市青山镇石桥村石桥路16号",
    phone: "0515-86722202",
    hours: "周一至周五 8:30-11:30，14:00-17:00",
  },
];
