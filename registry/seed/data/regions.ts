import type { SeedRegion } from "./types.ts";

/**
 * The fictional demo city 云港市 and its towns and villages.
 *
 * Code scheme (modelled on the statistics division codes 统计用区划代码, fictional values):
 * - city:    6 digits, the 行政区划代码 itself ("320999"); this is also the region part of every
 *            USCC and ID number issued in the city;
 * - town:    9 digits = city code + 3-digit town number (1xx for 镇): "320999101";
 * - village: 12 digits = town code + 3-digit village number (2xx for 村民委员会): "320999101201".
 * So a code's level can be read from its length, and its parent is its prefix.
 */
export const CITY_CODE = "320999";
export const LINJIANG_CODE = "320999101";
export const QINGSHAN_CODE = "320999102";
export const JIANGWAN_CODE = "320999101201";
export const YUGANG_CODE = "320999101202";
export const ZHUYUAN_CODE = "320999102201";
export const SHIQIAO_CODE = "320999102202";

export const regions: SeedRegion[] = [
  { code: CITY_CODE, name: "云港市", level: "city", parentCode: null },
  { code: LINJIANG_CODE, name: "临江镇", level: "town", parentCode: CITY_CODE },
  { code: QINGSHAN_CODE, name: "青山镇", level: "town", parentCode: CITY_CODE },
  { code: JIANGWAN_CODE, name: "江湾村", level: "village", parentCode: LINJIANG_CODE },
  { code: YUGANG_CODE, name: "渔港村", level: "village", parentCode: LINJIANG_CODE },
  { code: ZHUYUAN_CODE, name: "竹园村", level: "village", parentCode: QINGSHAN_CODE },
  { code: SHIQIAO_CODE, name: "石桥村", level: "village", parentCode: QINGSHAN_CODE },
];
