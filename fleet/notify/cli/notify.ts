/**
 * `shequ notify …`: run the notification worker, send a test message, keep the staff directory,
 * show a reference's messages, and run a test SMSC for the demo.
 */

import { defineGroup } from '../../../platform/cli/index.ts';
import { centreVerb, keygenVerb, messagesVerb, purgeVerb, staffVerb } from './notify-admin.ts';
import { runVerb, smscVerb, testSendVerb } from './notify-run.ts';

const usage = `Usage: shequ notify <command> [options]   (--help after a command for its options)

Commands:
  run        the notification worker: send queue, receipts, replies (TD), kiosk opt-in
  test-send  send one message to a number through the queue and wait for its receipt
  keygen     create the key file that encrypts phone numbers (kept apart from the database)
  staff      the directory staff messages go to: staff add | ls | rm
  centre     a centre's name and pick-up place in messages: centre set ID --name N --pickup P
  messages   the messages of a ticket, case, appointment, rectification or alert: --ref case:ID
  purge      drop numbers past their keep-until, old messages and counters
  smsc       a test SMSC on 127.0.0.1 (the demo's operator gateway), logging masked
`;

export const run = defineGroup({
  name: 'notify',
  usage,
  commands: {
    run: runVerb,
    'test-send': testSendVerb,
    keygen: keygenVerb,
    staff: staffVerb,
    centre: centreVerb,
    messages: messagesVerb,
    purge: purgeVerb,
    smsc: smscVerb,
  },
});
