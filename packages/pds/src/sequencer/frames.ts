import { encodeFrame, type SeqEvent } from "./events.js";

// Every subscriber sends the same bytes for an event: encode each once.
const frames = new WeakMap<SeqEvent, Uint8Array>();

/** The event's frame, encoded on first use and shared by all subscribers. */
export function frameOf(evt: SeqEvent): Uint8Array {
  let frame = frames.get(evt);
  if (frame === undefined) {
    frame = encodeFrame(evt);
    frames.set(evt, frame);
  }
  return frame;
}
