import { isDid, isHandle } from "@atcute/lexicons/syntax";
import type { HTTPClient } from "../http.js";
import { claimedHandle, type DidDocument, isDidDocumentOf, pdsEndpoint } from "./did-document.js";
import { platformTxtLookup, type TxtLookup } from "./dns.js";
import { DidNotResolvedError, HandleNotFoundError, InvalidIdentifierError, NoPdsError } from "./errors.js";
import { fetchText } from "./fetch-text.js";

/** The public PLC directory, where did:plc documents live. */
export const DEFAULT_PLC_DIRECTORY = "https://plc.directory";
/** Time allowed for each lookup (one DNS query, one HTTP request). */
export const DEFAULT_IDENTITY_TIMEOUT_MS = 5_000;

/** How handles and DIDs are resolved; every field has a default. */
export type IdentityOptions = {
  /** Base URL of the PLC directory for did:plc; default `https://plc.directory`. */
  plcDirectoryURL?: string;
  /** DNS servers for the `_atproto.<handle>` TXT lookup (Node), e.g. `["127.0.0.1:5353"]`; default the system's. */
  dnsServers?: string[];
  /** A TXT lookup of your own (e.g. DNS over HTTPS in a browser); replaces the platform's. */
  resolveTxt?: TxtLookup;
  /** Server asked `com.atproto.identity.resolveHandle` when DNS and HTTPS fail; `false` never asks one. */
  handleResolverURL?: string | false;
  /** Per lookup, in milliseconds; default 5000. */
  timeoutMs?: number;
};

/** An identity resolved both ways: the DID, its document, its PDS, and the handle if it checks out. */
export type ResolvedIdentity = {
  did: string;
  /** The handle, when the document claims it and it resolves back to this DID; else undefined. */
  handle: string | undefined;
  didDocument: DidDocument;
  /** Origin of the account's PDS, e.g. `https://pds.example`. */
  pds: string;
};

const DID_LINE = /^did=(.+)$/;

/** Resolves handles to DIDs and DIDs to documents, over the client's HTTP client. */
export class IdentityResolver {
  readonly #http: HTTPClient;
  readonly #plc: string;
  readonly #txt: TxtLookup | undefined;
  readonly #server: string | undefined;
  readonly #timeoutMs: number;

  /** `server` is the default for `handleResolverURL` (the client's own server). */
  constructor(http: HTTPClient, options: IdentityOptions = {}, server?: string) {
    this.#http = http;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_IDENTITY_TIMEOUT_MS;
    this.#plc = (options.plcDirectoryURL ?? DEFAULT_PLC_DIRECTORY).replace(/\/+$/, "");
    this.#txt = options.resolveTxt ?? platformTxtLookup(options.dnsServers, this.#timeoutMs);
    const fallback = options.handleResolverURL ?? server;
    this.#server = fallback === false ? undefined : fallback?.replace(/\/+$/, "");
  }

  /**
   * The DID of a handle: DNS TXT `_atproto.<handle>` (where there is DNS), then
   * `https://<handle>/.well-known/atproto-did`, then the server's `com.atproto.identity.resolveHandle`.
   * Throws HandleNotFoundError when none answers with a valid DID.
   */
  async resolveHandle(handle: string): Promise<string> {
    const name = handle.toLowerCase();
    if (!isHandle(name)) throw new InvalidIdentifierError(handle);
    const did =
      (await this.#fromDns(name)) ?? (await this.#fromWellKnown(name)) ?? (await this.#fromServer(name));
    if (!did) throw new HandleNotFoundError(name);
    return did;
  }

  async #fromDns(handle: string): Promise<string | undefined> {
    if (!this.#txt) return undefined;
    const dids = (await this.#txt(`_atproto.${handle}`))
      .map((record) => DID_LINE.exec(record)?.[1])
      .filter((did) => did !== undefined);
    // The handle spec: more than one `did=` record is an error, not a choice.
    return dids.length === 1 && isDid(dids[0]) ? dids[0] : undefined;
  }

  async #fromWellKnown(handle: string): Promise<string | undefined> {
    const url = `https://${handle}/.well-known/atproto-did`;
    const res = await fetchText(this.#http, url, this.#timeoutMs, "text/plain").catch(() => undefined);
    const did = res?.status === 200 ? res.text.split("\n")[0]!.trim() : undefined;
    return isDid(did) ? did : undefined;
  }

  async #fromServer(handle: string): Promise<string | undefined> {
    if (!this.#server) return undefined;
    const url = `${this.#server}/xrpc/com.atproto.identity.resolveHandle?handle=${encodeURIComponent(handle)}`;
    const res = await fetchText(this.#http, url, this.#timeoutMs, "application/json").catch(() => undefined);
    if (res?.status !== 200) return undefined;
    const did = parseJSON(res.text)?.did;
    return isDid(did) ? did : undefined;
  }

  /** The DID document of a did:plc (from the PLC directory) or a did:web (from its host). */
  async resolveDid(did: string): Promise<DidDocument> {
    if (!isDid(did)) throw new InvalidIdentifierError(did);
    const url = this.#documentURL(did);
    let res: { status: number; text: string };
    try {
      res = await fetchText(this.#http, url, this.#timeoutMs, "application/did+ld+json, application/json");
    } catch (error) {
      throw new DidNotResolvedError(did, `fetching ${url} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (res.status !== 200) throw new DidNotResolvedError(did, `${url} answered ${res.status}`);
    const doc = parseJSON(res.text);
    if (!isDidDocumentOf(doc, did)) throw new DidNotResolvedError(did, `${url} is not this DID's document`);
    return doc;
  }

  #documentURL(did: string): string {
    if (did.startsWith("did:plc:")) return `${this.#plc}/${did}`;
    if (did.startsWith("did:web:")) {
      // atproto's did:web is a bare host name (a port percent-encoded, for development); no paths.
      const host = decodeURIComponent(did.slice("did:web:".length));
      if (host.includes(":") && !host.startsWith("localhost:")) throw new InvalidIdentifierError(did);
      // HTTPS, except for localhost, as the reference resolver allows for development.
      const scheme = host === "localhost" || host.startsWith("localhost:") ? "http" : "https";
      return `${scheme}://${host}/.well-known/did.json`;
    }
    throw new InvalidIdentifierError(did);
  }

  /**
   * Resolves a handle or a DID to the DID, its document and its PDS. A handle is kept only when the
   * document claims it back (both directions agree); a DID's claimed handle is checked the same way.
   */
  async resolveIdentity(identifier: string): Promise<ResolvedIdentity> {
    const given = identifier.startsWith("did:") ? undefined : identifier.toLowerCase();
    const did = given === undefined ? identifier : await this.resolveHandle(given);
    const didDocument = await this.resolveDid(did);
    const pds = pdsEndpoint(didDocument);
    if (!pds) throw new NoPdsError(did);
    const claimed = claimedHandle(didDocument);
    let handle: string | undefined;
    if (claimed !== undefined && claimed === given) handle = claimed;
    else if (claimed !== undefined && given === undefined) {
      handle = (await this.resolveHandle(claimed).catch(() => undefined)) === did ? claimed : undefined;
    }
    return { did, handle, didDocument, pds };
  }
}

function parseJSON(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
