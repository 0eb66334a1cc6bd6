import { installFatalHandlers } from './fatal.js';
import { run } from './run.js';

// Whatever escapes run() (a callback's exception, a stray rejection): one line and exit 3.
installFatalHandlers();

// A closed pipe (`smoke-repair parse-logs big.log --json | head`) is a normal way to stop.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// The bin entry: real process streams, real exit code. Everything else lives in run().
const code = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
process.exitCode = code;
