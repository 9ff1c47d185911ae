/** A schema change, applied once, in list order. Never edit one that has shipped: append. */
export interface Migration {
  id: string;
  up: string;
}

export const migrations: Migration[] = [];
