import { Button, Card, Descriptions, Flex, Tag } from "antd";
import { Link } from "react-router";
import { chinaDateTime } from "../components/workbench/case-overview.tsx";
import { useT } from "../i18n/index.ts";
import { callUseCase } from "../lib/errors.server.ts";
import type { Route } from "./+types/space-result";
import { RESULT_STATUS_COLOR } from "./space-results.tsx";

/** One of the actor's results (NOT_FOUND for anyone else's), with a signed download link when it has a file. */
export async function loader({ context, params }: Route.LoaderArgs) {
  return { r: await callUseCase(() => context.services.mySpace.result(params.id)) };
}

/** 证照详情: the GB/T 36903 fields (issuer code, holder id type, jurisdiction) and the printed fields. */
export default function SpaceResult({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { r } = loaderData;
  return (
    <Card
      title={`${r.name}（${r.number}）`}
      extra={
        <Flex gap={8}>
          {r.downloadUrl ? (
            <Button type="primary" href={r.downloadUrl}>
              {t("space.res.download")}
            </Button>
          ) : null}
          <Link to="/space/results">{t("space.res.back")}</Link>
        </Flex>
      }
    >
      <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
        <Descriptions.Item label={t("space.res.name")}>{r.name}</Descriptions.Item>
        <Descriptions.Item label={t("space.res.number")}>{r.number}</Descriptions.Item>
        <Descriptions.Item label={t("space.res.type")}>{r.resultTypeCode}</Descriptions.Item>
        <Descriptions.Item label={t("space.col.status")}>
          <Tag color={RESULT_STATUS_COLOR[r.status]}>{t(`space.res.status.${r.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t("space.res.holder")}>{r.holderName}</Descriptions.Item>
        <Descriptions.Item label={t("space.res.holderIdType")}>
          {r.certificate.holderIdType}
        </Descriptions.Item>
        <Descriptions.Item label={t("space.res.issuer")}>{r.issuingDepartment.name}</Descriptions.Item>
        <Descriptions.Item label={t("space.res.issuerCode")}>{r.certificate.issuerCode}</Descriptions.Item>
        <Descriptions.Item label={t("space.res.jurisdiction")}>
          {r.certificate.jurisdictionCode}
        </Descriptions.Item>
        <Descriptions.Item label={t("space.res.issuedAt")}>{chinaDateTime(r.issuedAt)}</Descriptions.Item>
        <Descriptions.Item label={t("space.res.validFrom")}>{r.validFrom}</Descriptions.Item>
        <Descriptions.Item label={t("space.res.validTo")}>
          {r.validTo ?? t("space.mat.noExpiry")}
        </Descriptions.Item>
        {r.caseId ? (
          <Descriptions.Item label={t("space.res.case")}>
            <Link to={`/space/cases/${r.caseId}`}>{r.itemCode ?? r.caseId}</Link>
          </Descriptions.Item>
        ) : null}
        {Object.entries(r.data).map(([k, v]) => (
          <Descriptions.Item key={k} label={k}>
            {v === null || v === undefined ? "—" : String(v)}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}
