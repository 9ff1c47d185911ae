import { describe, expect, it } from "vitest";
import { vectorJson } from "./_util.js";

// MST cases that every implementation must pass; run against ours and against @atproto/repo.

/** A tree under test, behind an async face so the reference fits too. CIDs are strings. */
export interface TreeUnderTest {
  add(key: string, value: string): Promise<TreeUnderTest>;
  delete(key: string): Promise<TreeUnderTest>;
  root(): Promise<string>;
  layer(): Promise<number>;
  /** CIDs of the union of the keys' covering proofs. */
  proof(keys: string[]): Promise<Set<string>>;
}

/** One implementation: a name and a way to make an empty tree; `skip` lists case names with a reason. */
export interface MstImplementation {
  name: string;
  empty(): Promise<TreeUnderTest>;
  skip?: Record<string, string>;
}

const CID1 = "bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454";
const R = "com.example.record/";

async function build(impl: MstImplementation, keys: string[], value = CID1): Promise<TreeUnderTest> {
  let tree = await impl.empty();
  for (const key of keys) tree = await tree.add(key, value);
  return tree;
}

interface ProofFixture {
  comment: string;
  leafValue: string;
  keys: string[];
  adds: string[];
  dels: string[];
  rootBeforeCommit: string;
  rootAfterCommit: string;
  blocksInProof: string[];
}

/** Registers the shared MST cases for one implementation. */
export function runMstCases(impl: MstImplementation): void {
  const test = (name: string, fn: () => Promise<void>) =>
    impl.skip?.[name] === undefined ? it(name, fn) : it.skip(`${name} (${impl.skip[name]})`, fn);

  describe(`MST cases: ${impl.name}`, () => {
    test("empty tree root", async () => {
      expect(await (await impl.empty()).root()).toBe(
        "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
      );
    });
    test("trivial tree root", async () => {
      const tree = await build(impl, [`${R}3jqfcqzm3fo2j`]);
      expect(await tree.root()).toBe("bafyreibj4lsc3aqnrvphp5xmrnfoorvru4wynt6lwidqbm2623a6tatzdu");
    });
    test("singlelayer2 tree root", async () => {
      const tree = await build(impl, [`${R}3jqfcqzm3fx2j`]);
      expect(await tree.layer()).toBe(2);
      expect(await tree.root()).toBe("bafyreih7wfei65pxzhauoibu3ls7jgmkju4bspy4t2ha2qdjnzqvoy33ai");
    });
    test("simple tree root", async () => {
      const keys = ["3jqfcqzm3fp2j", "3jqfcqzm3fr2j", "3jqfcqzm3fs2j", "3jqfcqzm3ft2j", "3jqfcqzm4fc2j"];
      const tree = await build(
        impl,
        keys.map((k) => R + k),
      );
      expect(await tree.root()).toBe("bafyreicmahysq4n6wfuxo522m6dpiy7z7qzym3dzs756t5n7nfdgccwq7m");
    });
    test("trims top of tree on delete", async () => {
      const keys = [
        "3jqfcqzm3fn2j",
        "3jqfcqzm3fo2j",
        "3jqfcqzm3fp2j",
        "3jqfcqzm3fs2j",
        "3jqfcqzm3ft2j",
        "3jqfcqzm3fu2j",
      ];
      let tree = await build(
        impl,
        keys.map((k) => R + k),
      );
      expect(await tree.root()).toBe("bafyreifnqrwbk6ffmyaz5qtujqrzf5qmxf7cbxvgzktl4e3gabuxbtatv4");
      tree = await tree.delete(`${R}3jqfcqzm3fs2j`);
      expect(await tree.layer()).toBe(0);
      expect(await tree.root()).toBe("bafyreie4kjuxbwkhzg2i5dljaswcroeih4dgiqq6pazcmunwt2byd725vi");
    });
    test("handles insertion that splits two layers down", async () => {
      const l1root = "bafyreiettyludka6fpgp33stwxfuwhkzlur6chs4d2v4nkmq2j3ogpdjem";
      const l2root = "bafyreid2x5eqs4w4qxvc5jiwda4cien3gw2q6cshofxwnvv7iucrmfohpm";
      const keys = ["3jqfcqzm3fo2j", "3jqfcqzm3fp2j", "3jqfcqzm3fr2j", "3jqfcqzm3fs2j", "3jqfcqzm3ft2j"];
      keys.push(
        "3jqfcqzm3fz2j",
        "3jqfcqzm4fc2j",
        "3jqfcqzm4fd2j",
        "3jqfcqzm4ff2j",
        "3jqfcqzm4fg2j",
        "3jqfcqzm4fh2j",
      );
      let tree = await build(
        impl,
        keys.map((k) => R + k),
      );
      expect(await tree.layer()).toBe(1);
      expect(await tree.root()).toBe(l1root);
      tree = await tree.add(`${R}3jqfcqzm3fx2j`, CID1);
      expect(await tree.layer()).toBe(2);
      expect(await tree.root()).toBe(l2root);
      tree = await tree.delete(`${R}3jqfcqzm3fx2j`);
      expect(await tree.layer()).toBe(1);
      expect(await tree.root()).toBe(l1root);
    });
    test("handles new layers that are two higher than existing", async () => {
      const l0root = "bafyreidfcktqnfmykz2ps3dbul35pepleq7kvv526g47xahuz3rqtptmky";
      const l2root = "bafyreiavxaxdz7o7rbvr3zg2liox2yww46t7g6hkehx4i4h3lwudly7dhy";
      const l2root2 = "bafyreig4jv3vuajbsybhyvb7gggvpwh2zszwfyttjrj6qwvcsp24h6popu";
      let tree = await build(impl, [`${R}3jqfcqzm3ft2j`, `${R}3jqfcqzm3fz2j`]);
      expect(await tree.root()).toBe(l0root);
      tree = await tree.add(`${R}3jqfcqzm3fx2j`, CID1);
      expect(await tree.layer()).toBe(2);
      expect(await tree.root()).toBe(l2root);
      tree = await tree.delete(`${R}3jqfcqzm3fx2j`);
      expect(await tree.layer()).toBe(0);
      expect(await tree.root()).toBe(l0root);
      tree = await (await tree.add(`${R}3jqfcqzm3fx2j`, CID1)).add(`${R}3jqfcqzm4fd2j`, CID1);
      expect(await tree.root()).toBe(l2root2);
      tree = await tree.delete(`${R}3jqfcqzm4fd2j`);
      expect(await tree.root()).toBe(l2root);
    });

    for (const f of vectorJson<ProofFixture[]>("firehose/commit-proof-fixtures.json")) {
      test(`commit proof: ${f.comment}`, async () => {
        let tree = await build(impl, f.keys, f.leafValue);
        expect(await tree.root()).toBe(f.rootBeforeCommit);
        for (const k of f.adds) tree = await tree.add(k, f.leafValue);
        for (const k of f.dels) tree = await tree.delete(k);
        expect(await tree.root()).toBe(f.rootAfterCommit);
        const proof = await tree.proof([...f.adds, ...f.dels]);
        for (const cid of f.blocksInProof) expect(proof.has(cid)).toBe(true);
      });
    }
  });
}
