import { Card, Flex, Typography } from "antd";
import { Link } from "react-router";
import type { ChainGuideView } from "../../../../chain/index.ts";
import { useT } from "../../i18n/index.ts";
import { StageColumns } from "./stage-columns.tsx";

/** The guide's stage diagram: each item with its department, promised and statutory days, and its result. */
export function GuideDiagram({ guide }: { guide: Omit<ChainGuideView, "formSchema"> }) {
  const t = useT();
  return (
    <StageColumns
      label={t("chain.guide.stages")}
      stages={guide.stages.map((s) => ({
        key: s.key,
        title: s.name,
        note: t("chain.stage.promisedMax", { days: Math.max(0, ...s.items.map((i) => i.promisedDays)) }),
        items: s.items.map((i) => (
          <Card key={i.code} size="small" styles={{ body: { padding: 10 } }}>
            <Flex vertical gap={2}>
              <Link to={`/items/${i.code}`}>{i.name}</Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.departmentName}
              </Typography.Text>
              <Typography.Text style={{ fontSize: 12 }}>
                {t("chain.item.days", { promised: i.promisedDays, statutory: i.statutoryDays })}
              </Typography.Text>
              {i.resultTypeName ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t("chain.item.result", { name: i.resultTypeName })}
                </Typography.Text>
              ) : null}
            </Flex>
          </Card>
        )),
      }))}
    />
  );
}
