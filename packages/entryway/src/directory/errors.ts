/** Base of the directory's expected failures; the HTTP edge maps them to XRPC errors (api/errors.ts). */
export class DirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** No cell takes new accounts (none registered, or every one closed by an admin). */
export class NoCellError extends DirectoryError {
  constructor() {
    super("no cell accepts new accounts");
  }
}

/** A cell id or URL that is not registered. */
export class UnknownCellError extends DirectoryError {
  constructor(readonly cell: string) {
    super(`unknown cell; cell=${cell}`);
  }
}
