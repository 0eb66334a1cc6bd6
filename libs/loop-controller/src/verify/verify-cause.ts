/**
 * The bin behind the default `$SMOKE_REPAIR_VERIFY_CMD`:
 * `node verify-cause.js SPEC APP_DIR [SCENARIO_ID…]`. Runs the loop's smoke against APP_DIR (an
 * agent's scratch copy) and prints `PASS id` / `FAIL id: why` per scenario; exit 0 when all
 * passed, 1 when one did not, 2 when the smoke itself could not run (the message on stderr).
 */
import { runCauseVerify } from '../adapters/cause-verify.js';

const [specPath, appDir, ...targets] = process.argv.slice(2);
if (!specPath || !appDir) {
  process.stderr.write('usage: verify-cause SPEC APP_DIR [SCENARIO_ID…]\n');
  process.exitCode = 2;
} else {
  try {
    process.exitCode = await runCauseVerify({
      specPath,
      appDir,
      targets,
      out: (line) => process.stdout.write(`${line}\n`),
    });
  } catch (error) {
    process.stderr.write(`verify: the smoke could not run: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = 2;
  }
}
