/** A lexicon document as the generated modules in src/lexicons/ hold it (descriptions left out). */
export type LexiconDoc = { lexicon: number; id: string; defs: Record<string, unknown> };

/** One schema node; fields are read by `type`, as the lexicon spec defines them. */
export type LexNode = {
  type: string;
  ref?: string;
  refs?: string[];
  closed?: boolean;
  items?: LexNode;
  properties?: Record<string, LexNode>;
  required?: string[];
  nullable?: string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minGraphemes?: number;
  maxGraphemes?: number;
  accept?: string[];
  maxSize?: number;
  record?: LexNode;
  parameters?: LexNode;
  input?: { encoding: string; schema?: LexNode };
};
