import { format } from "node:util";
import { CBOR, Cid, lexToJson } from "@putrecord/repo";
import type { AppContext } from "../context.js";
import { appViewQuery } from "../proxy/appview-query.js";
import type { LocalRecord } from "./local-records.js";

/** A view object of an app.bsky answer, read and built field by field. */
export type View = Record<string, unknown>;

const isObject = (v: unknown): v is View => v !== null && typeof v === "object" && !Array.isArray(v);

/** The CID a blob ref names (`ref.$link`, or a legacy ref's `cid`), or undefined. */
function blobCid(blob: unknown): string | undefined {
  if (!isObject(blob)) return undefined;
  const ref = blob.ref;
  if (isObject(ref) && typeof ref.$link === "string") return ref.$link;
  return typeof blob.cid === "string" ? blob.cid : undefined;
}

/**
 * Builds the views an AppView would give of the account's own newest records, so read-after-write can
 * show them before the AppView has indexed them: posts with zero counts, the profile's name and images.
 */
export class LocalViewer {
  constructor(
    readonly ctx: AppContext,
    readonly did: string,
  ) {}

  /** An image URL: the AppView's CDN when one is configured, else this PDS's getBlob. */
  imageUrl(preset: "avatar" | "banner" | "feed_thumbnail" | "feed_fullsize", cid: string): string {
    const pattern = this.ctx.config.network.appView?.cdnUrlPattern;
    if (pattern) return format(pattern, preset, this.did, cid);
    return `${this.ctx.config.publicUrl}/xrpc/com.atproto.sync.getBlob?did=${this.did}&cid=${cid}`;
  }

  /** The account's current profile record as JSON, or null. */
  profileRecord(): View | null {
    const cid = this.ctx.repos.records.attemptCid(this.did, "app.bsky.actor.profile", "self");
    const bytes = cid === null ? null : this.ctx.repos.blockStore(this.did).getBlock(Cid.parse(cid));
    return bytes === null ? null : (lexToJson(CBOR.decode(bytes)) as View);
  }

  /** The account as a basic profile view (the author of its posts), or null when not hosted here. */
  profileBasic(): View | null {
    const account = this.ctx.accounts.getAccount(this.did);
    if (account === null) return null;
    const view: View = { did: this.did, handle: account.handle };
    const profile = this.profileRecord();
    return profile ? this.updateProfileBasic(view, profile) : view;
  }

  /** A basic view with the name and avatar of `record`. */
  updateProfileBasic(view: View, record: View): View {
    const avatar = blobCid(record.avatar);
    return {
      ...view,
      displayName: record.displayName,
      avatar: avatar === undefined ? undefined : this.imageUrl("avatar", avatar),
    };
  }

  /** A detailed view with everything `record` says: name, avatar, description and banner. */
  updateProfileDetailed(view: View, record: View): View {
    const banner = blobCid(record.banner);
    return {
      ...this.updateProfileBasic(view, record),
      description: record.description,
      banner: banner === undefined ? undefined : this.imageUrl("banner", banner),
    };
  }

  /** A post view of one of the account's records: its counts are zero, it has just been written. */
  async post(local: LocalRecord): Promise<View | null> {
    const author = this.profileBasic();
    if (author === null) return null;
    return {
      uri: local.uri,
      cid: local.cid,
      author,
      record: local.record,
      embed: await this.embed(local.record.embed),
      likeCount: 0,
      replyCount: 0,
      repostCount: 0,
      quoteCount: 0,
      indexedAt: local.indexedAt,
    };
  }

  /**
   * Puts the account's new posts into a feed, newest first, each where its time belongs; posts older
   * than the feed's last item belong to a later page and are left out.
   */
  async insertPosts(feed: View[], posts: LocalRecord[]): Promise<View[]> {
    const last = (feed.at(-1)?.post as View | undefined)?.indexedAt ?? new Date(0).toISOString();
    const newest = posts.filter((p) => p.indexedAt > String(last)).reverse();
    const out = [...feed];
    for (const local of newest) {
      const post = await this.post(local);
      if (post === null) continue;
      const at = out.findIndex((item) => String((item.post as View).indexedAt) < local.indexedAt);
      out.splice(at === -1 ? out.length : at, 0, { post });
    }
    return out;
  }

  async embed(embed: unknown): Promise<View | undefined> {
    if (!isObject(embed)) return undefined;
    switch (embed.$type) {
      case "app.bsky.embed.images":
        return this.imagesView(embed);
      case "app.bsky.embed.external":
        return this.externalView(embed);
      case "app.bsky.embed.record":
        return this.recordView(embed);
      case "app.bsky.embed.recordWithMedia": {
        const media = isObject(embed.media) ? await this.embed(embed.media) : undefined;
        if (media === undefined || media.$type === "app.bsky.embed.record#view") return undefined;
        return {
          $type: "app.bsky.embed.recordWithMedia#view",
          record: await this.recordView(embed.record),
          media,
        };
      }
      default:
        return undefined;
    }
  }

  imagesView(embed: View): View {
    const images = (Array.isArray(embed.images) ? embed.images : []).filter(isObject).map((img) => {
      const cid = blobCid(img.image) ?? "";
      return {
        thumb: this.imageUrl("feed_thumbnail", cid),
        fullsize: this.imageUrl("feed_fullsize", cid),
        alt: img.alt,
        aspectRatio: img.aspectRatio,
      };
    });
    return { $type: "app.bsky.embed.images#view", images };
  }

  externalView(embed: View): View {
    const external = isObject(embed.external) ? embed.external : {};
    const thumb = blobCid(external.thumb);
    return {
      $type: "app.bsky.embed.external#view",
      external: {
        uri: external.uri,
        title: external.title,
        description: external.description,
        thumb: thumb === undefined ? undefined : this.imageUrl("feed_thumbnail", thumb),
      },
    };
  }

  /** A quoted record's view from the AppView (posts, feed generators, lists); "not found" otherwise. */
  async recordView(embed: unknown): Promise<View> {
    const uri = isObject(embed) && isObject(embed.record) ? String(embed.record.uri) : "";
    const found = await this.#quoted(uri).catch(() => null);
    return {
      $type: "app.bsky.embed.record#view",
      record: found ?? { $type: "app.bsky.embed.record#viewNotFound", uri, notFound: true },
    };
  }

  async #quoted(uri: string): Promise<View | null> {
    const collection = uri.split("/")[3];
    if (collection === "app.bsky.feed.post") {
      const data = await appViewQuery(this.ctx, this.did, "app.bsky.feed.getPosts", { uris: [uri] });
      const post = (data?.posts as View[] | undefined)?.[0];
      if (!post) return null;
      return {
        $type: "app.bsky.embed.record#viewRecord",
        uri: post.uri,
        cid: post.cid,
        author: post.author,
        value: post.record,
        labels: post.labels,
        embeds: post.embed ? [post.embed] : undefined,
        indexedAt: post.indexedAt,
      };
    }
    if (collection === "app.bsky.feed.generator") {
      const data = await appViewQuery(this.ctx, this.did, "app.bsky.feed.getFeedGenerator", { feed: uri });
      return isObject(data?.view) ? { $type: "app.bsky.feed.defs#generatorView", ...data.view } : null;
    }
    if (collection === "app.bsky.graph.list") {
      const data = await appViewQuery(this.ctx, this.did, "app.bsky.graph.getList", { list: uri });
      return isObject(data?.list) ? { $type: "app.bsky.graph.defs#listView", ...data.list } : null;
    }
    return null;
  }
}
