/** Prints rows as a table with padded columns, the first row as the header. */
export function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i]!)).join("  "));
}

/** Kilobytes with one decimal. */
export const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** The median of a list of numbers. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
