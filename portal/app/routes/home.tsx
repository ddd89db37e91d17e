import { Alert, Card, Empty, Flex, Typography } from "antd";
import { CatalogSearch } from "../components/catalog/catalog-search.tsx";
import { DepartmentCatalog } from "../components/catalog/department-catalog.tsx";
import { HomeChains } from "../components/chain/home-chains.tsx";
import { metaT, useT } from "../i18n/index.ts";
import { parseCatalogQuery } from "../lib/catalog-query.server.ts";
import { callUseCase } from "../lib/errors.server.ts";
import type { Route } from "./+types/home";

export function meta({ matches }: Route.MetaArgs) {
  const t = metaT(matches);
  return [{ title: t("meta.home") }, { name: "description", content: t("site.description") }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const query = parseCatalogQuery(new URL(request.url));
  const { catalog } = context.services;
  const filtered = Boolean(query.filter.q || query.filter.department);
  // The department filter always offers every department, so a filtered page also needs the full list.
  const [view, everything, chains] = await callUseCase(() =>
    Promise.all([
      catalog.listCatalog(query.filter),
      filtered ? catalog.listCatalog({}) : null,
      context.services.chains.list(),
    ]),
  );
  const all = everything ?? view;
  return {
    view,
    filtered,
    q: query.q,
    department: query.department,
    problems: query.problems,
    // The chains section is the front door to 一件事; a search narrows the items, so it shows only unfiltered.
    chains: filtered ? [] : chains,
    totalItems: all.itemCount,
    departments: all.departments.map((d) => ({ code: d.code, name: d.name, count: d.items.length })),
  };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { view, filtered, q, department, problems, totalItems, departments, chains } = loaderData;
  return (
    <Flex vertical gap={16}>
      <Card variant="borderless">
        <Flex vertical gap={12}>
          <div>
            <Typography.Title level={2} style={{ marginBottom: 4 }}>
              {t("home.title")}
            </Typography.Title>
            <Typography.Text type="secondary">{t("home.subtitle")}</Typography.Text>
          </div>
          <CatalogSearch q={q} department={department} departments={departments} />
          {problems.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              title={t("home.invalid.title")}
              description={problems.map((p) => <div key={p}>{t(p)}</div>)}
            />
          ) : null}
          <Typography.Text type="secondary" aria-live="polite">
            {filtered
              ? t("home.stats.filtered", { items: view.itemCount, total: totalItems })
              : t("home.stats", { departments: view.departments.length, items: view.itemCount })}
          </Typography.Text>
        </Flex>
      </Card>
      <HomeChains chains={chains} />
      {view.itemCount > 0 ? (
        <DepartmentCatalog departments={view.departments.filter((d) => d.items.length > 0)} />
      ) : (
        <Card>
          <Empty
            description={
              <Flex vertical gap={4}>
                <Typography.Text strong>{t("home.empty")}</Typography.Text>
                <Typography.Text type="secondary">{t("home.empty.hint")}</Typography.Text>
              </Flex>
            }
          />
        </Card>
      )}
    </Flex>
  );
}
