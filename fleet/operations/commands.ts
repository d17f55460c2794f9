/**
 * Commands from the console to one kiosk, a selection or a whole site: each kiosk's run is a row
 * (`fleet_commands`) in a batch, sent the MQTT 5 way (Response Topic `…/cmd/res`, Correlation
 * Data = command ID, Message Expiry = the timeout), never retained and never retried: a kiosk that
 * does not answer in time ends 'unknown', because it may still have run it. Results arrive on the
 * console's one subscription to every kiosk's `cmd/res`, update the row and go to the page live.
 */
import { randomBytes } from 'node:crypto';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { MqttClient } from 'mqtt';
import type {
  CommandBatch,
  CommandRunState,
  CommandSummary,
  FleetCommand,
} from '../../contract/central-fleet.ts';
import { type CommandRequest, CommandResult, kioskIdOfTopic, topics } from '../../contract/mqtt.ts';
import { HttpError } from '../central/module.ts';
import type { SqlRunner } from '../db/central-db.ts';
import type { HistoryEvent } from './fleet-state.ts';
import { maskValue } from './mask-logs.ts';

const checkResult = TypeCompiler.Compile(CommandResult);
const FINAL = new Set<string>(['succeeded', 'failed', 'rejected', 'expired']);

interface CommandDbRow {
  id: string;
  batch_id: string;
  kiosk_id: string;
  name: string;
  command_id: string;
  state: CommandRunState;
  result: unknown;
  error: string | null;
  by_user: string;
  sent_at: string;
  deadline: string;
  finished_at: string | null;
}

