import { Card, Descriptions, Flex, Tag } from "antd";
import type { ApplyContextView } from "../../../../registry/index.ts";
import { useT } from "../../i18n/index.ts";
import { formFieldsOf } from "../../lib/form-schema.ts";
import { type Chosen, describeChoice, type Requirement } from "./apply-state.ts";

function show(v: unknown): string {
  if (v === undefined || v === null || v === "") return "—";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** The applicant, as the apply page shows them (masked ID only). */
export function ApplicantDescriptions({ applicant }: { applicant: ApplyContextView["applicant"] }) {
  const t = useT();
  const items =
    applicant.type === "person"
      ? [
          { key: "n", label: t("apply.applicant.name"), children: applicant.name },
          { key: "i", label: t("apply.applicant.idMasked"), children: applicant.idNumberMasked },
        ]
      : [
          { key: "n", label: t("apply.applicant.enterprise"), children: applicant.name },
          { key: "u", label: t("apply.applicant.uscc"), children: applicant.uscc },
          { key: "l", label: t("apply.applicant.legalRep"), children: applicant.legalRepName },
          { key: "a", label: t("apply.applicant.address"), children: applicant.address },
          { key: "g", label: t("apply.applicant.agent"), children: applicant.agentName },
        ];
  return <Descriptions size="small" column={{ xs: 1, md: 2 }} items={items} />;
}

/** Step 3: everything that will be submitted. */
export function ReviewStep(props: {
  v: Pick<ApplyContextView, "library" | "results"> & {
    guide: { formSchema: Record<string, unknown>; materials: Requirement[] };
  };
  formData: Record<string, unknown>;
  chosen: Chosen;
  /** Fields filled from the registry at submit (shown masked here). */
  using: string[];
}) {
  const t = useT();
  const { v } = props;
  return (
    <Flex vertical gap={12}>
      <Card size="small" title={t("apply.review.form")}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={formFieldsOf(v.guide.formSchema).map((f) => ({
            key: f.name,
            label: f.title,
            children: props.using.includes(f.name) ? (
              <span>
                {show(props.formData[f.name])} <Tag color="blue">{t("apply.registered.tag")}</Tag>
              </span>
            ) : (
              show(props.formData[f.name])
            ),
          }))}
        />
      </Card>
      <Card size="small" title={t("apply.review.materials")}>
        <Descriptions
          size="small"
          column={1}
          items={v.guide.materials.map((r) => {
            const d = describeChoice(props.chosen[r.code], v.library, v.results);
            return {
              key: r.code,
              label: r.name,
              children:
                d.kind === "none" ? (
                  <Tag>{t("apply.review.none")}</Tag>
                ) : (
                  <span>
                    <Tag color={d.kind === "result" ? "green" : "blue"}>
                      {t(d.kind === "result" ? "apply.review.reuse" : "apply.review.library")}
                    </Tag>
                    {d.label}
                  </span>
                ),
            };
          })}
        />
      </Card>
    </Flex>
  );
}
