import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { startPostgres } from './postgres.ts';

test('a throwaway PostgreSQL 15 answers on 127.0.0.1 and is gone after stop', async () => {
  const server = await startPostgres();
  const client = new pg.Client({ connectionString: server.url });
  try {
    assert.match(server.url, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    await client.connect();
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    assert.match(rows[0]!.v, /^15\./);
  } finally {
    await client.end();
    await server.stop();
  }
  const after = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2000 });
  await assert.rejects(after.connect());
});
