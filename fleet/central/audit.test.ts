import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { auditLog, searchAudit, verifyAuditChain } from './audit.ts';

describe('the console audit log (PGlite)', () => {
  let db: CentralDb;
  before(async () => {
    db = await openCentralDb();
    const log = auditLog(db);
    await log.append({
      actor: 'jiancha',
      role: 'supervisor',
      client: '127.0.0.1',
      action: 'login',
      result: 'ok',
    });
    await log.append({
      actor: 'jiancha',
      action: 'rectification.act',
      target: 'c1/r1',
      result: 'ok',
      detail: { action: 'reply' },
    });
    await log.append({ actor: 'lingdao', action: 'rectification.act', target: 'c1/r1', result: 'denied' });
  });
  after(() => db.close());

  test('rows cannot be changed, deleted or truncated', async () => {
    await assert.rejects(db.query(`UPDATE audit_log SET actor = 'x'`), /append-only/);
    await assert.rejects(db.query('DELETE FROM audit_log'), /append-only/);
    await assert.rejects(db.query('TRUNCATE audit_log'), /append-only/);
  });

  test('search finds by actor, action prefix, result and text', async () => {
    assert.equal((await searchAudit(db, { actor: 'jiancha', limit: 10, offset: 0 })).total, 2);
    assert.equal(
      (await searchAudit(db, { action: 'rectification', result: 'denied', limit: 10, offset: 0 })).total,
      1,
    );
    assert.equal((await searchAudit(db, { text: 'reply', limit: 10, offset: 0 })).total, 1);
  });

  test('the chain is intact, and an altered row (by someone who got round the trigger) is found', async () => {
    assert.deepEqual(await verifyAuditChain(db), { rows: 3, brokenAt: null });
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
    await db.query(`UPDATE audit_log SET result = 'ok' WHERE actor = 'lingdao'`);
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
    const [row] = await db.query<{ id: number }>(`SELECT id FROM audit_log WHERE actor = 'lingdao'`);
    assert.deepEqual(await verifyAuditChain(db), { rows: 2, brokenAt: row!.id });
  });
});
