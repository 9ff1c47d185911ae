/** A set of NSIDs matched case-insensitively, as the reference matches methods. */
export class NsidSet {
  readonly #names: Set<string>;

  constructor(names: readonly string[]) {
    this.#names = new Set(names.map((n) => n.toLowerCase()));
  }

  has(nsid: string): boolean {
    return this.#names.has(nsid.toLowerCase());
  }
}

/** chat.bsky methods a plain app password may not call through the PDS (the reference's list). */
export const CHAT_BSKY_METHODS = [
  "chat.bsky.actor.deleteAccount",
  "chat.bsky.actor.exportAccountData",
  "chat.bsky.convo.deleteMessageForSelf",
  "chat.bsky.convo.getConvo",
  "chat.bsky.convo.getConvoForMembers",
  "chat.bsky.convo.getLog",
  "chat.bsky.convo.getMessages",
  "chat.bsky.convo.leaveConvo",
  "chat.bsky.convo.listConvos",
  "chat.bsky.convo.muteConvo",
  "chat.bsky.convo.sendMessage",
  "chat.bsky.convo.sendMessageBatch",
  "chat.bsky.convo.unmuteConvo",
  "chat.bsky.convo.updateRead",
];

/** Methods that need a privileged session (full access or a privileged app password). */
export const PRIVILEGED_METHODS = new NsidSet([...CHAT_BSKY_METHODS, "com.atproto.server.createAccount"]);

/**
 * Account management: never proxied, never in a service token (a stolen token for another service
 * must not reach these). The reference's list.
 */
export const PROTECTED_METHODS = new NsidSet([
  "com.atproto.admin.sendEmail",
  "com.atproto.identity.requestPlcOperationSignature",
  "com.atproto.identity.signPlcOperation",
  "com.atproto.identity.updateHandle",
  "com.atproto.server.activateAccount",
  "com.atproto.server.confirmEmail",
  "com.atproto.server.createAppPassword",
  "com.atproto.server.deactivateAccount",
  "com.atproto.server.getAccountInviteCodes",
  "com.atproto.server.getSession",
  "com.atproto.server.listAppPasswords",
  "com.atproto.server.requestAccountDelete",
  "com.atproto.server.requestEmailConfirmation",
  "com.atproto.server.requestEmailUpdate",
  "com.atproto.server.revokeAppPassword",
  "com.atproto.server.updateEmail",
]);
