import { parseCli, USAGE } from "./cli.js";
import { devBanner, ensureDevAccount } from "./dev-account.js";
import { type RunningPds, startPds } from "./pds.js";

/**
 * What `npm start` does before serving: read flags and env (ConfigError on a bad setting), start the
 * PDS, and in development mode make or reload the dev account and print how to use it. Null for --help.
 */
export async function startFromCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  print: (text: string) => void,
): Promise<RunningPds | null> {
  const input = parseCli(argv, env);
  if (input === null) {
    print(USAGE);
    return null;
  }
  const pds = await startPds(input, { logLevel: env.LOG_LEVEL });
  const { config } = pds.ctx;
  try {
    // A cell's accounts are made by its entryway, so it makes no dev account of its own.
    if (config.devMode && config.entryway === undefined) {
      const dev = await ensureDevAccount(pds.ctx);
      print(devBanner(`http://localhost:${new URL(pds.url).port}`, dev, config.dataDirectory));
    } else {
      print(
        `PDS running at ${config.publicUrl} (listening on ${pds.url}; data in ${config.dataDirectory})\n`,
      );
    }
  } catch (err) {
    await pds.close();
    throw err;
  }
  return pds;
}
