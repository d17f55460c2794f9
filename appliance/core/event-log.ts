/**
 * The appliance's recent operational events (device health, uplink, store warnings), kept in a
 * bounded ring for staff and for central's `collect-logs`. Entries carry no personal data: callers
 * pass codes and masked values only.
 */
export interface LogEntry {
  ts: number;
  level: 'info' | 'warn' | 'error';
  source: string;
  message: string;
}

export class EventLog {
  private readonly entries: LogEntry[] = [];

  constructor(private readonly capacity = 500) {}

  add(level: LogEntry['level'], source: string, message: string): void {
    this.entries.push({ ts: Date.now(), level, source, message });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    if (level !== 'info' && !process.env.SHEQU_TEST)
      process.stderr.write(`[${source}] ${level}: ${message}\n`);
  }

  recent(limit = 100): LogEntry[] {
    return this.entries.slice(-limit);
  }
}
