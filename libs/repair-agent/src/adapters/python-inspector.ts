import { tmpdir } from 'node:os';
import { execa } from 'execa';
import { z } from 'zod';
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
    async standardExports(modules, name) {
      if (modules.length === 0 || !/^\w+$/.test(name)) return [];
      // -I and a neutral cwd: the app's own modules can never shadow (or be) what is imported.
      const result = await execa(python, ['-I', '-c', STANDARD_EXPORTS_SOURCE, name, ...modules], {
        reject: false,
        cwd: tmpdir(),
        timeout: options.timeoutMs ?? 60_000,
      });
      if (result.exitCode !== 0) return [];
      let answer: unknown;
      try {
        answer = JSON.parse(result.stdout || '[]');
      } catch {
        return [];
      }
      const parsed = standardExportsSchema.safeParse(answer);
      return parsed.success ? parsed.data.filter((m) => modules.includes(m)) : [];
    },
  };
}

const standardExportsSchema = z.array(z.string());

// Imports only modules whose top-level package is in the standard library (3.10+ lists it).
const STANDARD_EXPORTS_SOURCE = `
import importlib, json, sys
name, found = sys.argv[1], []
stdlib = getattr(sys, "stdlib_module_names", frozenset())
for module in sys.argv[2:]:
    if module.split(".")[0] not in stdlib:
        continue
    try:
        if hasattr(importlib.import_module(module), name):
            found.append(module)
    except Exception:
        pass
print(json.dumps(found))
`;
