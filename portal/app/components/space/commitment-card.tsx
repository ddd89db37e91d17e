import { Card, Descriptions, Tag, Typography } from "antd";
import type { ApplicantCommitmentView } from "../../../../registry/index.ts";
import { useT } from "../../i18n/index.ts";
import { chinaDateTime } from "../workbench/case-overview.tsx";

const COLOR = { open: "processing", passed: "success", failed: "error" } as const;

/** 告知承诺: what the applicant committed to, by when the department verifies it, and what it found. */
export function CommitmentCard({ c }: { c: ApplicantCommitmentView }) {
  const t = useT();
  return (
    <Card title={t("space.commitment.title")} size="small">
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: "text",
            label: t("space.commitment.text"),
            children: (
              <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                {c.commitmentText}
              </Typography.Paragraph>
            ),
          },
          {
            key: "status",
            label: t("space.commitment.status"),
            children: (
              <Tag color={COLOR[c.status]}>
                {t(`space.commitment.status.${c.status}`)}
                {c.overdue ? t("space.commitment.overdue") : ""}
              </Tag>
            ),
          },
          { key: "due", label: t("space.commitment.dueOn"), children: c.dueOn },
          ...(c.finding
            ? [{ key: "finding", label: t("space.commitment.finding"), children: c.finding }]
            : []),
          ...(c.resolvedAt
            ? [{ key: "at", label: t("space.commitment.resolvedAt"), children: chinaDateTime(c.resolvedAt) }]
            : []),
        ]}
      />
    </Card>
  );
}
