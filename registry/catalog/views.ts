import type { TFlowTemplate, TMaterialRequirement } from "./catalog.schema.ts";

/** One line of the catalog: what the home page lists. */
export interface ServiceItemSummary {
  code: string;
  version: number;
  name: string;
  departmentCode: string;
  departmentName: string;
  kind: string;
  handlingType: "instant" | "promised" | "escalated" | "joint";
  subjectTypes: ("person" | "enterprise")[];
  statutoryDays: number;
  promisedDays: number;
  onlineDepth: string;
  visitsRequired: number;
  feeFen: number;
}

/** The catalog grouped by department (city first, then towns, then villages). */
export interface CatalogView {
  departments: {
    code: string;
    name: string;
    level: "city" | "town" | "village";
    items: ServiceItemSummary[];
  }[];
  itemCount: number;
}

/** 办事指南: every field of the current version of an item. */
export interface ItemGuideView extends ServiceItemSummary {
  legalBasis: string[];
  conditions: string;
  feeBasis: string;
  servicePoints: { name: string; address: string; phone: string; hours: string }[];
  materials: TMaterialRequirement[];
  formSchema: Record<string, unknown>;
  flowTemplate: TFlowTemplate;
  resultType: { code: string; name: string; validMonths: number | null } | null;
  department: { code: string; name: string; phone: string; address: string };
  /** Names of the result types that materials accept for once-only reuse, by code. */
  resultTypeNames: Record<string, string>;
  publishedAt: string; // ISO
}
