/**
 * A pytest plugin smoke-repair loads into the runs it reads (`-p smoke_repair_server_errors`): it
 * prints the traceback of every exception the app raises while answering a request (Starlette's
 * `ServerErrorMiddleware`, which FastAPI puts outermost) to stderr, which pytest captures per test
 * and writes to the JUnit report (`junit_logging=system-err`). A test client that answers such an
 * exception as a bare 500 (`TestClient(app, raise_server_exceptions=False)`) otherwise shows only
 * `assert 500 == 201`: no frame of the app, nothing to localise. Nothing else changes: the
 * exception still propagates exactly as before, so every test sees the same answer.
 */

/** The module name `-p` loads. */
export const SERVER_ERROR_PLUGIN_MODULE = 'smoke_repair_server_errors';

/** The plugin's file name, in the directory put first on PYTHONPATH. */
export const SERVER_ERROR_PLUGIN_FILE = `${SERVER_ERROR_PLUGIN_MODULE}.py`;

/** Where the plugin was written, and the PYTHONPATH that makes it importable. */
export interface PytestPlugin {
  readonly module: string;
  /** PYTHONPATH for the run: the plugin's directory, then what the run would have had. */
  readonly pythonPath: string;
}

/** The plugin's source. */
export const SERVER_ERROR_PLUGIN_SOURCE = `"""Loaded by smoke-repair (-p ${SERVER_ERROR_PLUGIN_MODULE}): prints the
traceback of an exception the app raises while answering a request, so a test client that answers it as a 500
still shows where it was raised. The exception propagates as before."""
import sys
import traceback


def _print_raised(cls):
    original = cls.__call__
    if getattr(original, "_smoke_repair", False):
        return

    async def __call__(self, scope, receive, send):
        try:
            await original(self, scope, receive, send)
        except Exception:
            if scope.get("type") == "http":
                sys.stderr.write(
                    "smoke-repair: the app raised answering %s %s\\n" % (scope.get("method"), scope.get("path"))
                )
                # From the middleware's frame on: this wrapper is no frame of the app.
                kind, error, frames = sys.exc_info()
                traceback.print_exception(kind, error, frames.tb_next, file=sys.stderr)
            raise

    __call__._smoke_repair = True
    cls.__call__ = __call__


def pytest_configure(config):
    try:
        from starlette.middleware.errors import ServerErrorMiddleware
    except Exception:
        return
    _print_raised(ServerErrorMiddleware)
`;

/**
 * The pytest options that load the plugin and put each failing test's captured stderr into the
 * JUnit report (passing tests' output stays out of it).
 */
export function serverErrorPluginArgs(plugin: PytestPlugin): string[] {
  return ['-p', plugin.module, '-o', 'junit_logging=system-err', '-o', 'junit_log_passing_tests=False'];
}
