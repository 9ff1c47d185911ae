// Handle resolution for PDSes on this machine: their `.test` handles are in no DNS, and the reference's own
// resolver would ask the network. Each known PDS is asked `GET /.well-known/atproto-did` with the handle as
// Host, as a PDS serving that handle's domain would be. Node's fetch drops a custom Host header, so node:http.
import { request } from "node:http";

const TIMEOUT_MS = 3_000;
const MAX_BODY = 2_048;

export class LocalHandles {
  /** Base URLs (http://host:port) of the PDSes asked, in the order they were added. */
  #pdsUrls = [];

  add(pdsUrl) {
    if (!this.#pdsUrls.includes(pdsUrl)) this.#pdsUrls.push(pdsUrl);
  }

  /** The DID the first PDS that knows the handle names, or undefined (the handle shows as handle.invalid). */
  async resolve(handle) {
    for (const pdsUrl of this.#pdsUrls) {
      const did = await askWellKnown(pdsUrl, handle);
      if (did) return did;
    }
    return undefined;
  }
}

/** One `/.well-known/atproto-did` lookup; any failure is "not known here". */
function askWellKnown(pdsUrl, handle) {
  return new Promise((resolve) => {
    const req = request(new URL("/.well-known/atproto-did", pdsUrl), {
      headers: { host: handle },
      timeout: TIMEOUT_MS,
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(undefined));
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        body += chunk;
        if (body.length > MAX_BODY) res.destroy();
      });
      res.on("close", () => {
        const did = body.split("\n")[0].trim();
        resolve(res.statusCode === 200 && did.startsWith("did:") ? did : undefined);
      });
    });
    req.end();
  });
}
