// A DNS server on 127.0.0.1 over UDP that answers TXT queries from a table: enough of RFC 1035 for the
// SDK's `_atproto.<handle>` lookups to run through node:dns, pointed at it with `dnsServers`.
import { createSocket } from "node:dgram";

const TXT = 16;

/** A running DNS fixture: `server` is what `dnsServers` takes; `queries` lists the names asked. */
export type DnsFixture = { server: string; queries: string[]; close(): Promise<void> };

/** Reads the question's name, starting after the 12-byte header; returns it and the offset after it. */
function readName(msg: Buffer, offset: number): [string, number] {
  const labels: string[] = [];
  while (msg[offset]! > 0) {
    const length = msg[offset]!;
    labels.push(msg.subarray(offset + 1, offset + 1 + length).toString("latin1"));
    offset += 1 + length;
  }
  return [labels.join("."), offset + 1];
}

/** One TXT answer: a pointer to the question's name, type, class, TTL, then length-prefixed strings. */
function txtAnswer(strings: string[]): Buffer {
  const rdata = Buffer.concat(strings.map((s) => Buffer.concat([Buffer.from([s.length]), Buffer.from(s)])));
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0); // name: the question's, at offset 12
  head.writeUInt16BE(TXT, 2);
  head.writeUInt16BE(1, 4); // class IN
  head.writeUInt32BE(60, 6); // TTL
  head.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([head, rdata]);
}

/** Starts the server; `records` maps a name to its TXT records, each a list of strings. Others: NXDOMAIN. */
export async function startDns(records: Record<string, string[][]>): Promise<DnsFixture> {
  const socket = createSocket("udp4");
  const queries: string[] = [];
  socket.on("message", (msg, peer) => {
    const [name, end] = readName(msg, 12);
    const type = msg.readUInt16BE(end);
    queries.push(name);
    const answers = type === TXT ? (records[name.toLowerCase()] ?? []) : [];
    const header = Buffer.alloc(12);
    header.writeUInt16BE(msg.readUInt16BE(0), 0); // the query's id
    header.writeUInt16BE(name.toLowerCase() in records ? 0x8180 : 0x8183, 2); // response, RD, RA; NXDOMAIN
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const question = msg.subarray(12, end + 4);
    socket.send(Buffer.concat([header, question, ...answers.map(txtAnswer)]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
