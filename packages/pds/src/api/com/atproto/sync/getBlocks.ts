import { Cid, encodeCar } from "@putrecord/repo";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { formatParam } from "../../../params.js";
import { syncAccountForCaller } from "../../../sync-caller.js";

/** The most blocks one call may ask for (the reference has no bound). */
export const MAX_BLOCKS_PER_CALL = 10_000;

/** `com.atproto.sync.getBlocks`: the repo's blocks with the CIDs asked, as a CAR without roots. */
export const getBlocks = defineRoute({
  nsid: "com.atproto.sync.getBlocks",
  type: "query",
  handler: async ({ ctx, params, req }) => {
    const { did } = await syncAccountForCaller(ctx, req, formatParam(params, "did", "did"));
    const raw = params.cids === undefined ? [] : Array.isArray(params.cids) ? params.cids : [params.cids];
    if (raw.length === 0) throw new InvalidRequestError('Params must have the property "cids"');
    if (raw.length > MAX_BLOCKS_PER_CALL) {
      throw new InvalidRequestError(`At most ${MAX_BLOCKS_PER_CALL} cids may be asked at once`);
    }
    const cids = raw.map((text) => {
      const cid = Cid.attemptParse(text);
      if (cid === null) throw new InvalidRequestError(`Invalid CID string (got "${text}") at params.cids`);
      return cid;
    });
    const store = ctx.repos.blockStore(did);
    const blocks: [Cid, Uint8Array][] = [];
    const missing: string[] = [];
    for (const cid of cids) {
      const bytes = store.getBlock(cid);
      if (bytes === null) missing.push(cid.toString());
      else blocks.push([cid, bytes]);
    }
    if (missing.length > 0) throw new InvalidRequestError(`Could not find cids: ${missing.join(",")}`);
    return { encoding: "application/vnd.ipld.car", body: encodeCar([], blocks) };
  },
});