function fromRow(r: CommandDbRow): FleetCommand {
  return {
    id: Number(r.id),
    batchId: Number(r.batch_id),
    kioskId: r.kiosk_id,
    name: r.name,
    state: r.state,
    result: r.result ?? null,
    error: r.error,
    by: r.by_user,
    sentAt: Number(r.sent_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    hasLogs: r.name === 'collect-logs' && r.state === 'succeeded',
  };
}

export function summarise(commands: readonly FleetCommand[]): CommandSummary {
  const s = { total: commands.length, pending: 0, succeeded: 0, failed: 0, unknown: 0, notSent: 0 };
  for (const c of commands) {
    if (c.state === 'sent' || c.state === 'accepted') s.pending++;
    else if (c.state === 'succeeded') s.succeeded++;
    else if (c.state === 'unknown') s.unknown++;
    else if (c.state === 'not-sent') s.notSent++;
    else s.failed++;
  }
  return s;
}

export interface CommandTarget {
  kioskId: string;
  online: boolean;
}

export interface DispatcherOptions {
  db: SqlRunner;
  client(): MqttClient | null;
  onChange(command: FleetCommand): void;
  onHistory(events: HistoryEvent[]): void;
  log(line: string): void;
}

export class CommandDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: DispatcherOptions) {}

  /** Runs left 'sent' by a console that stopped are past their deadline by now, or soon: settle them. */
  async start(): Promise<void> {
    await this.opts.db.query(
      `UPDATE fleet_commands SET state = 'unknown', finished_at = deadline WHERE state IN ('sent', 'accepted') AND deadline < $1`,
      [Date.now()],
    );
  }

  /**
   * Records the runs in the caller's transaction and returns them with `send`, which publishes the
   * commands: call it after the transaction commits, so a fast answer always finds its row.
   */
  async run(
    tx: SqlRunner,
    req: {
      name: string;
      args: Record<string, unknown>;
      targets: CommandTarget[];
      scope: string;
      by: string;
      timeoutMs: number;
    },
  ): Promise<{ batch: CommandBatch; send: () => void }> {
    const client = this.opts.client();
    if (!client?.connected)
      throw new HttpError(503, 'fleet.broker-down', 'the console is not connected to the broker');
    const now = Date.now();
    const deadline = now + req.timeoutMs;
    const [batch] = await tx.query<{ id: string }>(
      `INSERT INTO fleet_command_batches (name, scope, args, by_user, at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [req.name, req.scope, JSON.stringify(req.args), req.by, now],
    );
    const batchId = Number(batch!.id);
    const ids = req.targets.map(() => randomBytes(16).toString('hex'));
    const rows = await tx.query<CommandDbRow>(
      `INSERT INTO fleet_commands (batch_id, kiosk_id, name, command_id, state, error, by_user, sent_at, deadline, finished_at)
       SELECT $1, k, $2, c, s, e, $3, $4, $5, CASE WHEN s = 'not-sent' THEN $4::bigint END
         FROM unnest($6::text[], $7::text[], $8::text[], $9::text[]) AS t(k, c, s, e)
       RETURNING *`,
      [
        batchId,
        req.name,
        req.by,
        now,
        deadline,
        req.targets.map((t) => t.kioskId),
        ids,
        req.targets.map((t) => (t.online ? 'sent' : 'not-sent')),
        req.targets.map((t) => (t.online ? null : 'kiosk offline: not sent')),
      ],
    );
    const commands = rows.map(fromRow).sort((a, b) => a.kioskId.localeCompare(b.kioskId));
    const expiry = Math.max(1, Math.ceil(req.timeoutMs / 1000));
    const send = () => {
      for (const r of rows) {
        if (r.state !== 'sent') continue;
        const request: CommandRequest = { commandId: r.command_id, name: req.name, args: req.args, deadline };
        client
          .publishAsync(topics.cmd(r.kiosk_id, req.name), JSON.stringify(request), {
            qos: 1,
            retain: false,
            properties: {
              responseTopic: topics.cmdResult(r.kiosk_id),
              correlationData: Buffer.from(r.command_id, 'hex'),
              messageExpiryInterval: expiry,
            },
          })
          .catch((err: Error) => this.finish(r.command_id, 'failed', null, `not sent: ${err.message}`));
      }
      this.opts.onHistory(
        commands.map((c) => ({
          kioskId: c.kioskId,
          ts: now,
          kind: 'command' as const,
          summary: `${req.name} by ${req.by}${c.state === 'not-sent' ? ' (offline, not sent)' : ''}`,
          detail: { commandId: c.id, batchId },
          dedupe: `command:${c.id}:sent`,
        })),
      );
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.expire(batchId);
      }, req.timeoutMs);
      this.timers.add(timer);
      for (const c of commands) if (c.state === 'not-sent') this.opts.onChange(c);
    };
    return {
      batch: {
        id: batchId,
        name: req.name,
        scope: req.scope,
        by: req.by,
        at: now,
        summary: summarise(commands),
        commands,
      },
      send,
    };
  }

  /** A message on `v1/kiosks/+/cmd/res`. */
  async onResult(topic: string, payload: Buffer, correlation: Buffer | undefined): Promise<void> {
    const kioskId = kioskIdOfTopic(topic);
    let value: unknown;
    try {
      value = JSON.parse(payload.toString('utf8'));
    } catch {
      return;
    }
    if (!kioskId || !checkResult.Check(value)) return;
    const commandId = correlation ? correlation.toString('hex') : value.commandId;
    if (value.status === 'accepted') {
      await this.finish(commandId, 'accepted', null, null, kioskId);
      return;
    }
    if (!FINAL.has(value.status)) return;
    await this.finish(
      commandId,
      value.status as CommandRunState,
      value.result ?? null,
      value.error ?? null,
      kioskId,
    );
  }

  private async finish(
    commandId: string,
    state: CommandRunState,
    result: unknown,
    error: string | null,
    kioskId?: string,
  ): Promise<void> {
    try {
      const final = state !== 'accepted';
      const masked = result === null || result === undefined ? null : JSON.stringify(maskValue(result));
      const rows = await this.opts.db.query<CommandDbRow>(
        `UPDATE fleet_commands SET state = $2, result = COALESCE($3::jsonb, result), error = $4,
                finished_at = CASE WHEN $5 THEN $6::bigint ELSE finished_at END
          WHERE command_id = $1 AND ($7::text IS NULL OR kiosk_id = $7)
            AND state IN ('sent', 'accepted', 'unknown') RETURNING *`,
        [
          commandId,
          state,
          masked,
          error ? String(maskValue(error)) : null,
          final,
          Date.now(),
          kioskId ?? null,
        ],
      );
      for (const r of rows) this.opts.onChange(fromRow(r));
    } catch (err) {
      this.opts.log(`fleet command ${commandId}: could not record the result: ${(err as Error).message}`);
    }
  }

  private async expire(batchId: number): Promise<void> {
    try {
      const rows = await this.opts.db.query<CommandDbRow>(
        `UPDATE fleet_commands SET state = 'unknown', finished_at = $2
          WHERE batch_id = $1 AND state IN ('sent', 'accepted') RETURNING *`,
        [batchId, Date.now()],
      );
      for (const r of rows) this.opts.onChange(fromRow(r));
    } catch (err) {
      this.opts.log(`fleet command batch ${batchId}: ${(err as Error).message}`);
    }
  }

  async batch(db: SqlRunner, id: number): Promise<CommandBatch> {
    const [b] = await db.query<{ id: string; name: string; scope: string; by_user: string; at: string }>(
      'SELECT * FROM fleet_command_batches WHERE id = $1',
      [id],
    );
    if (!b) throw new HttpError(404, 'fleet.batch.not-found', `no command batch ${id}`);
    const commands = (
      await db.query<CommandDbRow>('SELECT * FROM fleet_commands WHERE batch_id = $1 ORDER BY kiosk_id', [id])
    ).map(fromRow);
    return {
      id,
      name: b.name,
      scope: b.scope,
      by: b.by_user,
      at: Number(b.at),
      summary: summarise(commands),
      commands,
    };
  }

  async forKiosk(db: SqlRunner, kioskId: string, limit = 50): Promise<FleetCommand[]> {
    return (
      await db.query<CommandDbRow>(
        'SELECT * FROM fleet_commands WHERE kiosk_id = $1 ORDER BY sent_at DESC, id DESC LIMIT $2',
        [kioskId, limit],
      )
    ).map(fromRow);
  }

  async recentBatches(db: SqlRunner, limit = 20): Promise<Array<Omit<CommandBatch, 'commands'>>> {
    const rows = await db.query<{
      id: string;
      name: string;
      scope: string;
      by_user: string;
      at: string;
      states: CommandRunState[];
    }>(
      `SELECT b.*, array_agg(c.state) AS states FROM fleet_command_batches b JOIN fleet_commands c ON c.batch_id = b.id
        GROUP BY b.id ORDER BY b.id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((b) => ({
      id: Number(b.id),
      name: b.name,
      scope: b.scope,
      by: b.by_user,
      at: Number(b.at),
      summary: summarise(b.states.map((state) => ({ state }) as FleetCommand)),
    }));
  }

  /** The masked result of a collect-logs run, as text lines for download. */
  async logs(db: SqlRunner, id: number): Promise<{ kioskId: string; text: string }> {
    const [r] = await db.query<CommandDbRow>('SELECT * FROM fleet_commands WHERE id = $1', [id]);
    if (r?.name !== 'collect-logs' || r.state !== 'succeeded')
      throw new HttpError(404, 'fleet.logs.not-found', `command ${id} has no collected logs`);
    const result = (r.result ?? {}) as { entries?: unknown[]; devices?: unknown };
    const lines = (result.entries ?? []).map((e) => JSON.stringify(maskValue(e)));
    const head = `# logs of ${r.kiosk_id}, collected ${new Date(Number(r.finished_at)).toISOString()} (command ${id}); personal data masked`;
    return {
      kioskId: r.kiosk_id,
      text: `${[head, ...lines, `# devices ${JSON.stringify(maskValue(result.devices ?? null))}`].join('\n')}\n`,
    };
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
