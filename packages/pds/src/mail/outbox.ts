import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A message for an account's email address. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** The folder of the data directory where mail waits. */
export const OUTBOX_DIR = "mail";

/**
 * Mail to account holders (the PLC operation code of a migration). This PDS sends no email: each
 * message is written to `<data>/mail/` as an RFC 5322 file, readable by the owner only, for the operator
 * to deliver or read, and never to the log, since it carries a one-time code.
 */
export class Outbox {
  readonly dir: string;

  constructor(dataDirectory: string) {
    this.dir = join(dataDirectory, OUTBOX_DIR);
  }

  /** Writes the message; returns the file's path. */
  send(mail: Mail): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}.eml`;
    const file = join(this.dir, name);
    const headers = [`To: ${mail.to}`, `Subject: ${mail.subject}`, `Date: ${new Date().toUTCString()}`];
    writeFileSync(file, `${headers.join("\r\n")}\r\n\r\n${mail.text}\r\n`, { mode: 0o600 });
    return file;
  }

  /** The messages waiting for `to` (all when omitted), oldest first. */
  list(to?: string): Mail[] {
    let names: string[];
    try {
      names = readdirSync(this.dir)
        .filter((n) => n.endsWith(".eml"))
        .sort();
    } catch {
      return [];
    }
    return names
      .map((name) => parseMail(readFileSync(join(this.dir, name), "utf8")))
      .filter((mail) => to === undefined || mail.to === to);
  }
}

function parseMail(raw: string): Mail {
  const [head = "", ...body] = raw.split("\r\n\r\n");
  const header = (name: string) =>
    head
      .split("\r\n")
      .find((l) => l.startsWith(`${name}: `))
      ?.slice(name.length + 2) ?? "";
  return { to: header("To"), subject: header("Subject"), text: body.join("\r\n\r\n").trimEnd() };
}
