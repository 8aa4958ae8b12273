// The audit log as CSV for export: RFC 4180 quoting, a UTF-8 BOM so spreadsheet programs read
// Chinese correctly, and every cell that a spreadsheet would take for a formula (starting with
// = + - @, a tab or a carriage return) prefixed with ' so that opening the file runs nothing.
// Rows are read in keyset batches and yielded as they come: the export never holds the log.
import type { Kysely } from 'kysely';
import { listAudit, type AuditQuery } from '../storage/repositories/audit-log.ts';
import type { AuditRow, Database } from '../storage/schema.ts';
import type { TenantScope } from '../storage/tenant-scope.ts';

export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'tenant_id',
  'actor_type',
  'actor_id',
  'actor_label',
  'action',
  'target_type',
  'target_id',
  'request_id',
  'ip',
  'before',
  'after',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: neutralized if a spreadsheet would evaluate it, always quoted. */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : value instanceof Date
          ? value.toISOString()
          : typeof value === 'number' || typeof value === 'boolean'
            ? String(value)
            : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const csvLine = (cells: readonly unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

const rowCells = (r: AuditRow) => [
  r.id,
  r.at,
  r.tenant_id,
  r.actor_type,
  r.actor_id,
  r.actor_label,
  r.action,
  r.target_type,
  r.target_id,
  r.request_id,
  r.ip,
  r.before,
  r.after,
];

const BATCH = 500;

/** The header, then every matching entry newest first, as CSV text chunks. */
export async function* auditCsv(
  db: Kysely<Database>,
  scope: TenantScope,
  filter: Omit<AuditQuery, 'beforeId' | 'limit'>,
): AsyncGenerator<string> {
  yield `\uFEFF${csvLine(AUDIT_CSV_COLUMNS)}`;
  let beforeId: number | undefined;
  for (;;) {
    const page = await listAudit(db, scope, {
      ...filter,
      limit: BATCH,
      ...(beforeId === undefined ? {} : { beforeId }),
    });
    if (page.items.length) yield page.items.map((r) => csvLine(rowCells(r))).join('');
    if (page.nextCursor === null) return;
    beforeId = page.nextCursor;
  }
}
