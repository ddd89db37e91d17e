import { Alert, Form as AntForm, Button, Collapse, Flex, Input, Table, Tag, Typography } from "antd";
import { Form, useNavigation } from "react-router";
import type { WorkCalendarOverview } from "../../../../registry/index.ts";
import { type MessageKey, useT } from "../../i18n/index.ts";

type Overview = WorkCalendarOverview;

/** How far time limits can be counted, and what to do before they cannot. */
export function CoverageNotice({ o }: { o: Overview }) {
  const t = useT();
  const year = Number(o.today.slice(0, 4));
  if (!o.coveredUntil)
    return <Alert type="error" showIcon role="alert" title={t("admin.cal.notCovered", { year })} />;
  const covered = t("admin.cal.covered", { until: o.coveredUntil, today: o.today, days: o.workingDaysLeft });
  if (!o.nextYearMissing)
    return (
      <Alert
        type="success"
        showIcon
        title={t("admin.cal.nextReady", { year: year + 1 })}
        description={covered}
      />
    );
  return (
    <Alert
      type={o.itemsBeyond.length ? "warning" : "info"}
      showIcon
      role={o.itemsBeyond.length ? "alert" : undefined}
      title={t("admin.cal.nextMissing", { year: year + 1 })}
      description={
        <>
          <div>{covered}</div>
          <div>{t("admin.cal.nextMissingBody", { days: o.workingDaysLeft, year: year + 1 })}</div>
        </>
      }
    />
  );
}

/** Active items whose statutory limit, counted from today, runs past the covered days. */
export function ItemsBeyond({ o }: { o: Overview }) {
  const t = useT();
  if (!o.itemsBeyond.length)
    return <Typography.Text type="secondary">{t("admin.cal.itemsNone")}</Typography.Text>;
  return (
    <Table
      size="small"
      rowKey="code"
      pagination={o.itemsBeyond.length > 10 ? { pageSize: 10 } : false}
      dataSource={o.itemsBeyond}
      columns={[
        { title: t("admin.cal.col.code"), dataIndex: "code" },
        { title: t("admin.cal.col.item"), dataIndex: "name" },
        { title: t("admin.cal.col.limit"), dataIndex: "statutoryDays", align: "right" },
      ]}
    />
  );
}

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** Each covered year's listed days, newest year first and open. */
export function CalendarYears({ years }: { years: Overview["years"] }) {
  const t = useT();
  if (!years.length) return <Typography.Text type="secondary">{t("admin.cal.noYears")}</Typography.Text>;
  return (
    <Collapse
      defaultActiveKey={[String(years[0].year)]}
      items={years.map((y) => ({
        key: String(y.year),
        label: (
          <Flex gap={12} wrap>
            <strong>{t("admin.cal.year", { year: y.year })}</strong>
            <Typography.Text type="secondary">
              {t("admin.cal.yearSummary", { holidays: y.holidays, workdays: y.workdays })}
            </Typography.Text>
          </Flex>
        ),
        children: (
          <Table
            size="small"
            rowKey="date"
            pagination={false}
            dataSource={y.entries}
            columns={[
              { title: t("admin.cal.col.date"), dataIndex: "date" },
              {
                title: t("admin.cal.col.weekday"),
                dataIndex: "date",
                key: "weekday",
                render: (d: string) => t(`admin.cal.weekday.${weekday(d)}` as MessageKey),
              },
              {
                title: t("admin.cal.col.kind"),
                dataIndex: "kind",
                render: (k: "holiday" | "workday") => (
                  <Tag color={k === "holiday" ? "red" : "blue"}>{t(`admin.cal.kind.${k}`)}</Tag>
                ),
              },
              { title: t("admin.cal.col.name"), dataIndex: "name" },
            ]}
          />
        ),
      }))}
    />
  );
}

/** Import a notice: a CSV file or pasted text; a refusal is shown here and writes nothing. */
export function ImportCalendarForm({ error, text }: { error: string | null; text: string }) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" encType="multipart/form-data" aria-label={t("admin.cal.import")}>
      <Flex vertical gap={8}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t("admin.cal.importHelp")}
        </Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
        <AntForm.Item label={t("admin.cal.file")} layout="vertical" style={{ marginBottom: 0 }}>
          <input type="file" name="file" accept=".csv,text/csv,text/plain" />
        </AntForm.Item>
        <AntForm.Item label={t("admin.cal.text")} layout="vertical" style={{ marginBottom: 0 }}>
          <Input.TextArea
            name="text"
            rows={8}
            defaultValue={text}
            placeholder={"date,kind,name\n2027-01-01,holiday,元旦"}
            style={{ fontFamily: "monospace" }}
          />
        </AntForm.Item>
        <div>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t("admin.cal.submit")}
          </Button>
        </div>
      </Flex>
    </Form>
  );
}
