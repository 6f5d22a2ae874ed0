// What each bench table module returns: the lines it prints (title, table, notes), its part of
// out/bench/results.json, and its measured figures for the tables built on them (3 on 2, 5b on 5, the goals).
import { type Cell, formatTable } from '../../src/report/table.js';

export interface BenchTable<D> {
  /** The table's number as printed ('1', '5b', ...), or 'goals'. */
  id: string;
  /** Lines before the table (the first starts with a newline where the table is set off by a blank line). */
  title: string[];
  table?: { headers: string[]; rows: Cell[][] };
  /** Lines after the table. */
  notes?: string[];
  /** Its keys in results.json (none for a table over another table's figures). */
  json: Record<string, unknown>;
  data: D;
}

/** The table as printed: title, table and notes, one line each. */
export function renderTable(t: BenchTable<unknown>): string {
  return [...t.title, ...(t.table ? [formatTable(t.table.headers, t.table.rows)] : []), ...(t.notes ?? [])].join('\n');
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
