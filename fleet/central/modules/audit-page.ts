/** The audit log: search, CSV export, and a check of the hash chain. */
import {
  type AuditLogResponse,
  type AuditVerifyResponse,
  centralAdminPaths,
} from '../../../contract/central-admin-api.ts';
import { type AuditRow, searchAudit, verifyAuditChain } from '../audit.ts';
import { type CsvColumn, toCsv } from '../csv.ts';
import type { ConsoleModule, RouteRequest } from '../module.ts';
import { dayParam, enumParam, pageParams } from '../query-params.ts';

const CSV: ReadonlyArray<CsvColumn<AuditRow>> = [
  { header: 'id', value: (r) => r.id },
  { header: '时间 at', value: (r) => r.at },
  { header: '用户 actor', value: (r) => r.actor },
  { header: '角色 role', value: (r) => r.role },
  { header: '来源 client', value: (r) => r.client },
  { header: '操作 action', value: (r) => r.action },
  { header: '对象 target', value: (r) => r.target },
  { header: '结果 result', value: (r) => r.result },
  { header: '详情 detail', value: (r) => r.detail },
  { header: 'hash', value: (r) => r.hash },
];

function query(req: RouteRequest, limit: number, offset: number) {
  const q = req.query;
  const text = q.q?.slice(0, 100);
  return searchAudit(req.db, {
    ...(q.actor ? { actor: q.actor.slice(0, 64) } : {}),
    ...(q.action ? { action: q.action.slice(0, 64) } : {}),
    ...(q.result ? { result: enumParam(q.result, 'result', ['ok', 'denied', 'failed'] as const) } : {}),
    ...(q.from ? { from: dayParam(q.from, 'from') } : {}),
    ...(q.to ? { to: dayParam(q.to, 'to') } : {}),
    ...(text ? { text } : {}),
    limit,
    offset,
  });
}

export const auditModule: ConsoleModule = {
  id: 'audit',
  pages: [{ path: '/audit', permission: 'audit.view', title: { zh: '审计日志', en: 'Audit log' } }],
  routes: () => [
    {
      method: 'GET',
      url: centralAdminPaths.audit,
      permission: 'audit.view',
      async handler(req) {
        const { limit, offset, page } = pageParams(req.query);
        const body: AuditLogResponse = { ...(await query(req, limit, offset)), page, size: limit };
        return { body };
      },
    },
    {
      method: 'GET',
      url: centralAdminPaths.auditCsv,
      permission: 'audit.view',
      audit: 'export.audit',
      async handler(req) {
        const { rows } = await query(req, 100_000, 0);
        return {
          download: {
            filename: 'audit.csv',
            contentType: 'text/csv; charset=utf-8',
            content: toCsv(CSV, rows),
          },
          audit: { detail: { filters: req.query, rows: rows.length } },
        };
      },
    },
    {
      method: 'GET',
      url: centralAdminPaths.auditVerify,
      permission: 'audit.view',
      audit: 'audit.verify',
      async handler(req) {
        const result: AuditVerifyResponse = await verifyAuditChain(req.db);
        return { body: result, audit: { detail: result } };
      },
    },
  ],
};
