import { Card, Descriptions, Flex, Tag, Typography } from "antd";
import { parseChainCode } from "../components/chain/chain-code.server.ts";
import { GuideDiagram } from "../components/chain/guide-diagram.tsx";
import { ChainMaterialsTable, Handoffs, TimeComparison } from "../components/chain/guide-parts.tsx";
import { GuideSection } from "../components/guide/section.tsx";
import { LinkButton } from "../components/link-button.tsx";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase } from "../lib/errors.server.ts";
import { subjectLabel } from "../lib/labels.ts";
import type { Route } from "./+types/chain-guide";

export function meta({ loaderData, matches }: Route.MetaArgs) {
  const t = metaT(matches);
  if (!loaderData) return [{ title: t("meta.notFound") }];
  const { guide } = loaderData;
  return [
    { title: t("chain.meta.guide", { name: guide.name }) },
    { name: "description", content: guide.summary },
  ];
}

export async function loader({ params, context }: Route.LoaderArgs) {
  const code = parseChainCode(params.code);
  const { formSchema: _form, ...guide } = await callUseCase(() => context.services.chains.guide(code));
  return { guide };
}

/** 一件事办事指南: the stages and departments, the time saved, the one set of materials, what is passed on. */
export default function ChainGuide({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { guide } = loaderData;
  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex vertical gap={12}>
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {guide.name}
            </Typography.Title>
            <LinkButton to={`/chains/${guide.code}/apply`} type="primary" size="large">
              {t("chain.apply.button")}
            </LinkButton>
          </Flex>
          <Typography.Paragraph style={{ margin: 0 }}>{guide.summary}</Typography.Paragraph>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              { key: "code", label: t("chain.guide.code"), children: `${guide.code}（v${guide.version}）` },
              {
                key: "who",
                label: t("chain.guide.who"),
                children: guide.subjectTypes.map((s) => <Tag key={s}>{subjectLabel(s, t)}</Tag>),
              },
              {
                key: "promise",
                label: t("chain.clock.promise"),
                children: t("chain.promise", { days: guide.promiseDays }),
              },
              {
                key: "counts",
                label: t("chain.guide.scope"),
                children: t("chain.counts", {
                  stages: guide.stageCount,
                  items: guide.itemCount,
                  departments: guide.departments.length,
                }),
              },
              {
                key: "fields",
                label: t("chain.guide.form"),
                children: t("chain.guide.fields", { n: guide.fieldCount }),
              },
              {
                key: "est",
                label: t("chain.guide.establishes"),
                children: guide.establishesEnterprise
                  ? t("chain.guide.establishesYes", { item: guide.establishesEnterprise })
                  : "—",
              },
            ]}
          />
        </Flex>
      </Card>
      <GuideSection id="stages" title={t("chain.guide.stages")}>
        <GuideDiagram guide={guide} />
      </GuideSection>
      <GuideSection id="time" title={t("chain.guide.time")}>
        <TimeComparison guide={guide} />
      </GuideSection>
      <GuideSection id="materials" title={t("chain.guide.materials")}>
        <ChainMaterialsTable guide={guide} />
      </GuideSection>
      <GuideSection id="handoffs" title={t("chain.guide.handoffs")}>
        <Handoffs guide={guide} />
      </GuideSection>
      <GuideSection id="who" title={t("chain.guide.whoTitle")}>
        <Typography.Paragraph style={{ margin: 0 }}>
          {t("chain.guide.whoText", { who: guide.subjectTypes.map((s) => subjectLabel(s, t)).join("、") })}
        </Typography.Paragraph>
      </GuideSection>
      <Flex justify="center">
        <LinkButton to={`/chains/${guide.code}/apply`} type="primary" size="large">
          {t("chain.apply.button")}
        </LinkButton>
      </Flex>
    </Flex>
  );
}
