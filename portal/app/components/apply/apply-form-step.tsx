import Form from "@rjsf/antd";
import type { RJSFValidationError, UiSchema } from "@rjsf/utils";
import validator from "@rjsf/validator-ajv8";
import { Alert, Button, Checkbox, Flex, Space } from "antd";
import { useMemo } from "react";
import type { RegisteredField } from "../../../../registry/index.ts";
import { useT } from "../../i18n/index.ts";
import { schemaForRegistered } from "./apply-state.ts";

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
        "minItems",
        "maxItems",
        "uniqueItems",
      ];
      return known.includes(e.name ?? "")
        ? { ...e, message: t(key as Parameters<typeof t>[0], { limit: p.limit ?? "" }) }
        : e;
    });
}

/**
 * The applicant's own ID number and phone, offered from the registry: ticked, the field shows the masked
 * number read-only and the server fills in the real one at submit; unticked, the applicant types another.
 */
function RegisteredChoices(props: {
  schema: Record<string, unknown>;
  offers: RegisteredField[];
  using: string[];
  onToggle: (field: string, on: boolean) => void;
}) {
  const t = useT();
  if (!props.offers.length) return null;
  const titles = (props.schema.properties ?? {}) as Record<string, { title?: string }>;
  return (
    <Alert
      type="info"
      style={{ marginBottom: 16 }}
      title={t("apply.registered.title")}
      description={
        <Flex vertical gap={4}>
          {props.offers.map((o) => (
            <Checkbox
              key={o.field}
              checked={props.using.includes(o.field)}
              onChange={(e) => props.onToggle(o.field, e.target.checked)}
            >
              {t(o.kind === "idNumber" ? "apply.registered.idNumber" : "apply.registered.phone", {
                field: titles[o.field]?.title ?? o.field,
                masked: o.masked,
              })}
            </Checkbox>
          ))}
        </Flex>
      }
    />
  );
}

/** Step 1: the item's form rendered from its JSON Schema, in the declared (x-order) field order. */
export function ApplyFormStep(props: {
  schema: Record<string, unknown>;
  registered: RegisteredField[];
  /** Offered fields in use: shown masked and read-only. */
  using: string[];
  onToggleRegistered: (field: string, on: boolean) => void;
  formData: Record<string, unknown>;
  onChange: (d: Record<string, unknown>) => void;
  onNext: () => void;
  /** Save a draft (no button without it: chains keep no drafts). */
  onSave?: () => void;
  saving?: boolean;
}) {
  const t = useT();
  const transformErrors = useTransformErrors();
  const { schema, uiSchema } = useMemo(() => {
    const { "x-order": order, ...rest } = schemaForRegistered(props.schema, props.using);
    const ui: UiSchema = Array.isArray(order) ? { "ui:order": [...(order as string[]), "*"] } : {};
    for (const f of props.using) ui[f] = { "ui:readonly": true, "ui:help": t("apply.registered.help") };
    return { schema: rest, uiSchema: ui };
  }, [props.schema, props.using, t]);
  return (
    <>
      <RegisteredChoices
        schema={props.schema}
        offers={props.registered}
        using={props.using}
        onToggle={props.onToggleRegistered}
      />
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
          {props.onSave ? (
            <Button onClick={props.onSave} loading={props.saving}>
              {t("apply.saveDraft")}
            </Button>
          ) : null}
        </Space>
      </Form>
    </>
  );
}
