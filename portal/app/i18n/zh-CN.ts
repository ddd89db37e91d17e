import { zhCNAdmin } from "./zh-CN/admin.ts";
import { zhCNChain } from "./zh-CN/chain.ts";
import { zhCNCommon } from "./zh-CN/common.ts";
import { zhCNSpace } from "./zh-CN/space.ts";
import { zhCNWorkbench } from "./zh-CN/workbench.ts";

/** Simplified Chinese messages: the default catalog and the source of the message keys, one file per area. */
export const zhCN = { ...zhCNCommon, ...zhCNSpace, ...zhCNWorkbench, ...zhCNChain, ...zhCNAdmin };

/** A key of the message catalogs. */
export type MessageKey = keyof typeof zhCN;
