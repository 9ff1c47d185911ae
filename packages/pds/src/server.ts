import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the HTTP server on the given host and port (0 picks a free port). */
export async function startServer(opts: { host: string; port: number }): Promise<RunningServer> {
  const server = createServer((req, res) => {
    if (req.url === "/xrpc/_health") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ version: "0.1.0" }));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "MethodNotImplemented", message: "Method Not Implemented" }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host === "0.0.0.0" ? "localhost" : opts.host}:${port}`,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
