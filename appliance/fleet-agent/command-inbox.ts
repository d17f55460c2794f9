/**
 * Commands from central on `v1/kiosks/{id}/cmd/{name}`. Each is checked before anything runs: a
 * well-formed request, for this kiosk, answering only on this kiosk's own result topic, not past
 * its deadline, not seen before. Seen command IDs (and their results) are persisted before the
 * command runs, so a restart can neither run a command twice nor forget that it refused one. They
 * are kept once, in the appliance's store (its log survives a torn tail). The commands-seen.json an
 * older version kept beside it is read once at open (what it holds and the store does not is taken
 * over) and removed; a damaged one is set aside with a warning, and the store's copy stands.
 */
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import {
  COMMAND_NAMES,
  type CommandName,
  CommandRequest,
  type CommandResult,
  topics,
} from '../../contract/mqtt.ts';
import { DurableJsonFile } from '../../platform/durable-file.ts';
import { payloadDecoder } from '../../platform/mqtt-payload.ts';
import { readOrRebuild } from '../store/rebuildable.ts';
import type { CommandRecord } from '../store/records.ts';

/** Where the seen commands are kept: the appliance's store. */
export interface SeenCommandStore {
  commands(): CommandRecord[];
  remember(record: CommandRecord): Promise<void>;
}

const requestDecoder = payloadDecoder(CommandRequest, 'CommandRequest');

function safeJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}
/** How long a command ID is remembered after its deadline. */
const REMEMBER_MS = 24 * 60 * 60_000;
const HANDLER_TIMEOUT_MS = 30_000;

export type CommandHandlers = Record<CommandName, (args: Record<string, unknown>) => Promise<unknown>>;

export interface IncomingCommand {
  topic: string;
  payload: Buffer;
  /** MQTT 5 properties of the PUBLISH, when there are any. */
  responseTopic?: string | undefined;
  correlationData?: Buffer | undefined;
}

export interface CommandReply {
  topic: string;
  result: CommandResult;
  correlationData?: Buffer | undefined;
}

/** Where versions before the store kept the seen commands. */
const LEGACY_FILE = 'commands-seen.json';

interface SeenState {
  v: 1;
  seen: Record<string, { until: number; result: CommandResult }>;
}

export class CommandInbox {
  private readonly seen = new Map<string, { until: number; result: CommandResult }>();
  /** Set when an older version's commands-seen.json was damaged: the store's copy stands (the reason). */
  rebuiltBecause: string | null = null;

  constructor(
    private readonly kioskId: string,
    private readonly dataDir: string,
    private readonly handlers: CommandHandlers,
    private readonly now: () => number,
    private readonly store: SeenCommandStore,
  ) {}

  async open(): Promise<void> {
    const now = this.now();
    for (const record of this.store.commands()) {
      if (record.until > now) this.seen.set(record.id, { until: record.until, result: record.result });
    }
    await this.takeOverLegacyFile(now);
  }

  /** An older version's commands-seen.json: what it knows and the store does not is kept, then it goes. */
  private async takeOverLegacyFile(now: number): Promise<void> {
    const path = join(this.dataDir, LEGACY_FILE);
    const legacy = new Low<SeenState>(new DurableJsonFile(path), { v: 1, seen: {} });
    const damaged = await readOrRebuild(
      legacy,
      path,
      (d) => typeof (d as SeenState).seen === 'object' && (d as SeenState).seen !== null,
    ).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : `${path}: ${err.message}`));
    if (damaged) {
      this.rebuiltBecause = `${damaged}; set aside, the store's ${this.seen.size} remembered commands stand`;
      return;
    }
    for (const [id, entry] of Object.entries(legacy.data.seen)) {
      if (entry.until <= now || this.seen.has(id)) continue;
      this.seen.set(id, entry);
      await this.store.remember({ kind: 'command', id, until: entry.until, result: entry.result });
    }
    await unlink(path).catch(() => {});
  }

  /** Checks and runs one command; returns the reply to publish, or null when there is no one to answer. */
  async handle(cmd: IncomingCommand): Promise<CommandReply | null> {
    const ownResultTopic = topics.cmdResult(this.kioskId);
    const decoded = requestDecoder.decode(cmd.payload);
    const parsed: unknown = decoded.ok ? decoded.value : safeJson(cmd.payload);
    const commandId =
      typeof (parsed as { commandId?: unknown })?.commandId === 'string'
        ? (parsed as { commandId: string }).commandId
        : '';
    const reply = (result: Omit<CommandResult, 'commandId'>): CommandReply => ({
      topic: ownResultTopic,
      result: { commandId, ...result },
      correlationData: cmd.correlationData,
    });
    if (!decoded.ok) {
      return commandId || cmd.correlationData
        ? reply({ status: 'rejected', error: `malformed command: ${decoded.problem}` })
        : null;
    }
    const request = decoded.value;
    const nameInTopic = cmd.topic.slice(topics.cmd(this.kioskId, '').length);
    if (!cmd.topic.startsWith(topics.cmd(this.kioskId, '')) || nameInTopic !== request.name) {
      return reply({
        status: 'rejected',
        error: `command '${request.name}' arrived on foreign topic ${cmd.topic}`,
      });
    }
    const askedTopic = cmd.responseTopic ?? request.responseTopic ?? ownResultTopic;
    if (askedTopic !== ownResultTopic) {
      // Never reflect to a topic outside this kiosk's tree; say why on our own result topic.
      return reply({
        status: 'rejected',
        error: `response topic ${askedTopic} is not this kiosk's ${ownResultTopic}`,
      });
    }
    const previous = this.seen.get(request.commandId);
    if (previous) return { ...reply({ status: previous.result.status }), result: previous.result };
    if (this.now() > request.deadline) {
      return this.remember(
        request,
        { commandId, status: 'expired', error: 'the command arrived after its deadline' },
        cmd,
      );
    }
    if (!(COMMAND_NAMES as readonly string[]).includes(request.name)) {
      return this.remember(
        request,
        { commandId, status: 'rejected', error: `unknown command '${request.name}'` },
        cmd,
      );
    }
    // Persist before running: a crash mid-command must not make a retry run it again.
    await this.remember(request, { commandId, status: 'accepted' }, cmd);
    let result: CommandResult;
    try {
      const value = await Promise.race([
        this.handlers[request.name as CommandName](request.args),
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`no result within ${HANDLER_TIMEOUT_MS / 1000} s`)),
            HANDLER_TIMEOUT_MS,
          ).unref(),
        ),
      ]);
      result = { commandId, status: 'succeeded', ...(value === undefined ? {} : { result: value }) };
    } catch (err) {
      result = { commandId, status: 'failed', error: (err as Error).message };
    }
    return this.remember(request, result, cmd);
  }

  private async remember(
    request: CommandRequest,
    result: CommandResult,
    cmd: IncomingCommand,
  ): Promise<CommandReply> {
    const now = this.now();
    for (const [id, entry] of this.seen) if (entry.until <= now) this.seen.delete(id);
    const until = Math.max(request.deadline, now) + REMEMBER_MS;
    this.seen.set(request.commandId, { until, result });
    await this.store.remember({ kind: 'command', id: request.commandId, until, result });
    return { topic: topics.cmdResult(this.kioskId), result, correlationData: cmd.correlationData };
  }
}
