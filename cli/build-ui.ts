/**
 * `shequ build-ui`: the command around kiosk-ui/build.ts. It lives here, not beside the screens,
 * because kiosk-ui/ imports only the contract and its own code.
 */
import { type BuiltFile, buildUi, defaultOutDir } from '../kiosk-ui/build.ts';
import { CliError, defineCommand } from '../platform/cli/index.ts';

export const run = defineCommand({
  name: 'build-ui',
  usage:
    'usage: shequ build-ui [--out DIR] [--no-minify]\n  bundles the kiosk, admin and board apps (default into kiosk-ui/dist)\n',
  options: {
    out: { type: 'string' },
    'no-minify': { type: 'boolean', default: false },
  },
  run: async ({ values, io }) => {
    const outDir = values.out ?? defaultOutDir;
    let files: BuiltFile[];
    try {
      files = await buildUi(outDir, { minify: !values['no-minify'] });
    } catch (err) {
      throw new CliError(`the build failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    const clips = files.filter((f) => f.path.includes('/clips/'));
    for (const f of files.filter((x) => !clips.includes(x))) {
      io.out(`  ${f.path.padEnd(20)} ${(f.bytes / 1024).toFixed(1)} KB\n`);
    }
    const clipKb = clips.reduce((sum, f) => sum + f.bytes, 0) / 1024;
    io.out(`  board/clips/         ${clips.length} clips, ${clipKb.toFixed(1)} KB\n`);
    io.out(`built kiosk, admin and board into ${outDir}\n`);
    return 0;
  },
});
