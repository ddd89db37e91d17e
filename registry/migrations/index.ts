import type { Constructor } from "@mikro-orm/core";
import type { Migration } from "@mikro-orm/migrations";
import { Migration20261122224753_initial } from "./Migration20261122224753_initial.ts";
import { Migration20261122232530_identity } from "./Migration20261122232530_identity.ts";
import { Migration20261123001458_case_flow } from "./Migration20261123001458_case_flow.ts";
import { Migration20261123010911_verification } from "./Migration20261123010911_verification.ts";
import { Migration20261124090000_message_read } from "./Migration20261124090000_message_read.ts";
import { Migration20261124100000_case_draft } from "./Migration20261124100000_case_draft.ts";
import { Migration20261125090000_chain } from "./Migration20261125090000_chain.ts";
import { Migration20261127090000_idempotency } from "./Migration20261127090000_idempotency.ts";
import { Migration20261128090000_webhooks } from "./Migration20261128090000_webhooks.ts";
import { Migration20261129090000_result_case_index } from "./Migration20261129090000_result_case_index.ts";
import { Migration20261129100000_case_department_updated } from "./Migration20261129100000_case_department_updated.ts";

/** Committed migrations, in order. A new one is created with `npm run db:migration:create` and listed here. */
export const registryMigrations: { name: string; class: Constructor<Migration> }[] = [
  { name: "Migration20261122224753_initial", class: Migration20261122224753_initial },
  { name: "Migration20261122232530_identity", class: Migration20261122232530_identity },
  { name: "Migration20261123001458_case_flow", class: Migration20261123001458_case_flow },
  { name: "Migration20261123010911_verification", class: Migration20261123010911_verification },
  { name: "Migration20261124090000_message_read", class: Migration20261124090000_message_read },
  { name: "Migration20261124100000_case_draft", class: Migration20261124100000_case_draft },
  { name: "Migration20261125090000_chain", class: Migration20261125090000_chain },
  { name: "Migration20261127090000_idempotency", class: Migration20261127090000_idempotency },
  { name: "Migration20261128090000_webhooks", class: Migration20261128090000_webhooks },
  { name: "Migration20261129090000_result_case_index", class: Migration20261129090000_result_case_index },
  {
    name: "Migration20261129100000_case_department_updated",
    class: Migration20261129100000_case_department_updated,
  },
];
