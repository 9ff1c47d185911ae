import type {
  Code,
  CreateTokenData,
  Did,
  NewTokenData,
  RefreshToken,
  TokenData,
  TokenId,
  TokenInfo,
  TokenStore,
} from "@atproto/oauth-provider/store";
import type { AccountManager } from "../../account/manager.js";
import type { Db } from "../../db/database.js";
import { providerAccount } from "./account.js";

interface TokenRow {
  id: number;
  token_id: string;
  did: string;
  client_id: string;
  client_auth: string;
  device_id: string | null;
  parameters: string;
  scope: string | null;
  code: string | null;
  refresh_token: string | null;
  created_at: number;
  updated_at: number;
  expires_at: number;
}

/** A refresh token that was already spent (rotated away) was offered again. */
export class RefreshTokenReusedError extends Error {
  constructor() {
    super("refresh token already used");
    this.name = "RefreshTokenReusedError";
  }
}

/**
 * Token families in `oauth_token`, one row per authorization: a refresh replaces the row's token id
 * and refresh token, and records the spent refresh token in `oauth_used_refresh_token`, so the
 * provider can recognise a replay and revoke the family.
 */
export class SqliteTokenStore implements TokenStore {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountManager,
    private readonly serviceDid: string,
  ) {}

  createToken(tokenId: TokenId, data: CreateTokenData, refreshToken?: RefreshToken): void {
    if (refreshToken && this.#isUsed(refreshToken)) throw new RefreshTokenReusedError();
    this.db
      .prepare(
        `INSERT INTO oauth_token (token_id, did, client_id, client_auth, device_id, parameters, scope, code,
           refresh_token, created_at, updated_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        tokenId,
        data.did,
        data.clientId,
        JSON.stringify(data.clientAuth),
        data.deviceId,
        JSON.stringify(data.parameters),
        data.scope,
        data.code,
        refreshToken ?? null,
        data.createdAt.getTime(),
        data.updatedAt.getTime(),
        data.expiresAt.getTime(),
      );
  }

  readToken(tokenId: TokenId): TokenInfo | null {
    return this.#info(this.#row("token_id = ?", tokenId));
  }

  deleteToken(tokenId: TokenId): void {
    // The family's spent refresh tokens go with it (ON DELETE CASCADE).
    this.db.prepare("DELETE FROM oauth_token WHERE token_id = ?").run(tokenId);
  }

  rotateToken(
    tokenId: TokenId,
    newTokenId: TokenId,
    newRefreshToken: RefreshToken,
    data: NewTokenData,
  ): void {
    this.db.transaction(() => {
      const row = this.#row("token_id = ?", tokenId);
      if (!row) throw new Error(`token not found; id=${tokenId}`);
      if (row.refresh_token !== null) {
        this.db
          .prepare("INSERT INTO oauth_used_refresh_token (refresh_token, token) VALUES (?, ?)")
          .run(row.refresh_token, row.id);
      }
      if (this.#isUsed(newRefreshToken)) throw new RefreshTokenReusedError();
      this.db
        .prepare(
          `UPDATE oauth_token SET token_id = ?, refresh_token = ?, client_auth = ?, scope = ?,
             updated_at = ?, expires_at = ? WHERE id = ?`,
        )
        .run(
          newTokenId,
          newRefreshToken,
          JSON.stringify(data.clientAuth),
          data.scope,
          data.updatedAt.getTime(),
          data.expiresAt.getTime(),
          row.id,
        );
    })();
  }

  findTokenByRefreshToken(refreshToken: RefreshToken): TokenInfo | null {
    // A spent refresh token still names its family: the provider then revokes the whole family.
    const family = this.db
      .prepare("SELECT token FROM oauth_used_refresh_token WHERE refresh_token = ?")
      .pluck()
      .get(refreshToken) as number | undefined;
    return this.#info(
      family === undefined ? this.#row("refresh_token = ?", refreshToken) : this.#row("id = ?", family),
    );
  }

  findTokenByCode(code: Code): TokenInfo | null {
    return this.#info(this.#row("code = ?", code));
  }

  listAccountTokens(did: Did): TokenInfo[] {
    const rows = this.db.prepare<[string], TokenRow>("SELECT * FROM oauth_token WHERE did = ?").all(did);
    return rows.map((row) => this.#info(row)).filter((info) => info !== null);
  }

  #isUsed(refreshToken: string): boolean {
    return (
      this.db.prepare("SELECT 1 FROM oauth_used_refresh_token WHERE refresh_token = ?").get(refreshToken) !==
      undefined
    );
  }

  #row(where: string, value: string | number): TokenRow | undefined {
    return this.db
      .prepare<[string | number], TokenRow>(`SELECT * FROM oauth_token WHERE ${where}`)
      .get(value);
  }

  #info(row: TokenRow | undefined): TokenInfo | null {
    if (!row) return null;
    const account = this.accounts.getAccount(row.did);
    if (!account) return null;
    return {
      id: row.token_id as TokenId,
      data: toTokenData(row),
      account: providerAccount(account, this.serviceDid),
      currentRefreshToken: row.refresh_token as RefreshToken | null,
    };
  }
}

function toTokenData(row: TokenRow): TokenData {
  return {
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    expiresAt: new Date(row.expires_at),
    clientId: row.client_id,
    clientAuth: JSON.parse(row.client_auth),
    deviceId: row.device_id as TokenData["deviceId"],
    did: row.did as Did,
    parameters: JSON.parse(row.parameters),
    code: row.code as TokenData["code"],
    scope: row.scope,
  };
}
