/**
 * The fleet and administration pages' API (终端状态, 审计日志, 用户管理, the directory) answers as
 * contract/central-admin-api.ts says, over HTTP against PostgreSQL, with rows in every list.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  AuditLogResponse,
  AuditVerifyResponse,
  ConsoleUserRow,
  centralAdminPaths,
  DirectoryResponse,
  KioskHealthResponse,
  type NewUserRequest,
  UserListResponse,
} from '../../contract/central-admin-api.ts';
import { type KioskStatus, type Telemetry, topics } from '../../contract/mqtt.ts';
import { type ConsoleSession, consoleLogin } from '../../test/support/console-http.ts';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { handleKioskMessage } from '../ingest/kiosk-messages.ts';
import { simDirectory } from '../simulate/district-stream.ts';
import { type RunningCentral, startCentral } from './start.ts';

let pg: PostgresServer;
let central: RunningCentral;
let admin: ConsoleSession;

before(async () => {
  pg = await startPostgres();
  central = await startCentral({ db: pg.url, directory: simDirectory(2), demoAccounts: true });
  const log = () => {};
  const status: KioskStatus = { state: 'online', sess: 1, ts: Date.now(), version: '0.1.0' };
  const telemetry: Telemetry = {
    ts: Date.now(),
    reader: { state: 'ok' },
    printer: { state: 'warning', detail: 'paper near end' },
    outbox: { depth: 2, oldestAgeMs: 900 },
    queue: { waiting: 4 },
    version: '0.1.0',
  };
  await handleKioskMessage(
    central.db,
    topics.status('centre-01'),
    Buffer.from(JSON.stringify(status)),
    false,
    log,
  );
  await handleKioskMessage(
    central.db,
    topics.telemetry('centre-01'),
    Buffer.from(JSON.stringify(telemetry)),
    false,
    log,
  );
  admin = await consoleLogin(central.url, 'admin', 'demo-admin-123');
});

after(async () => {
  await central?.close();
  await pg?.stop();
});

function problems(schema: TSchema, value: unknown): string[] {
  return [...Value.Errors(schema, value)].slice(0, 3).map((e) => `${e.path}: ${e.message}`);
}

test('kiosk health, users, the directory, the audit log and its chain check answer as the contract says', async () => {
  const added: NewUserRequest = {
    username: 'zhang3',
    displayName: '张三',
    role: 'viewer',
    password: 'a-long-pass-123',
  };
  const created = await admin.post<unknown>(centralAdminPaths.users, added);
  assert.equal(created.status, 201);
  assert.deepEqual(problems(ConsoleUserRow, created.body), []);
  assert.equal(
    (await admin.post(centralAdminPaths.userPassword('zhang3'), { password: 'another-pass-456' })).status,
    200,
  );

  const kiosks = await admin.get<KioskHealthResponse>(centralAdminPaths.kiosks);
  assert.deepEqual(problems(KioskHealthResponse, kiosks.body), []);
  assert.equal(kiosks.body.rows[0]?.telemetry?.queue?.waiting, 4);

  const users = await admin.get<UserListResponse>(centralAdminPaths.users);
  assert.deepEqual(problems(UserListResponse, users.body), []);
  assert.ok(users.body.rows.some((u) => u.username === 'zhang3' && u.role === 'viewer'));

  const directory = await admin.get<DirectoryResponse>(centralAdminPaths.directory);
  assert.deepEqual(problems(DirectoryResponse, directory.body), []);
  assert.ok(directory.body.rows.some((e) => e.kind === 'centre' && e.id === 'centre-01'));

  const audit = await admin.get<AuditLogResponse>(`${centralAdminPaths.audit}?action=user.`);
  assert.deepEqual(problems(AuditLogResponse, audit.body), []);
  assert.deepEqual(
    audit.body.rows.map((r) => r.action),
    ['user.password', 'user.add'],
  );

  const verify = await admin.get<AuditVerifyResponse>(centralAdminPaths.auditVerify);
  assert.deepEqual(problems(AuditVerifyResponse, verify.body), []);
  assert.equal(verify.body.brokenAt, null);
});
