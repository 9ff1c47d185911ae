import type { LexiconData, LexiconStore } from "@atproto/oauth-provider/store";
import type { Db } from "../../db/database.js";

interface LexiconRow {
  uri: string | null;
  lexicon: string | null;
  created_at: number;
  updated_at: number;
  last_succeeded_at: number | null;
}

/** Lexicons the provider resolved for `include:` permission sets, cached in `oauth_lexicon`. */
export class SqliteLexiconStore implements LexiconStore {
  constructor(private readonly db: Db) {}

  findLexicon(nsid: string): LexiconData | null {
    const row = this.db
      .prepare<[string], LexiconRow>(
        "SELECT uri, lexicon, created_at, updated_at, last_succeeded_at FROM oauth_lexicon WHERE nsid = ?",
      )
      .get(nsid);
    if (!row) return null;
    return {
      uri: row.uri,
      lexicon: row.lexicon === null ? null : JSON.parse(row.lexicon),
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      lastSucceededAt: row.last_succeeded_at === null ? null : new Date(row.last_succeeded_at),
    };
  }

  storeLexicon(nsid: string, data: LexiconData): void {
    this.db
      .prepare(
        `INSERT INTO oauth_lexicon (nsid, uri, lexicon, created_at, updated_at, last_succeeded_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (nsid) DO UPDATE SET uri = excluded.uri, lexicon = excluded.lexicon,
           updated_at = excluded.updated_at, last_succeeded_at = excluded.last_succeeded_at`,
      )
      .run(
        nsid,
        data.uri,
        data.lexicon === null ? null : JSON.stringify(data.lexicon),
        data.createdAt.getTime(),
        data.updatedAt.getTime(),
        data.lastSucceededAt?.getTime() ?? null,
      );
  }

  deleteLexicon(nsid: string): void {
    this.db.prepare("DELETE FROM oauth_lexicon WHERE nsid = ?").run(nsid);
  }
}
