import { redirect } from "react-router";
import { switchLang } from "../lib/lang.server.ts";
import type { Route } from "./+types/lang";

/** POST /lang {lang, redirectTo}: remember the language in a cookie and go back. */
export async function action({ request }: Route.ActionArgs) {
  return switchLang(await request.formData());
}

/** A GET (e.g. a bookmarked /lang) has nothing to show. */
export function loader() {
  return redirect("/");
}
