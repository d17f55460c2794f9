#!/usr/bin/env node
// The `shequ` command. Sources are TypeScript; tsx compiles them on the fly so the
// appliance runs from a plain checkout after `npm ci`, with no build step for the server side.
import { register } from 'tsx/esm/api';

register();
const { runFromProcess } = await import('../cli/main.ts');
process.exitCode = await runFromProcess(process.argv.slice(2));
