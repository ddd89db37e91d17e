import { enAdmin } from "./en/admin.ts";
import { enChain } from "./en/chain.ts";
import { enCommon } from "./en/common.ts";
import { enSpace } from "./en/space.ts";
import { enWorkbench } from "./en/workbench.ts";
import type { MessageKey } from "./zh-CN.ts";

/** English messages, one file per area as in zh-CN/; every key of the Chinese catalog must be present. */
export const en: Record<MessageKey, string> = {
  ...enCommon,
  ...enSpace,
  ...enWorkbench,
  ...enChain,
  ...enAdmin,
};
