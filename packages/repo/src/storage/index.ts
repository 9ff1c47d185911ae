export { BlockMap, CidSet } from "./block-map.js";
export {
  type BlockStore,
  MemoryBlockStore,
  OverlayBlockStore,
  type ReadonlyBlockStore,
  readBlock,
} from "./block-store.js";
