#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=1
// The `shequ` command. Sources are TypeScript; tsx compiles them on the fly so the
// appliance runs from a plain checkout after `npm ci`, with no build step for the server side.
// The flags keep a small box's memory: compiling every source at start grows V8's young
// generation to its default cap (semi-spaces of 16 MiB) and it stays so; 1 MiB costs the
// appliance no measurable speed (bench appliance-day-memory). One malloc arena per thread
// holds freed memory too. `npm start` passes the same.
import { register } from 'tsx/esm/api';

register();
const { runFromProcess } = await import('../cli/main.ts');
process.exitCode = await runFromProcess(process.argv.slice(2));
