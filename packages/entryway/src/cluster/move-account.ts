import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SECRETS_FILE } from "../secrets.js";

/**
 * `npm run cluster -- move-account <did|handle> <cell>`: asks a running local deployment's entryway
 * (PDS_PORT, PDS_DATA_DIRECTORY as for the cluster) to move an account (org.putrecord.entryway.moveAccount).
 */
export async function moveAccountCommand(
  args: string[],
  port: number,
  dataDirectory: string,
): Promise<string> {
  const [account, cell] = args;
  if (account === undefined || cell === undefined || args.length !== 2)
    throw new Error("usage: npm run cluster -- move-account <did|handle> <cell id, e.g. c2>");
  const file = join(dataDirectory, "entryway", SECRETS_FILE);
  let secrets: { adminPassword?: string };
  try {
    secrets = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(
      `cannot read the deployment's admin password from ${file} (PDS_DATA_DIRECTORY): ${(err as Error).message}`,
    );
  }
  const res = await fetch(`http://127.0.0.1:${port}/xrpc/org.putrecord.entryway.moveAccount`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`admin:${secrets.adminPassword}`).toString("base64")}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ account, cell }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`the entryway answered ${res.status}: ${text}`);
  return text;
}
