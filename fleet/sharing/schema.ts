/** Central's tables for shared datasets: each stream's head, its entries now, every delta, and what each kiosk applied. */
import type { CentralDb } from '../db/sql.ts';

const statements = [
  `CREATE TABLE IF NOT EXISTS share_streams (
     dataset  text   NOT NULL,
     scope    text   NOT NULL,
     scope_id text   NOT NULL,
     version  bigint NOT NULL DEFAULT 0,
     hash     text   NOT NULL,
     PRIMARY KEY (dataset, scope, scope_id)
   )`,
  `CREATE TABLE IF NOT EXISTS share_entries (
     dataset  text  NOT NULL,
     scope    text  NOT NULL,
     scope_id text  NOT NULL,
     key      text  NOT NULL,
     value    jsonb NOT NULL,
     PRIMARY KEY (dataset, scope, scope_id, key)
   )`,
  `CREATE TABLE IF NOT EXISTS share_deltas (
     dataset  text   NOT NULL,
     scope    text   NOT NULL,
     scope_id text   NOT NULL,
     version  bigint NOT NULL,
     delta    jsonb  NOT NULL,
     PRIMARY KEY (dataset, scope, scope_id, version)
   )`,
  `CREATE TABLE IF NOT EXISTS share_reported (
     kiosk_id    text   NOT NULL,
     dataset     text   NOT NULL,
     scope       text   NOT NULL,
     scope_id    text   NOT NULL,
     version     bigint NOT NULL,
     hash        text   NOT NULL,
     reported_at bigint NOT NULL,
     PRIMARY KEY (kiosk_id, dataset, scope, scope_id)
   )`,
];

export async function migrateSharing(db: CentralDb): Promise<void> {
  await db.execScript(statements.join(';\n'));
}
