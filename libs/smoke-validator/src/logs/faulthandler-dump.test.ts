import { describe, expect, it } from 'vitest';
import { traceFromFaulthandlerDump } from './faulthandler-dump.js';

// As Python 3.11 prints it for SIGABRT with PYTHONFAULTHANDLER=1 (two threads, the main one current).
const DUMP = `Fatal Python error: Aborted

Thread 0x00007f3a9c9ff6c0 (most recent call first):
  File "/srv/app/jobs/handlers.py", line 17 in build_report
  File "/srv/app/server.py", line 62 in do_GET
  File "/usr/lib/python3.11/http/server.py", line 425 in handle_one_request
  File "/usr/lib/python3.11/threading.py", line 1002 in _bootstrap

Current thread 0x00007f3a9dd44740 (most recent call first):
  File "/usr/lib/python3.11/selectors.py", line 415 in select
  File "/usr/lib/python3.11/socketserver.py", line 233 in serve_forever
  File "/srv/app/server.py", line 90 in <module>

Extension modules: _json (total: 1)`.split('\n');

describe('traceFromFaulthandlerDump', () => {
  it('takes the thread stuck in the app (not the main thread the signal landed on), innermost frame as culprit', () => {
    const trace = traceFromFaulthandlerDump(DUMP, 'no response to GET /reports within 1500 ms', {
      appRoot: '/srv/app',
    })!;
    expect(trace.language).toBe('python');
    expect(trace.exception).toEqual({ type: 'Timeout', message: 'no response to GET /reports within 1500 ms' });
    expect(trace.frames.map((f) => `${f.file}:${f.line}`)).toEqual([
      '/usr/lib/python3.11/threading.py:1002',
      '/usr/lib/python3.11/http/server.py:425',
      '/srv/app/server.py:62',
      '/srv/app/jobs/handlers.py:17',
    ]);
    expect(trace.culprit).toMatchObject({ file: '/srv/app/jobs/handlers.py', line: 17, function: 'build_report' });
    expect(trace.signature.key).toMatch(/^Timeout@jobs\/handlers\.py:17 build_report/);
    // Stable across runs: numbers in the message are normalised.
    expect(
      traceFromFaulthandlerDump(DUMP, 'no response to GET /reports within 2000 ms', { appRoot: '/srv/app' })!.signature
        .hash,
    ).toBe(trace.signature.hash);
  });

  it('null without a dump, or when no thread is in the app', () => {
    expect(
      traceFromFaulthandlerDump(['GET /x 200', 'Traceback (most recent call last):'], 'x', { appRoot: '/srv/app' }),
    ).toBeNull();
    expect(traceFromFaulthandlerDump(DUMP, 'x', { appRoot: '/elsewhere' })).toBeNull();
  });
});
