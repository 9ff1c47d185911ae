import { type RefObject, useEffect, useRef } from "react";

/** A heading that takes the focus when its view appears, so keyboard and screen-reader users land on it. */
export function useHeadingFocus(): RefObject<HTMLHeadingElement | null> {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
