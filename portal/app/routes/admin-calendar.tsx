import { Alert, Card, Flex, Typography } from "antd";
import { data, redirect } from "react-router";
import { AdminTabs } from "../components/admin/admin-tabs.tsx";
import {
  CalendarYears,
  CoverageNotice,
  ImportCalendarForm,
  ItemsBeyond,
} from "../components/admin/calendar-views.tsx";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase, isDomainErrorLike, statusOf } from "../lib/errors.server.ts";
import type { Route } from "./+types/admin-calendar";

export function meta({ matches }: Route.MetaArgs) {
  return [{ title: metaT(matches)("admin.cal.meta") }];
}

/** The largest request body taken (the use case allows 100k characters of text; UTF-8 and form overhead on top). */
const MAX_BODY_BYTES = 1_000_000;

/** Reads a request body to its end without keeping it (up to 64 MB; beyond that the connection is dropped). */
async function discardBody(request: Request): Promise<void> {
  const reader = request.body?.getReader();
  let seen = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) return;
    seen += value.byteLength;
    if (seen > 64 * MAX_BODY_BYTES) return void (await reader.cancel());
  }
}

/** The outcome of the last import, as the redirect after it carries it (display only, so checked loosely). */
function importedFrom(params: URLSearchParams) {
  const years = (params.get("years") ?? "").split(",").filter((y) => /^\d{4}$/.test(y));
  const count = (name: string) => {
    const n = Number(params.get(name));
    return Number.isSafeInteger(n) && n >= 0 ? n : 0;
  };
  return years.length ? { years: years.join("、"), rows: count("rows"), removed: count("removed") } : null;
}

/** Anonymous → sign-in; anyone but an admin or a dept_admin → 403 (from the use case). */
export async function loader({ context, request }: Route.LoaderArgs) {
  const overview = await callUseCase(() => context.services.admin.calendar());
  return { overview, imported: importedFrom(new URL(request.url).searchParams) };
}

/** Imports a notice from the uploaded file, or else the pasted text; a refusal is shown with the form. */
export async function action({ context, request }: Route.ActionArgs) {
  // A notice is a few KB; refuse an oversized body before parsing it (multipart parsing holds it in memory).
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    await discardBody(request);
    return data(
      { error: "文件过大：一份节假日安排通知不超过几十行，请检查是否选错了文件", text: "" },
      { status: 413 },
    );
  }
  const form = await request.formData();
  const file = form.get("file");
  const pasted = form.get("text");
  const text = typeof pasted === "string" ? pasted : "";
  try {
    const out = await context.services.admin.importCalendar(
      file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : text,
    );
    const q = new URLSearchParams({
      years: out.years.join(","),
      rows: String(out.rows),
      removed: String(out.removed),
    });
    throw redirect(`/admin/calendar?${q}`);
  } catch (e) {
    if (!isDomainErrorLike(e)) throw e;
    return data({ error: e.message, text: text.slice(0, 100_000) }, { status: statusOf(e) });
  }
}

/** 工作日历: how far time limits can be counted, the covered years' days, and the import of a new notice. */
export default function AdminCalendar({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { overview: o, imported } = loaderData;
  const error = actionData?.error ?? null;
  return (
    <Flex vertical gap={16}>
      <AdminTabs current="/admin/calendar" />
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t("admin.cal.title")}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t("admin.cal.intro")}</Typography.Paragraph>
      </div>
      {imported && !error ? (
        <Alert type="success" showIcon title={t("admin.cal.imported", imported)} />
      ) : null}
      <CoverageNotice o={o} />
      {o.nextYearMissing || !o.coveredUntil ? (
        <Card title={t("admin.cal.itemsBeyond", { count: o.itemsBeyond.length })}>
          <ItemsBeyond o={o} />
        </Card>
      ) : null}
      <Card title={t("admin.cal.import")}>
        {o.canImport ? (
          <ImportCalendarForm error={error} text={actionData?.text ?? ""} />
        ) : (
          <Typography.Text type="secondary">{t("admin.cal.readOnly")}</Typography.Text>
        )}
      </Card>
      <CalendarYears years={o.years} />
    </Flex>
  );
}
