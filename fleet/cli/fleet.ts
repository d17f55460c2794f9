/**
 * `shequ fleet ls | show KIOSK | tail | cmd KIOSK NAME` — the central operations console.
 * ls/show merge the broker's retained status and telemetry with what ingest stored (--db);
 * tail follows transactions live; cmd runs a command on a kiosk and waits for its result;
 * rollout starts and steers staged configuration rollouts through the central console.
 */
import { defineGroup } from '../../platform/cli/index.ts';
import { BROKER_HELP } from './console-options.ts';
import { cmd } from './fleet-cmd.ts';
import { ls, show } from './fleet-ls.ts';
import { rollout } from './fleet-rollout.ts';
import { tail } from './fleet-tail.ts';

export const usage = `Usage:
  shequ fleet ls   [--offline] [--site SITE] [--fault FAULT] [--sort KEY] [--broker URL | --data DIR] [--db postgres://…|DIR] [--json]
  shequ fleet show KIOSK [--broker URL | --data DIR] [--db postgres://…|DIR] [--json]
  shequ fleet tail [--broker URL | --data DIR] [--kiosk ID] [--acks] [--body] [--count N]
  shequ fleet cmd  KIOSK NAME [--arg key=value]… [--timeout SECONDS] [--broker URL | --data DIR]
  shequ fleet rollout start | ls | status | halt | resume | rollback …  staged configuration rollouts
                   through the central console (--central URL --user NAME; each verb has --help)
  shequ fleet ca | enroll | config …  certificates, enrolment and signed configuration (each has --help)
ls and show read the broker's retained status and telemetry, and with --db what ingest stored
(a PostgreSQL URL or a PGlite directory); with --db and no --broker or --data, the database only.
Times are local (this machine's TZ). cmd NAME: reprint, print-test, sync-now, restart-service, collect-logs;
cmd exits 0 when the kiosk reports success, 1 on failed/rejected/expired, 3 when no result came in time.
${BROKER_HELP}`;

export const run = defineGroup({ name: 'fleet', usage, commands: { ls, show, tail, cmd, rollout } });
