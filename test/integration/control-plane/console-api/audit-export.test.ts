// The audit log's CSV export: the list's filters, every matching entry across many read
// batches, cells a spreadsheet would evaluate neutralized, quoting that survives commas, quotes,
// newlines and Chinese, a tenant admin limited to its tenant, and bad filters refused.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../../../../control-plane/audit/audit-csv.ts';
import { json } from '../../../../control-plane/storage/schema.ts';
import {
  API,
  loginPlatform,
  startTestApp,
  tenantWithAdmin,
  type Session,
  type TestApp,
} from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';

/** RFC 4180 records (quoted fields, "" for a quote, CRLF between records). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  return records;
}

const BULK = 1_234;

describe('csvCell', () => {
  it('prefixes every formula start with an apostrophe and quotes everything', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(csvCell(`${start}1+1`)).toBe(`"'${start}1+1"`);
    expect(csvCell('a "quoted", text')).toBe('"a ""quoted"", text"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(-5)).toBe(`"'-5"`);
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvCell('plain 中文')).toBe('"plain 中文"');
  });
});

describe.each(engines)('audit log CSV export on $name', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let platform: Session;
  let admin: Session;
  let tenantId: string;
  let otherTenantId: string;
  const actorId = randomUUID();
  const tricky = {
    label: '=HYPERLINK("http://evil.example","click")',
    target: '+1-2',
    request: '@SUM(A1:A2)',
    ip: '-1',
  };

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database);
    platform = await loginPlatform(t.app);
    const a = await tenantWithAdmin(t.app, platform);
    admin = a.session;
    tenantId = a.tenant.id;
    otherTenantId = (await tenantWithAdmin(t.app, platform)).tenant.id;
    const base = new Date('2026-01-01T00:00:00Z').getTime();
    const rows = Array.from({ length: BULK }, (_, i) => ({
      at: new Date(base + i * 60_000),
      tenant_id: tenantId,
      actor_type: 'system' as const,
      actor_id: null,
      actor_label: 'bulk',
      action: i % 2 ? 'bulk.even' : 'bulk.odd',
      target_type: 'bulk',
      target_id: String(i),
      before: null,
      after: json({ i }),
      request_id: null,
      ip: null,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await database.db
        .insertInto('audit_log')
        .values(rows.slice(i, i + 500))
        .execute();
    await database.db
      .insertInto('audit_log')
      .values([
        {
          at: new Date('2026-02-01T00:00:00Z'),
          tenant_id: tenantId,
          actor_type: 'admin',
          actor_id: actorId,
          actor_label: tricky.label,
          action: 'tricky.cells',
          target_type: 'tricky',
          target_id: tricky.target,
          before: json({ note: 'line one\nline two, "quoted"', 名字: '张三' }),
          after: null,
          request_id: tricky.request,
          ip: tricky.ip,
        },
        {
          at: new Date('2026-02-01T00:00:00Z'),
          tenant_id: otherTenantId,
          actor_type: 'system',
          actor_id: null,
          actor_label: 'elsewhere',
          action: 'tricky.cells',
          target_type: 'tricky',
          target_id: 'other-tenant',
          before: null,
          after: null,
          request_id: null,
          ip: null,
        },
      ])
      .execute();
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const exportUrl = (query: string) => `${API}/audit-log/export?${query}`;

  it('streams every matching entry as CSV with a BOM, newest first, across read batches', async () => {
    const res = await admin.get(exportUrl('action=bulk.*'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-log-[0-9-]+\.csv"$/,
    );
    expect(res.body.startsWith('\uFEFF"id","at","tenant_id"')).toBe(true);
    const [header, ...records] = parseCsv(res.body.slice(1));
    expect(header).toHaveLength(13);
    expect(records).toHaveLength(BULK);
    const targets = records.map((r) => Number(r[header!.indexOf('target_id')]));
    expect(targets).toEqual(Array.from({ length: BULK }, (_, i) => BULK - 1 - i));
    const even = parseCsv((await admin.get(exportUrl('action=bulk.even'))).body.slice(1));
    expect(even.length - 1).toBe(BULK / 2);
  });

  it('filters by time range and actor like the list does', async () => {
    const from = new Date('2026-01-01T00:10:00Z').toISOString();
    const to = new Date('2026-01-01T00:20:00Z').toISOString();
    const ranged = parseCsv(
      (
        await admin.get(exportUrl(`from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`))
      ).body.slice(1),
    );
    expect(ranged.slice(1).map((r) => r[8])).toEqual([
      '19',
      '18',
      '17',
      '16',
      '15',
      '14',
      '13',
      '12',
      '11',
      '10',
    ]);
    const byActor = parseCsv((await admin.get(exportUrl(`actor_id=${actorId}`))).body.slice(1));
    expect(byActor).toHaveLength(2);
  });

  it('neutralizes cells a spreadsheet would evaluate and keeps the rest intact', async () => {
    const res = await admin.get(exportUrl('target_type=tricky'));
    const [header, row, ...rest] = parseCsv(res.body.slice(1));
    expect(rest).toEqual([]);
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(cell('actor_label')).toBe(`'${tricky.label}`);
    expect(cell('target_id')).toBe(`'${tricky.target}`);
    expect(cell('request_id')).toBe(`'${tricky.request}`);
    expect(cell('ip')).toBe(`'${tricky.ip}`);
    expect(JSON.parse(cell('before')!)).toEqual({
      note: 'line one\nline two, "quoted"',
      名字: '张三',
    });
    expect(cell('after')).toBe('');
  });

  it('keeps a tenant admin to its tenant; the platform admin may choose', async () => {
    const own = parseCsv((await admin.get(exportUrl('action=tricky.cells'))).body.slice(1));
    expect(own.slice(1).map((r) => r[8])).toEqual([`'${tricky.target}`]);
    const asked = await admin.get(exportUrl(`tenant_id=${otherTenantId}`), {
      'accept-language': 'zh-CN',
    });
    expect(asked.statusCode).toBe(404);
    expect(asked.json().error.code).toBe('TENANT_NOT_FOUND');
    const all = parseCsv((await platform.get(exportUrl('action=tricky.cells'))).body.slice(1));
    expect(
      all
        .slice(1)
        .map((r) => r[8])
        .sort(),
    ).toEqual([`'${tricky.target}`, 'other-tenant']);
  });

  it('refuses bad filters and paging parameters with a translated code', async () => {
    for (const query of ['action=DROP%20TABLE', 'from=yesterday', 'limit=10', 'cursor=5']) {
      const res = await admin.get(exportUrl(query), { 'accept-language': 'zh-CN' });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('REQUEST_VALIDATION_FAILED');
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
