import { Flex, Typography } from "antd";
import { BasicInfo } from "../components/guide/basic-info.tsx";
import { FlowSteps } from "../components/guide/flow-steps.tsx";
import { FormPreview } from "../components/guide/form-preview.tsx";
import { GuideHeader } from "../components/guide/guide-header.tsx";
import { MaterialsTable } from "../components/guide/materials-table.tsx";
import { ResultInfo } from "../components/guide/result-info.tsx";
import { GuideSection } from "../components/guide/section.tsx";
import { ServicePoints } from "../components/guide/service-points.tsx";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase } from "../lib/errors.server.ts";
import { parseItemCode } from "../lib/item-code.server.ts";
import type { Route } from "./+types/item-guide";

export function meta({ loaderData, matches }: Route.MetaArgs) {
  const t = metaT(matches);
  if (!loaderData) return [{ title: t("meta.notFound") }];
  const { guide } = loaderData;
  return [
    { title: t("meta.itemGuide", { name: guide.name }) },
    { name: "description", content: `${guide.name}（${guide.departmentName}）${t("guide.title")}` },
  ];
}

export async function loader({ params, context }: Route.LoaderArgs) {
  const code = parseItemCode(params.code);
  const guide = await callUseCase(() => context.services.catalog.getItemGuide(code));
  return { guide };
}

/** 办事指南: every field of the item's current version, then the way to apply. */
export default function ItemGuide({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { guide } = loaderData;
  return (
    <Flex vertical gap={16}>
      <GuideHeader guide={guide} />
      <GuideSection id="basic" title={t("guide.section.basic")}>
        <BasicInfo guide={guide} />
      </GuideSection>
      <GuideSection id="legal-basis" title={t("guide.section.legalBasis")}>
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          {guide.legalBasis.map((basis) => (
            <li key={basis} style={{ marginBottom: 4 }}>
              {basis}
            </li>
          ))}
        </ol>
      </GuideSection>
      <GuideSection id="conditions" title={t("guide.section.conditions")}>
        <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>
          {guide.conditions || t("guide.conditions.none")}
        </Typography.Paragraph>
      </GuideSection>
      <GuideSection id="materials" title={t("guide.section.materials")}>
        <MaterialsTable materials={guide.materials} resultTypeNames={guide.resultTypeNames} />
      </GuideSection>
      <GuideSection id="flow" title={t("guide.section.flow")}>
        <FlowSteps flow={guide.flowTemplate} />
      </GuideSection>
      <GuideSection id="result" title={t("guide.section.result")}>
        <ResultInfo result={guide.resultType} />
      </GuideSection>
      <GuideSection id="points" title={t("guide.section.points")}>
        <ServicePoints points={guide.servicePoints} />
      </GuideSection>
      <GuideSection id="form" title={t("guide.section.form")}>
        <FormPreview schema={guide.formSchema} />
      </GuideSection>
    </Flex>
  );
}
