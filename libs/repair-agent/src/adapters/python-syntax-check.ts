import { execa } from 'execa';
import { RepairAgentError } from '../errors.js';

const CHECK_SOURCE =
  String.raw`import json, sys
for raw in sys.stdin:
    item = json.loads(raw)
    try:
        compile(item["source"], item["path"], "exec", dont_inherit=True)
    except SyntaxError as error:
        print(json.dumps({"path": item["path"], "line": error.lineno, "message": type(error).__name__ + ": " + ` +
  String.raw`str(error.msg)}))
    except ValueError as error:
        print(json.dumps({"path": item["path"], "line": None, "message": "ValueError: " + str(error)}))
`;

/** A syntax error of a checked file. */
export interface SyntaxProblem {
  readonly path: string;
  readonly line: number | null;
  readonly message: string;
}

/**
 * Compiles Python sources with a real interpreter (`python3` or the app's venv) without running
 * them: the parser and compiler report what a restart would (SyntaxError, IndentationError,
 * TabError), so a broken edit is caught before the app is restarted.
 */
export async function checkPythonSyntax(
  files: readonly { path: string; source: string }[],
  options: { readonly python?: string; readonly timeoutMs?: number } = {},
): Promise<SyntaxProblem[]> {
  if (files.length === 0) return [];
  const python = options.python ?? 'python3';
  const result = await execa(python, ['-c', CHECK_SOURCE], {
    input: files.map((f) => JSON.stringify({ path: f.path, source: f.source })).join('\n') + '\n',
    reject: false,
    timeout: options.timeoutMs ?? 30_000,
  });
  if (result.exitCode !== 0)
    throw new RepairAgentError(
      'SMOKE_PYTHON_SYNTAX_CHECK_FAILED',
      `${python} could not check the syntax: ${result.stderr || result.shortMessage}`.trim(),
    );
  return result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SyntaxProblem);
}
