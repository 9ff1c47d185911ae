// Everything the generator writes, as path (under packages/bluesky) → content. Pure: main.ts writes
// and formats it, the drift test compares it.

// The curated tools are hand-written; the tool list in the docs names them beside the generated ones.
import { curatedTools } from "../src/mcp/curated/index.js";
import { emitComponent, emitComponentsIndex, emitRecordsIndex, recordNsids } from "./emit-components.js";
import { emitDocsPage } from "./emit-docs.js";
import { emitFunction, emitFunctionAlias } from "./emit-funcs.js";
import {
  emitErrorsIndex,
  emitHooksIndex,
  emitOperationsIndex,
  emitOperationTable,
  emitSdkIndex,
} from "./emit-index.js";
import { emitLexicon, emitLexiconIndex, emitRecord, emitRecordIndex } from "./emit-lexicons.js";
import { emitMcpDocs, emitMcpTools } from "./emit-mcp.js";
import { emitErrors, emitOperation } from "./emit-operation.js";
import { emitHooks } from "./emit-react.js";
import { emitNamespace, emitNamespaces, namespaces, nsModule } from "./emit-sdk.js";
import { isOperation, loadDocs } from "./lexicons.js";
import { buildOps } from "./model.js";
import { legacyOf } from "./names.js";

/** Every generated file. */
export function generate(): Map<string, string> {
  const docs = loadDocs();
  const ops = buildOps(docs);
  const files = new Map<string, string>();
  const put = (path: string, content: string) => {
    if (files.has(path)) throw new Error(`two generated files at one path; path=${path}`);
    files.set(path, content);
  };
  for (const op of ops) {
    put(`src/models/operations/${op.file}.ts`, emitOperation(docs, op));
    put(`src/funcs/${op.fn}.ts`, emitFunction(op));
    put(`docs/sdks/${op.ns.toLowerCase()}/${op.method}.md`, emitDocsPage(docs, op));
    if (op.kind === "subscription") continue;
    put(`src/models/errors/${op.file}.ts`, emitErrors(op));
    put(`src/react-query/${op.fn}.ts`, emitHooks(op));
    const alias = legacyOf(op);
    if (alias) {
      put(`src/funcs/${alias.fn}.ts`, emitFunctionAlias(op, alias));
      put(`src/react-query/${alias.fn}.ts`, emitHooks(op, alias));
    }
  }
  for (const doc of docs.values()) {
    put(`src/lexicons/${doc.id.split(".").join("").toLowerCase()}.ts`, emitLexicon(doc));
    if (!isOperation(doc))
      put(
        `src/models/components/${doc.id.split(".").join("").toLowerCase()}.ts`,
        emitComponent(docs, doc.id),
      );
  }
  const records = recordNsids(docs);
  for (const nsid of records) put(`src/records/${emitRecordPath(nsid)}.ts`, emitRecord(docs, nsid));
  const all = namespaces(ops);
  for (const n of all) put(`src/${nsModule(n.ns)}.ts`, emitNamespace(n));
  put("src/sdk/namespaces.ts", emitNamespaces(all));
  put("src/sdk/index.ts", emitSdkIndex(all));
  put("src/models/operations/index.ts", emitOperationsIndex(ops));
  put("src/models/errors/index.ts", emitErrorsIndex(ops));
  put("src/models/components/records.ts", emitRecordsIndex(docs));
  put("src/models/components/index.ts", emitComponentsIndex(docs));
  put("src/react-query/index.ts", emitHooksIndex(ops));
  put("src/operations/index.ts", emitOperationTable(ops));
  put("src/lexicons/index.ts", emitLexiconIndex(docs));
  put("src/records/index.ts", emitRecordIndex(records));
  put("src/mcp/tools.ts", emitMcpTools(docs, ops));
  put("docs/mcp/tools.md", emitMcpDocs(docs, ops, [...curatedTools]));
  return files;
}

function emitRecordPath(nsid: string): string {
  return nsid
    .split(".")
    .map((s, i) => (i ? s[0]!.toUpperCase() + s.slice(1) : s))
    .join("");
}
