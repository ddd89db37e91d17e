import { Alert, Form as AntForm, Button, Checkbox, Flex, Input, Typography } from "antd";
import { Form, useNavigation } from "react-router";
import type { ApplicantCaseView } from "../../../../chain/index.ts";
import { useT } from "../../i18n/index.ts";

type Notice = NonNullable<ApplicantCaseView["openNotice"]>;
type Library = ApplicantCaseView["library"];

/** The calendar day in China of an instant (server and browser render the same). */
const chinaDay = (iso: string) => new Date(iso).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });

/**
 * For one listed material: which stored material answers it (posted as `material.<code>`), the library's
 * materials of that kind first; none chosen means it is handed in another way (at the window, by post).
 */
function LibraryChoice({ code, name, library }: { code: string; name: string; library: Library }) {
  const t = useT();
  const ordered = [
    ...library.filter((m) => m.requirementCode === code),
    ...library.filter((m) => m.requirementCode !== code),
  ];
  return (
    <label style={{ display: "flex", flexDirection: "column", gap: 4, minWidth: 0 }}>
      <Typography.Text type="secondary">{t("space.notice.fromLibrary", { name })}</Typography.Text>
      <select
        name={`material.${code}`}
        defaultValue={ordered[0]?.requirementCode === code ? ordered[0].id : ""}
      >
        <option value="">{t("space.notice.noMaterial")}</option>
        {ordered.map((m) => (
          <option key={m.id} value={m.id}>
            {m.title}（v{m.version}，{chinaDay(m.createdAt)}）
          </option>
        ))}
      </select>
    </label>
  );
}

/** The posting form's spinner: any submission in flight. */
function Submit({ label, danger }: { label: string; danger?: boolean }) {
  const busy = useNavigation().state !== "idle";
  return (
    <Button type="primary" danger={danger} htmlType="submit" loading={busy}>
      {label}
    </Button>
  );
}

/**
 * 补正告知: every listed material with its problem, and the answer — a checkbox per listed material (all ticked;
 * untick what is not corrected yet), posted with the version the page showed.
 */
export function SupplementNotice({
  notice,
  library,
  version,
  canAnswer,
  error,
}: {
  notice: Notice;
  library: Library;
  version: number;
  canAnswer: boolean;
  error: string | null;
}) {
  const t = useT();
  return (
    <Alert
      type="warning"
      showIcon
      title={t("space.notice.title", { on: notice.on })}
      description={
        <Flex vertical gap={12}>
          <Typography.Text>{t("space.notice.desc")}</Typography.Text>
          <ol style={{ margin: 0, paddingInlineStart: 20 }}>
            {notice.items.map((i) => (
              <li key={i.code} style={{ overflowWrap: "anywhere" }}>
                <Typography.Text strong>{i.name}</Typography.Text>：{i.problem}
              </li>
            ))}
          </ol>
          {canAnswer ? (
            <Form method="post" aria-label={t("space.notice.submit")}>
              <input type="hidden" name="intent" value="supplement" />
              <input type="hidden" name="version" value={version} />
              {error ? (
                <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />
              ) : null}
              <AntForm.Item label={t("space.notice.supplied")} layout="vertical" style={{ marginBottom: 12 }}>
                {/* One group, so every ticked material posts as another "codes" value. */}
                <Checkbox.Group
                  key={version}
                  name="codes"
                  defaultValue={notice.items.map((i) => i.code)}
                  style={{ display: "flex", flexDirection: "column", gap: 8 }}
                >
                  {notice.items.map((i) => (
                    <Checkbox key={i.code} value={i.code}>
                      {i.name}
                    </Checkbox>
                  ))}
                </Checkbox.Group>
              </AntForm.Item>
              {library.length > 0 ? (
                <Flex vertical gap={8} style={{ marginBottom: 12 }}>
                  {notice.items.map((i) => (
                    <LibraryChoice key={i.code} code={i.code} name={i.name} library={library} />
                  ))}
                </Flex>
              ) : null}
              <Submit label={t("space.notice.submit")} />
            </Form>
          ) : null}
        </Flex>
      }
    />
  );
}

/** 撤回申请 (before acceptance): an optional reason, posted with the version the page showed. */
export function WithdrawForm({ version, error }: { version: number; error: string | null }) {
  const t = useT();
  return (
    <Form method="post" aria-label={t("space.withdraw.title")}>
      <input type="hidden" name="intent" value="withdraw" />
      <input type="hidden" name="version" value={version} />
      <Flex vertical gap={12} align="stretch">
        <Typography.Text type="secondary">{t("space.withdraw.hint")}</Typography.Text>
        {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
        <AntForm.Item label={t("space.withdraw.reason")} layout="vertical" style={{ marginBottom: 0 }}>
          <Input.TextArea name="reason" maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
        </AntForm.Item>
        <div>
          <Submit label={t("space.withdraw.submit")} danger />
        </div>
      </Flex>
    </Form>
  );
}
