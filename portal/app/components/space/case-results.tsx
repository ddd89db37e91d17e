import { Descriptions, Flex, Tag, Typography } from "antd";
import type { ApplicantCaseView } from "../../../../chain/index.ts";
import { type MessageKey, useT } from "../../i18n/index.ts";

const STATUS_COLOR: Record<string, string> = { valid: "green", revoked: "red", expired: "default" };

/** 审批结果: the certificates issued on this case, one block each (readable at phone width). */
export function CaseResults({ results }: Pick<ApplicantCaseView, "results">) {
  const t = useT();
  if (results.length === 0) {
    return <Typography.Text type="secondary">{t("space.results.empty")}</Typography.Text>;
  }
  return (
    <Flex vertical gap={12}>
      {results.map((r) => (
        <Descriptions
          key={r.id}
          column={{ xs: 1, sm: 2 }}
          size="small"
          bordered
          styles={{ label: { whiteSpace: "nowrap" } }}
        >
          <Descriptions.Item label={t("space.results.name")}>{r.name}</Descriptions.Item>
          <Descriptions.Item label={t("space.results.number")}>
            <Typography.Text copyable style={{ overflowWrap: "anywhere" }}>
              {r.number}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t("space.results.validTo")}>
            {r.validTo ?? t("space.results.noExpiry")}
          </Descriptions.Item>
          <Descriptions.Item label={t("space.results.status")}>
            <Tag color={STATUS_COLOR[r.status]}>
              {Object.hasOwn(STATUS_COLOR, r.status)
                ? t(`space.results.status.${r.status}` as MessageKey)
                : r.status}
            </Tag>
          </Descriptions.Item>
        </Descriptions>
      ))}
    </Flex>
  );
}
