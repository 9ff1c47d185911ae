// The edge variant of the front-thread experiment (bench/http-front.ts): for putRecord, the front thread
// also does what the route does before its commit (token check, JSON, input syntax, prepare: validation and
// encoding), and the app thread only commits. The rest of the route's checks (rate limit, OAuth scopes,
// legacy blobs) are left out: it bounds what moving the whole edge could gain, it is not the route.
import type { IncomingMessage } from "node:http";
import { booleanField, expectObject, recordField, stringField } from "../../packages/pds/src/api/input.js";
import { TYP_ACCESS } from "../../packages/pds/src/auth/scopes.js";
import { SessionTokens } from "../../packages/pds/src/auth/tokens.js";
import { prepareRecord } from "../../packages/pds/src/write/prepare.js";
import { toWire } from "../../packages/pds/src/write/prepare-wire.js";
import type { AppReady, EdgeWrite } from "./wire.js";

export const EDGE_NSID = "com.atproto.repo.putRecord";

/** The front thread's half of putRecord: a write ready to commit, or the error to answer with. */
export class Edge {
  readonly #tokens: SessionTokens;

  constructor(readonly app: AppReady) {
    this.#tokens = new SessionTokens(app.jwtSecret, app.serviceDid);
  }

  /** Checks the caller and the input and prepares the record; throws on anything the route would refuse. */
  prepare(id: number, req: IncomingMessage, body: Buffer): EdgeWrite {
    const [scheme, token] = (req.headers.authorization ?? "").split(" ");
    if (scheme !== "Bearer" || token === undefined) throw new Error("AuthenticationRequired");
    const claims = this.#tokens.verify(token, TYP_ACCESS);
    if (claims.aud !== this.app.serviceDid || typeof claims.sub !== "string") throw new Error("InvalidToken");
    const obj = expectObject(JSON.parse(body.toString("utf8")), "$");
    const repo = stringField(obj, "repo", "at-identifier");
    if (repo !== claims.sub) throw new Error("InvalidRequest: repo is not the caller's");
    const collection = stringField(obj, "collection", "nsid");
    const rkey = stringField(obj, "rkey", "record-key");
    const validate = booleanField(obj, "validate");
    const input = recordField(obj, "record");
    const record = toWire(() => prepareRecord(collection, rkey, input, validate));
    return { id, did: repo, collection, rkey, record };
  }
}
