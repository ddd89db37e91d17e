import Form from "@rjsf/antd";
import type { RJSFValidationError, UiSchema } from "@rjsf/utils";
import validator from "@rjsf/validator-ajv8";
import { Button, Space } from "antd";
import { useMemo } from "react";
import { useT } from "../../i18n/index.ts";

/** Chinese (or English) messages for the JSON Schema keywords the item forms use. */
function useTransformErrors() {
  const t = useT();
  return (errors: RJSFValidationError[]) =>
    errors.map((e) => {
      const p = (e.params ?? {}) as Record<string, number | string>;
      const key = `apply.form.err.${e.name}` as const;
      const known = [
        "required",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "format",
        "enum",
        "type",
      ];
      return known.includes(e.name ?? "")
        ? { ...e, message: t(key as Parameters<typeof t>[0], { limit: p.limit ?? "" }) }
        : e;
    });
}

/** Step 1: the item's form rendered from its JSON Schema, in the declared (x-order) field order. */
export function ApplyFormStep(props: {
  schema: Record<string, unknown>;
  formData: Record<string, unknown>;
  onChange: (d: Record<string, unknown>) => void;
  onNext: () => void;
  onSave: () => void;
  saving: boolean;
}) {
  const t = useT();
  const transformErrors = useTransformErrors();
  const { schema, uiSchema } = useMemo(() => {
    const { "x-order": order, ...rest } = props.schema;
    const ui: UiSchema = Array.isArray(order) ? { "ui:order": [...(order as string[]), "*"] } : {};
    return { schema: rest, uiSchema: ui };
  }, [props.schema]);
  return (
    <Form
      schema={schema}
      uiSchema={uiSchema}
      formData={props.formData}
      validator={validator}
      transformErrors={transformErrors}
      showErrorList={false}
      noHtml5Validate
      // The errors show at their fields; without a handler the form logs every failed attempt as an error.
      onError={() => {}}
      onChange={(e) => props.onChange((e.formData ?? {}) as Record<string, unknown>)}
      onSubmit={(e) => {
        props.onChange((e.formData ?? {}) as Record<string, unknown>);
        props.onNext();
      }}
    >
      <Space wrap>
        <Button type="primary" htmlType="submit">
          {t("apply.next")}
        </Button>
        <Button onClick={props.onSave} loading={props.saving}>
          {t("apply.saveDraft")}
        </Button>
      </Space>
    </Form>
  );
}
