import { describe, expect, it } from "vitest";
import {
  decodeBase58,
  InvalidDidKeyError,
  InvalidPrivateKeyError,
  P256Keypair,
  parseDidKey,
  SECP256K1,
  Secp256k1Keypair,
  verifySignature,
} from "../src/index.js";
import { fromBase64, vectorJson } from "./_util.js";

interface SigFixture {
  comment: string;
  messageBase64: string;
  publicKeyDid: string;
  signatureBase64: string;
  validSignature: boolean;
  tags: string[];
}

describe("signature fixtures", () => {
  for (const f of vectorJson<SigFixture[]>("crypto/signature-fixtures.json")) {
    it(f.comment, () => {
      const ok = verifySignature(f.publicKeyDid, fromBase64(f.messageBase64), fromBase64(f.signatureBase64));
      expect(ok).toBe(f.validSignature);
    });
  }
});

describe("did:key vectors", () => {
  for (const v of vectorJson<{ privateKeyBytesHex: string; publicDidKey: string }[]>(
    "crypto/w3c_didkey_K256.json",
  )) {
    it(`K-256 ${v.publicDidKey}`, () => {
      const key = Secp256k1Keypair.import(Buffer.from(v.privateKeyBytesHex, "hex"));
      expect(key.did()).toBe(v.publicDidKey);
      expect(parseDidKey(v.publicDidKey).publicKey).toEqual(key.publicKey);
    });
  }
  for (const v of vectorJson<{ privateKeyBytesBase58: string; publicDidKey: string }[]>(
    "crypto/w3c_didkey_P256.json",
  )) {
    it(`P-256 ${v.publicDidKey}`, () => {
      const key = P256Keypair.import(decodeBase58(v.privateKeyBytesBase58));
      expect(key.did()).toBe(v.publicDidKey);
    });
  }
});

describe("keypairs", () => {
  for (const make of [() => Secp256k1Keypair.create(), () => P256Keypair.create()]) {
    it("sign → 64-byte low-S signature that verifies, and only for that message", () => {
      const key = make();
      const data = new TextEncoder().encode("commit bytes");
      for (let i = 0; i < 20; i++) {
        const sig = key.sign(data);
        expect(sig.length).toBe(64);
        const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString("hex")}`);
        expect(s <= key.curve.order >> 1n).toBe(true);
        expect(verifySignature(key.did(), data, sig)).toBe(true);
      }
      expect(verifySignature(key.did(), new TextEncoder().encode("other"), key.sign(data))).toBe(false);
      expect(verifySignature(make().did(), data, key.sign(data))).toBe(false);
    });
  }

  it("export and import give the same did", () => {
    const key = Secp256k1Keypair.create();
    expect(Secp256k1Keypair.import(key.export()).did()).toBe(key.did());
  });

  it("rejects the high-S twin of a valid signature", () => {
    const key = Secp256k1Keypair.create();
    const data = new Uint8Array([1, 2, 3]);
    const sig = key.sign(data);
    const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString("hex")}`);
    const high = Uint8Array.from(sig);
    high.set(Buffer.from((SECP256K1.order - s).toString(16).padStart(64, "0"), "hex"), 32);
    expect(verifySignature(key.did(), data, high)).toBe(false);
  });

  it("throws typed errors for bad keys", () => {
    expect(() => Secp256k1Keypair.import(new Uint8Array(32))).toThrow(InvalidPrivateKeyError);
    expect(() => parseDidKey("did:web:example.com")).toThrow(InvalidDidKeyError);
    expect(() => verifySignature("did:key:z0OIl", new Uint8Array(), new Uint8Array(64))).toThrow(
      InvalidDidKeyError,
    );
  });
});
