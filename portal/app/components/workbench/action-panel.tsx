import { Alert, Collapse, Flex, Typography } from "antd";
import type { CaseActionType, WorkbenchCaseDetail } from "../../../../chain/index.ts";
import { useT } from "../../i18n/index.ts";
import { ActionForm } from "./action-forms.tsx";
import { actionLabel } from "./action-labels.ts";

/** The actions this staff member may take now, each with its form; the first one open. */
export function ActionPanel({
  c,
  error,
  errorIntent,
}: {
  c: Pick<WorkbenchCaseDetail, "allowedActions" | "version" | "requirements">;
  error: string | null;
  errorIntent: string | null;
}) {
  const t = useT();
  const actions = c.allowedActions as CaseActionType[];
  const open = errorIntent && actions.includes(errorIntent as CaseActionType) ? errorIntent : actions[0];
  return (
    <Flex vertical gap={12}>
      {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
      {actions.length === 0 ? (
        <Typography.Text type="secondary">{t("wb.actions.none")}</Typography.Text>
      ) : (
        <Collapse
          // A new version (after an action) remounts the forms: fresh fields, the first action open.
          key={c.version}
          accordion
          defaultActiveKey={open}
          items={actions.map((type) => ({
            key: type,
            label: actionLabel(t, type),
            forceRender: true,
            children: <ActionForm type={type} version={c.version} requirements={c.requirements} />,
          }))}
        />
      )}
    </Flex>
  );
}
