import { Descriptions, Typography } from "antd";
import type { ItemGuideView } from "../../../../registry/index.ts";
import { useT } from "../../i18n/index.ts";

/** 办理结果: what the applicant receives and how long it is valid. */
export function ResultInfo({ result }: { result: ItemGuideView["resultType"] }) {
  const t = useT();
  if (!result) return <Typography.Text type="secondary">{t("guide.result.none")}</Typography.Text>;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 1, md: 3 }}
      items={[
        { key: "name", label: t("guide.result.name"), children: result.name },
        { key: "code", label: t("guide.result.code"), children: result.code },
        {
          key: "validity",
          label: t("guide.result.validity"),
          children:
            result.validMonths === null
              ? t("guide.result.noExpiry")
              : t("guide.result.validMonths", { months: result.validMonths }),
        },
      ]}
    />
  );
}
