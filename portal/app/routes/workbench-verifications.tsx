import { Alert, Card, Flex, Pagination, Segmented } from "antd";
import { data, redirect, useNavigate } from "react-router";
import { VerificationTable } from "../components/workbench/verification-table.tsx";
import { type MessageKey, metaT, useT } from "../i18n/index.ts";
import { callUseCase, isDomainErrorLike, statusOf } from "../lib/errors.server.ts";
import type { Route } from "./+types/workbench-verifications";

const STATUSES = ["open", "overdue", "passed", "failed"] as const;
type Status = (typeof STATUSES)[number];

export function meta({ matches }: Route.MetaArgs) {
  return [{ title: metaT(matches)("wb.verify.title") }];
}

/** `?status=` (validated by the use case) and `?page=`. */
export async function loader({ context, request }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams;
  const status = params.get("status") ?? "open";
  const page = params.get("page") ?? "1";
  const list = await callUseCase(() => context.services.workbench.verifications({ status, page }));
  return { ...list, status: status as Status, page: Number(page), done: params.get("done") };
}

/** Closes a task; a refusal is shown beside its form and changes nothing. */
export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const taskId = form.get("taskId");
  try {
    await context.services.workbench.resolveVerification({
      taskId,
      passed: form.get("passed"),
      finding: form.get("finding"),
    });
  } catch (e) {
    if (!isDomainErrorLike(e)) throw e;
    return data(
      { error: { taskId: typeof taskId === "string" ? taskId : null, message: e.message } },
      { status: statusOf(e) },
    );
  }
  const back = new URL(request.url);
  back.searchParams.set("done", "1");
  throw redirect(`${back.pathname}${back.search}`);
}

/** 告知承诺核查任务 of the department: open (soonest due first), overdue, passed, failed. */
export default function WorkbenchVerifications({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navigate = useNavigate();
  const { tasks, total, pageSize, status, page, done } = loaderData;
  const error = actionData?.error ?? null;
  return (
    <Card title={`${t("wb.verify.title")}（${total}）`}>
      <Flex vertical gap={12}>
        <Segmented<Status>
          value={status}
          options={STATUSES.map((s) => ({ value: s, label: t(`wb.verify.tab.${s}` as MessageKey) }))}
          onChange={(s) => navigate(`?status=${s}`)}
        />
        {done && !error ? <Alert type="success" showIcon title={t("wb.verify.done")} /> : null}
        {error && !error.taskId ? <Alert type="error" showIcon title={error.message} role="alert" /> : null}
        <VerificationTable tasks={tasks} error={error} />
        {total > pageSize ? (
          <Flex justify="end">
            <Pagination
              current={page}
              pageSize={pageSize}
              total={total}
              showSizeChanger={false}
              onChange={(p) => navigate(`?status=${status}&page=${p}`)}
            />
          </Flex>
        ) : null}
      </Flex>
    </Card>
  );
}
