import { Button, Card, Flex, Input, Pagination } from "antd";
import { Form, Link, useNavigate } from "react-router";
import { CasesTable } from "../components/space/cases-table.tsx";
import { type MessageKey, useT } from "../i18n/index.ts";
import { callUseCase } from "../lib/errors.server.ts";
import type { Route } from "./+types/space-cases";

export async function loader({ context, request }: Route.LoaderArgs) {
  const q = new URL(request.url).searchParams;
  return callUseCase(() =>
    context.services.mySpace.cases({
      page: q.get("page"),
      status: q.get("status"),
      item: q.get("item"),
      from: q.get("from"),
      to: q.get("to"),
    }),
  );
}

const STATUSES = [
  "submitted",
  "supplement_requested",
  "accepted",
  "in_review",
  "special_procedure",
  "decided",
  "concluded",
  "refused",
  "returned",
  "withdrawn",
  "terminated",
] as const;

/** 我的办件: filtered by status, item code and submission dates (a GET form), paged. */
export default function SpaceCases({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const navigate = useNavigate();
  const { cases, total, page, pageSize, filter } = loaderData;
  const qs = (p: number) => {
    const s = new URLSearchParams();
    if (filter.status) s.set("status", filter.status);
    if (filter.itemCode) s.set("item", filter.itemCode);
    if (filter.from) s.set("from", filter.from);
    if (filter.to) s.set("to", filter.to);
    s.set("page", String(p));
    return `?${s}`;
  };
  return (
    <Card title={`${t("space.cases")}（${total}）`}>
      <Form method="get" style={{ marginBottom: 16 }}>
        <Flex wrap gap={8} align="center">
          <select
            name="status"
            aria-label={t("space.col.status")}
            defaultValue={filter.status ?? ""}
            style={{ height: 32, minWidth: 120 }}
          >
            <option value="">{t("space.filter.anyStatus")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
          <Input
            name="item"
            placeholder={t("space.filter.item")}
            defaultValue={filter.itemCode ?? ""}
            style={{ width: 180 }}
          />
          <Input
            name="from"
            type="date"
            aria-label={t("space.filter.from")}
            defaultValue={filter.from ?? ""}
            style={{ width: 150 }}
          />
          <Input
            name="to"
            type="date"
            aria-label={t("space.filter.to")}
            defaultValue={filter.to ?? ""}
            style={{ width: 150 }}
          />
          <Button htmlType="submit" type="primary">
            {t("space.filter.apply")}
          </Button>
          <Link to="/space/cases">{t("space.filter.reset")}</Link>
        </Flex>
      </Form>
      <CasesTable cases={cases} />
      {total > pageSize ? (
        <Flex justify="end" style={{ marginTop: 16 }}>
          <Pagination
            current={page}
            pageSize={pageSize}
            total={total}
            showSizeChanger={false}
            onChange={(p) => navigate(qs(p))}
          />
        </Flex>
      ) : null}
    </Card>
  );
}
