// A PLC directory in miniature on 127.0.0.1: the PDS publishes each account's signed genesis operation
// to it (POST /<did>), and it serves the DID document the latest operation describes (GET /<did>), in
// the directory's format. It does not verify signatures: the PDS's own tests cover the operations.
import { json, serve } from "./_util.js";

type PlcOp = {
  alsoKnownAs: string[];
  verificationMethods: Record<string, string>;
  services: Record<string, { type: string; endpoint: string }>;
};

/** A running PLC fixture; `documents` can be edited to serve any document. */
export type PlcFixture = {
  url: string;
  documents: Map<string, Record<string, unknown>>;
  requests: string[];
  close(): Promise<void>;
};

function documentOf(did: string, op: PlcOp): Record<string, unknown> {
  return {
    "@context": ["https://www.w3.org/ns/did/v1"],
    id: did,
    alsoKnownAs: op.alsoKnownAs,
    verificationMethod: Object.entries(op.verificationMethods).map(([id, key]) => ({
      id: `${did}#${id}`,
      type: "Multikey",
      controller: did,
      publicKeyMultibase: key.slice("did:key:".length),
    })),
    service: Object.entries(op.services).map(([id, s]) => ({
      id: `#${id}`,
      type: s.type,
      serviceEndpoint: s.endpoint,
    })),
  };
}

/** Starts the directory. */
export async function startPlc(): Promise<PlcFixture> {
  const documents = new Map<string, Record<string, unknown>>();
  const requests: string[] = [];
  const server = await serve((req, res) => {
    const did = decodeURIComponent(req.path.slice(1));
    requests.push(`${req.method} ${did}`);
    if (req.method === "POST") {
      documents.set(did, documentOf(did, JSON.parse(req.body) as PlcOp));
      return json(res, 200, {});
    }
    const doc = documents.get(did);
    if (!doc) return json(res, 404, { message: `DID not registered: ${did}` });
    res.writeHead(200, { "content-type": "application/did+ld+json" });
    res.end(JSON.stringify(doc));
  });
  return { url: server.url, documents, requests, close: server.close };
}
