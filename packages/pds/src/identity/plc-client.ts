import { PlcDirectoryError } from "../account/errors.js";
import { publishPlcOp, type SignedPlcOp } from "../account/plc.js";
import { OutboundError } from "../net/errors.js";
import { fetchJson } from "../net/read-body.js";
import { parseSignedPlcOp } from "./plc-verify.js";

/** The largest operation read back from the directory. */
const MAX_OP_BYTES = 64 * 1024;

/** The PLC directory the operator configured: the last operation of a DID, and new operations. */
export class PlcClient {
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {}

  /**
   * The DID's latest operation (`/log/last`); null when the directory does not know the DID. Throws
   * PlcDirectoryError when the DID is tombstoned or the answer is not an operation.
   */
  async lastOperation(did: string): Promise<SignedPlcOp | null> {
    const url = `${this.url}/${encodeURIComponent(did)}/log/last`;
    let res: { status: number; body: unknown };
    try {
      res = await fetchJson(url, {
        headersTimeoutMs: this.timeoutMs,
        bodyTimeoutMs: this.timeoutMs,
        maxBytes: MAX_OP_BYTES,
        ssrfProtection: false,
      });
    } catch (err) {
      if (err instanceof OutboundError) throw new PlcDirectoryError(did, err.detail);
      throw err;
    }
    if (res.status === 404) return null;
    if (res.status !== 200) throw new PlcDirectoryError(did, `status ${res.status}`);
    if ((res.body as { type?: unknown } | undefined)?.type === "plc_tombstone") {
      throw new PlcDirectoryError(did, "the DID is tombstoned");
    }
    try {
      return parseSignedPlcOp(res.body);
    } catch (err) {
      throw new PlcDirectoryError(did, (err as Error).message);
    }
  }

  /** Submits a signed operation; throws PlcDirectoryError when the directory refuses it. */
  send(did: string, op: SignedPlcOp): Promise<void> {
    return publishPlcOp(this.url, did, op);
  }
}
