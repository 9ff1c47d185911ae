// The soak's reads: node:http GETs on keep-alive sockets, as the putrecord benchmark's writes. Bodies are
// counted and dropped as they arrive, so a getRepo of many megabytes costs the client no memory.
import { Agent, request } from "node:http";
import { XrpcError } from "../../peers/target.js";

const agent = new Agent({ keepAlive: true });
const TIMEOUT_MS = 60_000;

/** GETs an XRPC query that must answer 200; resolves with the body's size in bytes. */
export function getXrpc(baseUrl: string, nsid: string, params: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/xrpc/${nsid}?${new URLSearchParams(params)}`,
      { agent, timeout: TIMEOUT_MS },
      (res) => {
        let bytes = 0;
        let errorText = "";
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (res.statusCode !== 200 && errorText.length < 1000) errorText += chunk.toString();
        });
        res.on("error", reject);
        res.on("end", () => {
          if (res.statusCode === 200) return resolve(bytes);
          const { error, message } = parseError(errorText);
          reject(new XrpcError(nsid, res.statusCode ?? 0, error, message));
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${nsid}: no answer in ${TIMEOUT_MS / 1000} s`)));
    req.on("error", reject);
    req.end();
  });
}

function parseError(text: string): { error?: string; message?: string } {
  try {
    return JSON.parse(text) as { error?: string; message?: string };
  } catch {
    return { message: text };
  }
}
