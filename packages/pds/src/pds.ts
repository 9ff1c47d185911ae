import { join } from "node:path";
import { pino } from "pino";
import { registerRoutes } from "./api/index.js";
import type { ServerConfig } from "./config.js";
import type { AppContext } from "./context.js";
import { openDatabase } from "./db/database.js";
import { createHttpApp, listen } from "./server.js";

export interface RunningPds {
  url: string;
  ctx: AppContext;
  close(): Promise<void>;
}

/** Opens the store, registers every route and listens; `close` stops the server and the store. */
export async function startPds(config: ServerConfig, opts: { logLevel?: string } = {}): Promise<RunningPds> {
  const logger = pino({ level: opts.logLevel ?? process.env.LOG_LEVEL ?? "info" });
  const db = openDatabase(join(config.dataDirectory, "pds.sqlite"));
  const ctx: AppContext = { config, db, logger };
  const app = createHttpApp(ctx);
  registerRoutes(app);
  const http = await listen(app, config.bindHost, config.port);
  return {
    url: http.url,
    ctx,
    close: async () => {
      await http.close();
      db.close();
    },
  };
}
