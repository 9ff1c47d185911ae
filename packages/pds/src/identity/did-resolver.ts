import { OutboundError } from "../net/errors.js";
import { fetchJson } from "../net/read-body.js";
import { type DidDocument, parseDidDocument } from "./did-document.js";

/** A DID method this server cannot resolve (atproto uses did:plc and did:web). */
export class UnsupportedDidMethodError extends Error {
  constructor(readonly did: string) {
    super(`unsupported DID method; did=${did}`);
    this.name = "UnsupportedDidMethodError";
  }
}

/** The DID existed and has been deactivated (a tombstoned did:plc). */
export class DidDeactivatedError extends Error {
  constructor(readonly did: string) {
    super(`DID deactivated; did=${did}`);
    this.name = "DidDeactivatedError";
  }
}

/** Where and how DIDs are resolved. */
export interface DidResolverOptions {
  /** The PLC directory; without one, did:plc resolves only for accounts hosted here (`localDocument`). */
  plcUrl: string | undefined;
  timeoutMs: number;
  ssrfProtection: boolean;
  /** The DID document of an account hosted here from its stored operation, or null. */
  localDocument: (did: string) => DidDocument | null;
}

/** How long an answer is used without asking again; an older one still serves if the source fails. */
const FRESH_MS = 60 * 60_000;
const STALE_MAX_MS = 24 * 60 * 60_000;
const MAX_CACHED = 10_000;
/** The largest DID document read (PLC documents are about 1 KB). */
const MAX_DOC_BYTES = 64 * 1024;

interface Cached {
  doc: DidDocument | null;
  at: number;
}

/**
 * Resolves did:plc (at the PLC directory) and did:web (`/.well-known/did.json`) to DID documents, with
 * a bounded cache and concurrent lookups of one DID shared. `resolve` answers null when the DID does
 * not exist; throws DidDeactivatedError for a tombstoned one, OutboundError when its source cannot be
 * reached, and InvalidDidDocumentError or UnsupportedDidMethodError for the rest.
 */
export class DidResolver {
  readonly #cache = new Map<string, Cached>();
  readonly #inFlight = new Map<string, Promise<DidDocument | null>>();

  constructor(readonly opts: DidResolverOptions) {}

  /** The DID's document (null: none); `forceRefresh` skips the cache, e.g. after a signature failed. */
  async resolve(did: string, opts: { forceRefresh?: boolean } = {}): Promise<DidDocument | null> {
    const cached = this.#cache.get(did);
    if (!opts.forceRefresh && cached && Date.now() - cached.at < FRESH_MS) return cached.doc;
    let pending = this.#inFlight.get(did);
    if (pending === undefined) {
      pending = this.#fetch(did).finally(() => this.#inFlight.delete(did));
      this.#inFlight.set(did, pending);
    }
    try {
      const doc = await pending;
      this.#remember(did, doc);
      return doc;
    } catch (err) {
      if (err instanceof OutboundError && cached && Date.now() - cached.at < STALE_MAX_MS) return cached.doc;
      throw err;
    }
  }

  /** Forgets what is known of `did` (after this server changed its document). */
  invalidate(did: string): void {
    this.#cache.delete(did);
  }

  #remember(did: string, doc: DidDocument | null): void {
    if (this.#cache.size >= MAX_CACHED) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.delete(did);
    this.#cache.set(did, { doc, at: Date.now() });
  }

  async #fetch(did: string): Promise<DidDocument | null> {
    if (did.startsWith("did:plc:")) {
      if (this.opts.plcUrl === undefined) return this.opts.localDocument(did);
      return this.#fetchDoc(did, `${this.opts.plcUrl}/${encodeURIComponent(did)}`, false);
    }
    if (did.startsWith("did:web:")) return this.#fetchDoc(did, didWebUrl(did), true);
    throw new UnsupportedDidMethodError(did);
  }

  async #fetchDoc(did: string, url: string, external: boolean): Promise<DidDocument | null> {
    const { status, body } = await fetchJson(url, {
      headersTimeoutMs: this.opts.timeoutMs,
      bodyTimeoutMs: this.opts.timeoutMs,
      maxBytes: MAX_DOC_BYTES,
      // The PLC directory is the operator's choice; a did:web host is anyone's (localhost only in dev).
      ssrfProtection: external && this.opts.ssrfProtection,
    });
    // PLC answers 404 for an unknown DID and 410 for a tombstoned one.
    if (status === 404) return null;
    if (status === 410) throw new DidDeactivatedError(did);
    if (status !== 200) throw new OutboundError(url, "unreachable", `status ${status}`);
    return parseDidDocument(did, body);
  }
}

/** did:web:<host> (a port percent-encoded) → https://<host>/.well-known/did.json; http for localhost. */
export function didWebUrl(did: string): string {
  const id = did.slice("did:web:".length);
  if (id === "" || id.includes(":") || id.includes("/")) throw new UnsupportedDidMethodError(did);
  const host = decodeURIComponent(id);
  return `${isLocalhostWeb(did) ? "http" : "https"}://${host}/.well-known/did.json`;
}

function isLocalhostWeb(did: string): boolean {
  const host = decodeURIComponent(did.slice("did:web:".length)).replace(/:\d+$/, "");
  return host === "localhost";
}
