/**
 * Login attempts for the audit log, gathered and written at most once a second as one line: a
 * flood of wrong passwords then costs the disk one fsync a second, not one per try, and never
 * holds up the store's own fsyncs. Each line lists (account, client, outcome, count) groups.
 */
import type { AuditLog } from '../privacy/audit-log.ts';

export type LoginOutcome = 'login.ok' | 'login.refused' | 'login.throttled' | 'login.busy';

export interface LoginAttemptGroup {
  /** When the first of the group happened. */
  ts: number;
  username: string;
  client: string;
  action: LoginOutcome;
  count: number;
}

export const LOGIN_AUDIT_ACTION = 'login.attempts';
const FLUSH_MS = 1000;
/** Groups held between two writes at most; past it attempts are only counted in `dropped`. */
const MAX_GROUPS = 500;

export class LoginAudit {
  private groups = new Map<string, LoginAttemptGroup>();
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly audit: AuditLog,
    private readonly onError: (err: Error) => void,
    private readonly now: () => number = Date.now,
  ) {}

  add(action: LoginOutcome, username: string, client: string): void {
    const key = `${action}\n${username}\n${client}`;
    const group = this.groups.get(key);
    if (group) group.count++;
    else if (this.groups.size >= MAX_GROUPS) this.dropped++;
    else this.groups.set(key, { ts: this.now(), username, client, action, count: 1 });
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  /** Writes what has gathered (also at close). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const groups = [...this.groups.values()];
    const dropped = this.dropped;
    this.groups = new Map();
    this.dropped = 0;
    if (groups.length === 0 && dropped === 0) return this.writing;
    this.writing = this.writing
      .then(() =>
        this.audit.append({
          ts: this.now(),
          staff: 'login',
          action: LOGIN_AUDIT_ACTION,
          subjectRef: '',
          detail: JSON.stringify({ groups, ...(dropped ? { dropped } : {}) }),
        }),
      )
      .catch((err: Error) => this.onError(err));
    return this.writing;
  }
}

/** The groups of one audit line written by LoginAudit. */
export function loginGroups(detail: string | undefined): LoginAttemptGroup[] {
  try {
    const parsed = JSON.parse(detail ?? '') as { groups?: LoginAttemptGroup[] };
    return Array.isArray(parsed.groups) ? parsed.groups : [];
  } catch {
    return [];
  }
}
