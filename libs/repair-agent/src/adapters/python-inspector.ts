import { execa } from 'execa';
import { PYTHON_INSPECTOR_SOURCE } from '../python/inspector-source.js';
import { moduleSummarySchema, type ModuleSummary, type PythonInspector } from '../python/module-summary.js';
import { RepairAgentError } from '../errors.js';

/**
 * The inspector runs with a real Python (`python3` by default, or the app's venv interpreter):
 * the standard library's `ast` reads the code exactly as the interpreter will, without running it.
 */
export function createPythonInspector(
  options: { readonly python?: string; readonly timeoutMs?: number } = {},
): PythonInspector {
  const python = options.python ?? 'python3';
  return {
    async inspect(modules) {
      if (modules.length === 0) return [];
      const input = modules.map((m) => JSON.stringify({ path: m.path, source: m.source })).join('\n') + '\n';
      const result = await execa(python, ['-c', PYTHON_INSPECTOR_SOURCE], {
        input,
        reject: false,
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 256 * 1024 * 1024,
      });
      if (result.exitCode !== 0) {
        throw new RepairAgentError(
          'SMOKE_PYTHON_INSPECTOR_FAILED',
          `${python} could not inspect the app's modules: ${result.stderr || result.shortMessage}`.trim(),
        );
      }
      return result.stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line): ModuleSummary => moduleSummarySchema.parse(JSON.parse(line)));
    },
  };
}
