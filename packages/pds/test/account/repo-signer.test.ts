import { randomBytes } from "node:crypto";
import { verifySignature as refVerify } from "@atproto/crypto";
import { Secp256k1Keypair, verifySignature } from "@putrecord/repo";
import { describe, expect, it } from "vitest";
import { repoSigner, repoSignerBackend } from "../../src/account/repo-signer.js";

// The secp256k1 package ships prebuilt binaries for these; anywhere else Node crypto signs.
const prebuilt = ["linux-x64", "darwin-arm64", "win32-x64"].includes(`${process.platform}-${process.arch}`);

describe("repoSigner", () => {
  it("uses libsecp256k1 where its prebuilt binary exists", () => {
    expect(repoSignerBackend).toBe(prebuilt ? "libsecp256k1" : "node:crypto");
  });

  it("makes low-S signatures that our core and @atproto/crypto both verify", async () => {
    for (let i = 0; i < 100; i++) {
      const keypair = Secp256k1Keypair.create();
      const signer = repoSigner(keypair);
      expect(signer.did()).toBe(keypair.did());
      expect(signer.jwtAlg).toBe("ES256K");
      const data = randomBytes(1 + i * 7);
      const sig = signer.sign(data);
      expect(sig.length).toBe(64);
      // Our verifier refuses high-S signatures, so passing it proves the low-S form.
      expect(verifySignature(keypair.did(), data, sig)).toBe(true);
      expect(await refVerify(keypair.did(), data, sig)).toBe(true);
      data[0] ^= 1;
      expect(verifySignature(keypair.did(), data, sig)).toBe(false);
    }
  });

  it("signs deterministically (RFC 6979), so a retried commit signs the same bytes the same way", () => {
    const signer = repoSigner(Secp256k1Keypair.create());
    const data = randomBytes(300);
    expect(Buffer.from(signer.sign(data))).toEqual(Buffer.from(signer.sign(data)));
  });
});
