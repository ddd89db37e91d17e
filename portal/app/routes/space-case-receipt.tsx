import { PrinterOutlined } from "@ant-design/icons";
import { Button, Card, Descriptions, Flex, Tag, Typography } from "antd";
import { Link } from "react-router";
import { pageCase } from "../components/space/page-case.ts";
import { chinaDateTime } from "../components/workbench/case-overview.tsx";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase } from "../lib/errors.server.ts";
import type { Route } from "./+types/space-case-receipt";

/** On paper only the receipt: no header, navigation, footer or buttons. */
const PRINT_CSS = `@media print {
  .tb-header, .tb-nav, .tb-footer, .tb-no-print { display: none !important; }
  .tb-receipt { box-shadow: none !important; border: 1px solid #000 !important; }
}`;

export function meta({ loaderData, matches }: Route.MetaArgs) {
  const t = metaT(matches);
  return [
    { title: loaderData ? t("receipt.meta", { caseNo: loaderData.v.case.caseNo }) : t("receipt.title") },
  ];
}

/** The case (NOT_FOUND unless it is the actor's). */
export async function loader({ params, context }: Route.LoaderArgs) {
  const v = pageCase(await callUseCase(() => context.services.space.caseDetail(params.id)));
  return { v };
}

/** 网上申报回执: what was filed, when, with which materials; printable. */
export default function SpaceCaseReceipt({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { v } = loaderData;
  const c = v.case;
  return (
    <Flex vertical gap={16}>
      <style>{PRINT_CSS}</style>
      <Card className="tb-receipt">
        <Typography.Title level={3} style={{ textAlign: "center" }}>
          {t("receipt.title")}
        </Typography.Title>
        <Typography.Paragraph style={{ textAlign: "center" }}>{t("receipt.lead")}</Typography.Paragraph>
        <Descriptions
          bordered
          size="small"
          column={1}
          items={[
            {
              key: "no",
              label: t("receipt.caseNo"),
              children: <Typography.Text strong>{c.caseNo}</Typography.Text>,
            },
            { key: "item", label: t("receipt.item"), children: `${c.itemName}（${c.itemCode}）` },
            { key: "dept", label: t("receipt.department"), children: v.departmentName },
            { key: "app", label: t("receipt.applicant"), children: c.applicantName },
            { key: "at", label: t("receipt.submittedAt"), children: chinaDateTime(c.submittedAt) },
            {
              key: "mat",
              label: t("receipt.materials"),
              children: c.materials.length ? (
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {c.materials.map((m) => (
                    <li key={m.requirementCode}>
                      {v.materialNames[m.requirementCode] ?? m.requirementCode}{" "}
                      <Tag color={m.resultId ? "green" : "blue"}>
                        {t(m.resultId ? "receipt.material.reuse" : "receipt.material.library")}
                      </Tag>
                    </li>
                  ))}
                </ul>
              ) : (
                t("receipt.material.none")
              ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t("receipt.note")}
        </Typography.Paragraph>
      </Card>
      <Flex gap={8} wrap className="tb-no-print">
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t("receipt.print")}
        </Button>
        <Link to={`/space/cases/${c.id}`}>{t("receipt.toCase")}</Link>
      </Flex>
    </Flex>
  );
}
