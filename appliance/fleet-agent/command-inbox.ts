/**
 * Commands from central on `v1/kiosks/{id}/cmd/{name}`. Each is checked before anything runs: a
 * well-formed request, for this kiosk, answering only on this kiosk's own result topic, not past
 * its deadline, not seen before. Seen command IDs (and their results) are persisted before the
 * command runs, so a restart can neither run a command twice nor forget that it refused one: in
 * commands-seen.json and, when given one, in the store too, from which a damaged file is rebuilt.
 */
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

/** Where else the seen commands are kept (the appliance's store), so a damaged file is not forgotten. */
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

interface SeenState {
  v: 1;
  seen: Record<string, { until: number; result: CommandResult }>;
}

export class CommandInbox {
  private seen!: Low<SeenState>;
  /**
   * Set when commands-seen.json could not be read at start: it is rebuilt from the store (without
   * one it starts empty, and a command central resends before its deadline may run again).
   */
  rebuiltBecause: string | null = null;

  constructor(
    private readonly kioskId: string,
    private readonly dataDir: string,
    private readonly handlers: CommandHandlers,
    private readonly now: () => number = Date.now,
    private readonly store: SeenCommandStore | null = null,
  ) {}

  async open(): Promise<void> {
    const path = join(this.dataDir, 'commands-seen.json');
    this.seen = new Low<SeenState>(new DurableJsonFile(path), { v: 1, seen: {} });
    this.rebuiltBecause = await readOrRebuild(
      this.seen,
      path,
      (d) => typeof (d as SeenState).seen === 'object' && (d as SeenState).seen !== null,
    );
    // What the store remembers and the file does not (the file rebuilt, or lost): remembered again.
    const now = this.now();
    let restored = 0;
    for (const record of this.store?.commands() ?? []) {
      if (record.until > now && !this.seen.data.seen[record.id]) {
        this.seen.data.seen[record.id] = { until: record.until, result: record.result };
        restored++;
      }
    }
    if (this.rebuiltBecause) {
      this.rebuiltBecause += this.store
        ? `; rebuilt from the store's ${restored} remembered commands`
        : '; rebuilt empty';
    }
    if (restored > 0) await this.seen.write();
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
    const previous = this.seen.data.seen[request.commandId];
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
    const seen = Object.fromEntries(Object.entries(this.seen.data.seen).filter(([, v]) => v.until > now));
    const until = Math.max(request.deadline, now) + REMEMBER_MS;
    seen[request.commandId] = { until, result };
    this.seen.data = { v: 1, seen };
    await Promise.all([
      this.seen.write(),
      this.store?.remember({ kind: 'command', id: request.commandId, until, result }),
    ]);
    return { topic: topics.cmdResult(this.kioskId), result, correlationData: cmd.correlationData };
  }
}
