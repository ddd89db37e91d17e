import { Card, Flex, Pagination } from "antd";
import { useNavigate } from "react-router";
import { CaseTable } from "../components/workbench/case-table.tsx";
import { QUEUE_KEYS } from "../components/workbench/queue-menu.tsx";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase } from "../lib/errors.server.ts";
import type { Route } from "./+types/workbench-queue";

export function meta({ matches }: Route.MetaArgs) {
  return [{ title: metaT(matches)("wb.meta.title") }];
}

/** `?queue=` (validated by the use case; none → the actor's default queue) and `?page=`. */
export async function loader({ context, request }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams;
  const raw = Number(params.get("page") ?? "1");
  const page = Number.isInteger(raw) && raw >= 1 && raw <= 10_000 ? raw : 1;
  const queue = params.get("queue") || undefined;
  return callUseCase(() => context.services.workbench.list({ queue, page }));
}

/** One queue of the department's open cases, most urgent first. */
export default function WorkbenchQueuePage({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const navigate = useNavigate();
  const { queue, rows, total, page, pageSize } = loaderData;
  return (
    <Card title={`${t(QUEUE_KEYS[queue])}（${total}）`}>
      <CaseTable rows={rows} />
      {total > pageSize ? (
        <Flex justify="end" style={{ marginTop: 16 }}>
          <Pagination
            current={page}
            pageSize={pageSize}
            total={total}
            showSizeChanger={false}
            onChange={(p) => navigate(`?queue=${queue}&page=${p}`)}
          />
        </Flex>
      ) : null}
    </Card>
  );
}
