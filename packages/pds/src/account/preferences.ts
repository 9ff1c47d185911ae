import type { Db } from "../db/database.js";
import { AccountError } from "./errors.js";

/** A stored preference: a JSON object with its `$type`. */
export type Preference = { $type: string } & Record<string, unknown>;

/** Set only with a full-access session, read only with one (the reference's one such preference). */
const FULL_ACCESS_ONLY = "app.bsky.actor.defs#personalDetailsPref";
/** Derived by the server from the birth date, never stored. */
const READ_ONLY = "app.bsky.actor.defs#declaredAgePref";

/** Some preferences put are outside the namespace of the call. */
export class PreferenceNamespaceError extends AccountError {
  constructor(readonly namespace: string) {
    super(`preferences outside the namespace; namespace=${namespace}`);
  }
}

/** The session may not set these preferences (an app password and personal details). */
export class PreferenceForbiddenError extends AccountError {
  constructor(readonly types: string[]) {
    super(`preferences need a full-access session; types=${types.join(",")}`);
  }
}

/** Whether preference `name` belongs to `namespace` (`app.bsky` holds `app.bsky.actor.defs#…`). */
function inNamespace(namespace: string, name: string): boolean {
  return name === namespace || name.startsWith(`${namespace}.`);
}

const allowed = (name: string, fullAccess: boolean) => fullAccess || name !== FULL_ACCESS_ONLY;

/** Full years between a birth date and today, or NaN for a date that does not parse. */
function ageOf(birthDate: string, now = new Date()): number {
  const born = new Date(birthDate);
  let age = now.getUTCFullYear() - born.getUTCFullYear();
  const beforeBirthday =
    now.getUTCMonth() < born.getUTCMonth() ||
    (now.getUTCMonth() === born.getUTCMonth() && now.getUTCDate() < born.getUTCDate());
  if (beforeBirthday) age--;
  return age;
}

/** The account's private preferences (app.bsky.actor.getPreferences / putPreferences), as the reference keeps them. */
export class Preferences {
  constructor(readonly db: Db) {}

  /**
   * The preferences in `namespace` in the order they were put, plus the derived declaredAgePref when a
   * birth date is known; personal details only for a full-access session.
   */
  get(did: string, namespace: string, opts: { fullAccess: boolean }): Preference[] {
    const rows = this.db
      .prepare("SELECT name, value_json FROM account_pref WHERE did = ? ORDER BY id")
      .all(did) as { name: string; value_json: string }[];
    const prefs = rows
      .filter((row) => inNamespace(namespace, row.name))
      .map((row) => JSON.parse(row.value_json) as Preference);
    const details = prefs.find((p) => p.$type === FULL_ACCESS_ONLY);
    if (typeof details?.birthDate === "string") {
      const age = ageOf(details.birthDate);
      prefs.push({
        $type: READ_ONLY,
        isOverAge13: age >= 13,
        isOverAge16: age >= 16,
        isOverAge18: age >= 18,
      });
    }
    return prefs.filter((p) => allowed(p.$type, opts.fullAccess));
  }

  /**
   * Replaces the account's preferences in `namespace` (those the session may see) with `values`, in
   * one transaction; derived ones are dropped. Throws PreferenceNamespaceError or PreferenceForbiddenError.
   */
  put(did: string, values: Preference[], namespace: string, opts: { fullAccess: boolean }): void {
    if (!values.every((v) => inNamespace(namespace, v.$type))) throw new PreferenceNamespaceError(namespace);
    const forbidden = values.filter((v) => !allowed(v.$type, opts.fullAccess)).map((v) => v.$type);
    if (forbidden.length > 0) throw new PreferenceForbiddenError(forbidden);
    const existing = this.db.prepare("SELECT id, name FROM account_pref WHERE did = ?").all(did) as {
      id: number;
      name: string;
    }[];
    const remove = this.db.prepare("DELETE FROM account_pref WHERE id = ?");
    const insert = this.db.prepare("INSERT INTO account_pref (did, name, value_json) VALUES (?, ?, ?)");
    this.db.transaction(() => {
      for (const row of existing) {
        if (inNamespace(namespace, row.name) && allowed(row.name, opts.fullAccess)) remove.run(row.id);
      }
      for (const value of values) {
        if (value.$type !== READ_ONLY) insert.run(did, value.$type, JSON.stringify(value));
      }
    })();
  }
}
