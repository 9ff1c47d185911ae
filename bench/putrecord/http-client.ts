// The measured calls' HTTP client: node:http with keep-alive sockets. fetch (undici) spends about twice
// the client CPU per call, and on a 2-core machine the load generator's CPU is taken from the servers'.
// Both targets get the same client, so the ratios compare servers.
import { Agent, request } from "node:http";
import { XrpcError } from "../../peers/target.js";

const agent = new Agent({ keepAlive: true });

/** POSTs a JSON XRPC call that must answer 200; the body is read and dropped. */
export function postXrpc(baseUrl: string, nsid: string, token: string, body: unknown): Promise<void> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/xrpc/${nsid}`,
      {
        method: "POST",
        agent,
        timeout: 60_000,
        headers: {
          "content-type": "application/json",
          "content-length": payload.length,
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          if (res.statusCode === 200) return resolve();
          const text = Buffer.concat(chunks).toString();
          let error: string | undefined;
          let message: string | undefined = text;
          try {
            ({ error, message } = JSON.parse(text) as { error?: string; message?: string });
          } catch {}
          reject(new XrpcError(nsid, res.statusCode ?? 0, error, message));
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${nsid}: no answer in 60 s`)));
    req.on("error", reject);
    req.end(payload);
  });
}
