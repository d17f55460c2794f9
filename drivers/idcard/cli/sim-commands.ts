/**
 * The simulator's stdin commands, one per line: `place NAME|PATH`, `remove`, `status`,
 * `fault noise N`, `fault split on|off`, `fault corrupt N`, `fault drop N`, `fault pull`,
 * `fault selftest on|off`, `help`. Returns the reply line to print.
 */
import { maskName } from '../identity/mask.ts';
import { loadSimCard } from '../sim/sim-card.ts';
import type { SimulatedReader } from '../sim/simulated-reader.ts';

export const SIM_COMMANDS_HELP = [
  'place NAME|PATH        put a card on the reader (sim-cards/NAME.json or a JSON file)',
  'remove                 take the card away',
  'status                 show the SAM state and active faults',
  'fault noise N          send N random bytes before every reply (0 = off)',
  'fault split on|off     send replies in random chunk sizes',
  'fault corrupt N        corrupt the checksum of the next N replies',
  'fault drop N           stay silent to the next N requests',
  'fault pull             pull the card out when the next read arrives',
  'fault selftest on|off  SAM self-test failure (answers 60 until reset)',
].join('\n');

export function runSimCommand(reader: SimulatedReader, line: string): string {
  const [verb = '', arg = '', value = ''] = line.trim().split(/\s+/);
  const f = reader.faults;
  switch (verb) {
    case '':
      return '';
    case 'help':
      return SIM_COMMANDS_HELP;
    case 'place': {
      if (!arg) return 'place needs a card name or path';
      const card = loadSimCard(arg);
      reader.place(card);
      return `placed ${card.type} card of ${maskName(card.name || card.nameEn || '')}`;
    }
    case 'remove':
      reader.remove();
      return 'card removed';
    case 'status':
      return `state ${reader.sim.state}; faults ${JSON.stringify(f)}; requests ${reader.sim.counters.requests}`;
    case 'fault':
      return runFault(reader, arg, value);
    default:
      return `unknown command '${verb}'; try 'help'`;
  }
}

function count(value: string): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

function onOff(value: string): boolean | null {
  return value === 'on' ? true : value === 'off' ? false : null;
}

function runFault(reader: SimulatedReader, kind: string, value: string): string {
  const f = reader.faults;
  switch (kind) {
    case 'noise':
    case 'corrupt':
    case 'drop': {
      const n = count(value);
      if (n === null) return `fault ${kind} needs a count`;
      if (kind === 'noise') f.noiseBytes = n;
      else if (kind === 'corrupt') f.corruptReplies = n;
      else f.dropReplies = n;
      return `fault ${kind} ${n}`;
    }
    case 'split': {
      const on = onOff(value);
      if (on === null) return 'fault split needs on|off';
      f.splitReplies = on;
      return `fault split ${value}`;
    }
    case 'pull':
      f.pullCardOnNextRead = true;
      return 'the card will be pulled out during the next read';
    case 'selftest': {
      const on = onOff(value);
      if (on === null) return 'fault selftest needs on|off';
      reader.sim.setSelfTestFailure(on);
      return `fault selftest ${value}`;
    }
    default:
      return `unknown fault '${kind}'; try 'help'`;
  }
}
