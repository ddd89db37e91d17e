import { SearchOutlined } from "@ant-design/icons";
import { Button, Flex, Input, Select } from "antd";
import { useEffect, useRef, useState } from "react";
import { Form, useSubmit } from "react-router";
import { useT } from "../../i18n/index.ts";
import { LinkButton } from "../link-button.tsx";

/** A department the filter can choose, with how many items it has. */
export interface DepartmentOption {
  code: string;
  name: string;
  count: number;
}

/**
 * GET form for `?q=&department=`. The keyword is a plain input, so searching works without JS; the
 * department Select submits on change and mirrors its value into a hidden input.
 */
export function CatalogSearch(props: { q: string; department: string; departments: DepartmentOption[] }) {
  const t = useT();
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const [department, setDepartment] = useState(props.department);
  useEffect(() => setDepartment(props.department), [props.department]);

  const onDepartment = (value: string) => {
    setDepartment(value);
    if (!formRef.current) return;
    const form = new FormData(formRef.current);
    if (value) form.set("department", value);
    else form.delete("department");
    submit(form, { method: "get" });
  };

  return (
    <Form method="get" ref={formRef} role="search" aria-label={t("home.search.label")}>
      <Flex wrap gap={8}>
        <Input
          key={props.q}
          name="q"
          size="large"
          defaultValue={props.q}
          maxLength={50}
          placeholder={t("home.search.placeholder")}
          aria-label={t("home.search.label")}
          prefix={<SearchOutlined />}
          style={{ flex: "1 1 260px" }}
        />
        <input type="hidden" name="department" value={department} disabled={!department} />
        <Select
          size="large"
          value={department}
          onChange={onDepartment}
          aria-label={t("home.department.label")}
          style={{ flex: "0 1 240px", minWidth: 180 }}
          options={[
            { value: "", label: t("home.department.all") },
            ...props.departments.map((d) => ({ value: d.code, label: `${d.name}（${d.count}）` })),
          ]}
        />
        <Button size="large" type="primary" htmlType="submit" icon={<SearchOutlined />}>
          {t("home.search.button")}
        </Button>
        {props.q || props.department ? (
          <LinkButton size="large" to="/">
            {t("home.reset")}
          </LinkButton>
        ) : null}
      </Flex>
    </Form>
  );
}
