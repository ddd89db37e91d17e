import { cityUscc } from "./codes.ts";
import type { SeedEnterprise, SeedMember } from "./types.ts";

/**
 * Enterprises registered in 云港市. USCCs: "91" (企业) or "92" (个体工商户) + the city's region code +
 * a GB 11714 organisation code (older firms keep their numeric pre-2015 code, newer ones an "MA…" code).
 * Members: the legal representative always; admins act for the enterprise on everything; agents
 * (经办人) act on "all" items or on listed item codes within their validity period.
 */
function legalRep(personKey: string, since: string): SeedMember {
  return { personKey, role: "legal_rep", scope: "all", validFrom: since, validTo: null };
}

export const enterprises: SeedEnterprise[] = [
  {
    uscc: cityUscc("91", "MA1MXK2R"),
    name: "云港市港城网络科技有限公司",
    type: "有限责任公司（自然人投资或控股）",
    legalRepKey: "chen_zhiqiang",
    address: "云港市港城大道266号科创大厦1205室",
    registeredCapitalYuan: 2_000_000,
    businessScope:
      "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；信息系统集成服务；数据处理服务。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
    establishedOn: "2019-04-18",
    status: "active",
    members: [
      legalRep("chen_zhiqiang", "2019-04-18"),
      { personKey: "liu_fang", role: "admin", scope: "all", validFrom: "2019-04-18", validTo: null },
      { personKey: "sun_hao", role: "agent", scope: "all", validFrom: "2025-01-01", validTo: "2028-12-31" },
    ],
  },
  {
    uscc: cityUscc("91", "73852614"),
    name: "云港临江建设工程有限公司",
    type: "有限责任公司（自然人投资或控股）",
    legalRepKey: "wang_jianguo",
    address: "云港市临江镇临江路66号",
    registeredCapitalYuan: 50_000_000,
    businessScope:
      "许可项目：建设工程施工；住宅室内装饰装修。一般项目：建筑材料销售；机械设备租赁。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
    establishedOn: "2002-06-11",
    status: "active",
    members: [
      legalRep("wang_jianguo", "2002-06-11"),
      {
        personKey: "zhou_lei",
        role: "agent",
        scope: ["YGZJ-ZZ-001", "YGZJ-SG-001", "YGZJ-ZJ-001"],
        validFrom: "2024-03-01",
        validTo: null,
      },
    ],
  },
  {
    uscc: cityUscc("91", "MA1W7H3C"),
    name: "云港滨江置业有限公司",
    type: "有限责任公司（非自然人投资或控股的法人独资）",
    legalRepKey: "zhao_haifeng",
    address: "云港市滨江路128号江景华庭商务楼3楼",
    registeredCapitalYuan: 100_000_000,
    businessScope:
      "许可项目：房地产开发经营。一般项目：物业管理；非居住房地产租赁。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
    establishedOn: "2018-09-05",
    status: "active",
    members: [
      legalRep("zhao_haifeng", "2018-09-05"),
      { personKey: "qian_li", role: "admin", scope: "all", validFrom: "2018-09-05", validTo: null },
      {
        personKey: "wu_tao",
        role: "agent",
        scope: [
          "YGFG-XM-001",
          "YGZR-GH-001",
          "YGZR-GH-002",
          "YGHB-HP-001",
          "YGZJ-SG-001",
          "YGZR-HS-001",
          "YGXF-YS-001",
          "YGRF-YS-001",
          "YGDA-YS-001",
          "YGZJ-ZJ-001",
          "YGZJ-BA-001",
        ],
        validFrom: "2025-01-01",
        validTo: "2027-12-31",
      },
    ],
  },
  {
    uscc: cityUscc("91", "MA27QJ4D"),
    name: "云港市青山味道餐饮有限公司",
    type: "有限责任公司（自然人独资）",
    legalRepKey: "huang_xiuying",
    address: "云港市青山镇青山大街102号",
    registeredCapitalYuan: 500_000,
    businessScope: "许可项目：餐饮服务；食品销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
    establishedOn: "2021-03-22",
    status: "active",
    members: [
      legalRep("huang_xiuying", "2021-03-22"),
      {
        personKey: "li_na",
        role: "agent",
        scope: ["YGSJ-SP-001", "YGXF-AJ-001"],
        validFrom: "2026-01-05",
        validTo: null,
      },
    ],
  },
  {
    uscc: cityUscc("92", "MA2A8N5F"),
    name: "云港市临江镇老街面馆",
    type: "个体工商户",
    legalRepKey: "xu_desheng",
    address: "云港市临江镇老街18号",
    registeredCapitalYuan: 50_000,
    businessScope: "许可项目：小餐饮。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
    establishedOn: "2022-07-01",
    status: "active",
    members: [legalRep("xu_desheng", "2022-07-01")],
  },
  {
    uscc: cityUscc("91", "67291048"),
    name: "云港港航物流股份有限公司",
    type: "股份有限公司（非上市、自然人投资或控股）",
    legalRepKey: "he_zhenhua",
    address: "云港市新港路30号港航大厦",
    registeredCapitalYuan: 80_000_000,
    businessScope:
      "许可项目：道路货物运输（不含危险货物）；港口经营。一般项目：国内货物运输代理；普通货物仓储服务；装卸搬运。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
    establishedOn: "2008-01-15",
    status: "active",
    members: [
      legalRep("he_zhenhua", "2008-01-15"),
      { personKey: "luo_xiaomei", role: "admin", scope: "all", validFrom: "2015-06-01", validTo: null },
      // an expired delegation: the agent may no longer act for the company
      { personKey: "gao_peng", role: "agent", scope: "all", validFrom: "2023-01-01", validTo: "2025-12-31" },
    ],
  },
  {
    uscc: cityUscc("91", "MA1Q2T6G"),
    name: "云港市康宁大药房连锁有限公司",
    type: "有限责任公司（自然人投资或控股）",
    legalRepKey: "ma_xiaoyan",
    address: "云港市文昌路168号1-3号商铺",
    registeredCapitalYuan: 3_000_000,
    businessScope:
      "许可项目：药品零售；第三类医疗器械经营。一般项目：第二类医疗器械销售；保健食品（预包装）销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
    establishedOn: "2017-05-09",
    status: "active",
    members: [legalRep("ma_xiaoyan", "2017-05-09")],
  },
  {
    uscc: cityUscc("91", "MA1T9U7H"),
    name: "云港市顺达道路运输有限公司",
    type: "有限责任公司（自然人投资或控股）",
    legalRepKey: "hu_jianjun",
    address: "云港市新港路8号物流园B区12号",
    registeredCapitalYuan: 5_000_000,
    businessScope:
      "许可项目：道路货物运输（不含危险货物）。一般项目：国内货物运输代理；汽车租赁。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
    establishedOn: "2018-02-27",
    status: "active",
    members: [
      legalRep("hu_jianjun", "2018-02-27"),
      {
        personKey: "gao_peng",
        role: "agent",
        scope: ["YGJT-YS-001"],
        validFrom: "2026-01-01",
        validTo: null,
      },
    ],
  },
  {
    uscc: cityUscc("91", "MA20K4PB"),
    name: "云港绿源环保科技有限公司",
    type: "有限责任公司（自然人投资或控股）",
    legalRepKey: "lin_jing",
    address: "云港市临江镇临江工业集中区纬二路9号",
    registeredCapitalYuan: 10_000_000,
    businessScope:
      "一般项目：资源再生利用技术研发；再生资源加工；塑料制品制造；环境保护专用设备销售。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
    establishedOn: "2019-11-13",
    status: "active",
    members: [legalRep("lin_jing", "2019-11-13")],
  },
  {
    uscc: cityUscc("91", "MA22L5RC"),
    name: "云港市悦享酒店管理有限公司",
    type: "有限责任公司（自然人投资或控股）",
    legalRepKey: "guo_wei",
    address: "云港市港城大道500号",
    registeredCapitalYuan: 8_000_000,
    businessScope:
      "许可项目：住宿服务；餐饮服务；高危险性体育运动（游泳）。一般项目：酒店管理；会议及展览服务。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
    establishedOn: "2020-06-30",
    status: "active",
    members: [
      legalRep("guo_wei", "2020-06-30"),
      {
        personKey: "sun_hao",
        role: "agent",
        scope: ["YGWJ-WS-001", "YGXF-AJ-001", "YGSJ-SP-001"],
        validFrom: "2025-03-01",
        validTo: null,
      },
    ],
  },
  {
    uscc: cityUscc("91", "76845213"),
    name: "云港市江海机械制造有限公司",
    type: "有限责任公司（自然人投资或控股）",
    legalRepKey: "luo_bin",
    address: "云港市青山镇工业园区青山路18号",
    registeredCapitalYuan: 30_000_000,
    businessScope:
      "一般项目：通用设备制造（不含特种设备制造）；港口装卸机械制造；金属结构制造。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
    establishedOn: "2004-08-20",
    status: "active",
    members: [legalRep("luo_bin", "2004-08-20")],
  },
  {
    uscc: cityUscc("91", "MA1N3W8E"),
    name: "云港青山茶业有限公司",
    type: "有限责任公司（自然人投资或控股）",
    legalRepKey: "liang_guilan",
    address: "云港市青山镇竹园村茶场路1号",
    registeredCapitalYuan: 1_000_000,
    businessScope:
      "许可项目：茶叶制品生产；食品销售。一般项目：茶叶种植；农产品的生产、销售、加工、运输、贮藏及其他相关服务。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
    establishedOn: "2016-10-10",
    status: "active",
    members: [legalRep("liang_guilan", "2016-10-10")],
  },
  {
    uscc: cityUscc("91", "MA1P6X9K"),
    name: "云港城投建设发展有限公司",
    type: "有限责任公司（国有独资）",
    legalRepKey: "song_guodong",
    address: "云港市人民路1号城投大厦",
    registeredCapitalYuan: 500_000_000,
    businessScope:
      "许可项目：房地产开发经营；建设工程施工。一般项目：城市基础设施投资建设；土地整治服务；园区管理服务。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
    establishedOn: "2016-12-28",
    status: "active",
    members: [
      legalRep("song_guodong", "2016-12-28"),
      {
        personKey: "yang_fan",
        role: "agent",
        scope: ["YGFG-XM-001", "YGZR-GH-001", "YGZR-GH-002", "YGHB-HP-001", "YGZJ-SG-001"],
        validFrom: "2024-07-01",
        validTo: null,
      },
    ],
  },
  {
    uscc: cityUscc("91", "MA1K4Y2J"),
    name: "云港市永兴贸易有限公司",
    type: "有限责任公司（自然人投资或控股）",
    legalRepKey: "zheng_kai",
    address: "云港市解放东路88号金色家园商铺5号",
    registeredCapitalYuan: 1_000_000,
    businessScope:
      "一般项目：五金产品批发；建筑材料销售；日用百货销售。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）",
    establishedOn: "2016-03-15",
    status: "revoked",
    members: [legalRep("zheng_kai", "2016-03-15")],
  },
];
