/**
 * The contract of an app smoked through its own test suite. No app is started in test-command
 * mode, so no `/openapi.json` is fetched; yet the repair's templates read documented statuses and
 * schemas from it. The document comes from `smoke.openapi` when that names a file, else from a
 * checked-in `openapi.json`/`openapi.yaml` at the app root or beside the config (the contract the
 * app was written against), else — for a FastAPI project — from the app object itself
 * (`app.openapi()`, which carries the code's bugs), asked through the project's own interpreter.
 * Finding none is an expected outcome: the repair then works without a contract.
 */
import { isAbsolute, join, resolve } from 'node:path';
import type { CommandRunner } from '../runner/ports.js';
import { buildApiModel, type ApiModel } from '../http/openapi/api-model.js';
import { isUrl } from '../http/openapi/openapi-source.js';
import { fastApiModules, FASTAPI_OPENAPI_SCRIPT } from './fastapi-modules.js';

/** What `loadTestModeContract` needs from outside. */
export interface TestContractDeps {
  readonly runCommand: CommandRunner;
  /** The project's Python files (relative paths) and their text, for finding the FastAPI app. */
  readonly pythonSources: () => Promise<ReadonlyMap<string, string>>;
  /** Whether a file exists (a configured absolute document, a project venv's interpreter). */
  readonly fileExists: (path: string) => boolean;
  /** Reads and validates an OpenAPI document (`loadOpenApi`); relative refs against `baseDir`. */
  readonly loadOpenApi: (document: string, options: { readonly baseDir: string }) => Promise<ApiModel>;
}

/** Where to look: the app root, the configured document, the interpreter the tests use. */
export interface TestContractRequest {
  readonly appRoot: string;
  readonly configDir: string;
  /** `smoke.openapi` as configured. */
  readonly openapi?: string;
  /** The test command's words: an interpreter in them is the one to ask. */
  readonly commandWords: readonly string[];
  /** An interpreter the user named (`repair.python`). */
  readonly python?: string;
  readonly timeoutMs?: number;
}

/** The contract, or null with the reason none was found. */
export type TestContract =
  | { readonly api: ApiModel; readonly source: string }
  | { readonly api: null; readonly reason: string };

/** Finds the contract of a test-command-mode app (see the module comment). */
export async function loadTestModeContract(
  request: TestContractRequest,
  deps: TestContractDeps,
): Promise<TestContract> {
  const file =
    request.openapi && !isUrl(request.openapi) && !request.openapi.startsWith('/')
      ? resolve(request.configDir, request.openapi)
      : null;
  const absolute =
    request.openapi && isAbsolute(request.openapi) && deps.fileExists(request.openapi) ? request.openapi : null;
  const document = file ?? absolute ?? checkedIn(request, deps.fileExists);
  if (document) {
    try {
      return { api: await deps.loadOpenApi(document, { baseDir: request.configDir }), source: document };
    } catch (error) {
      const named = request.openapi ? 'smoke.openapi' : 'checked-in contract';
      return { api: null, reason: `${named} ${document}: ${(error as Error).message}` };
    }
  }
  const modules = fastApiModules(await deps.pythonSources());
  if (modules.length === 0) return { api: null, reason: 'no smoke.openapi file and no FastAPI app in the project' };
  const python = interpreterFor(request, deps.fileExists);
  const ran = await deps.runCommand([python, '-c', FASTAPI_OPENAPI_SCRIPT, ...modules], {
    cwd: request.appRoot,
    env: { PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: request.timeoutMs ?? 30_000,
  });
  if (ran.exitCode !== 0) {
    const why = ran.timedOut ? 'timed out' : (ran.error ?? lastLine(ran.stderr) ?? `exit ${ran.exitCode}`);
    return { api: null, reason: `asking ${modules.join(', ')} for app.openapi() with ${python}: ${why}` };
  }
  try {
    return {
      api: buildApiModel(JSON.parse(ran.stdout), `app.openapi() of ${modules.join(', ')}`),
      source: 'app.openapi()',
    };
  } catch (error) {
    return { api: null, reason: `app.openapi() gave no usable document: ${(error as Error).message}` };
  }
}

// The interpreter the suite runs with is the one that has the app's dependencies.
function interpreterFor(request: TestContractRequest, fileExists: (path: string) => boolean): string {
  if (request.python) return request.python;
  const named = request.commandWords.find((word) => /(^|\/)python(\d+(\.\d+)?)?$/.test(word));
  if (named) return isAbsolute(named) || !named.includes('/') ? named : resolve(request.appRoot, named);
  for (const venv of ['.venv', 'venv', 'env']) {
    const candidate = join(request.appRoot, venv, 'bin', 'python');
    if (fileExists(candidate)) return candidate;
  }
  const pytest = request.commandWords.find((word) => /(^|\/)pytest$/.test(word) && word.includes('/'));
  if (pytest) return resolve(request.appRoot, pytest, '..', 'python');
  return 'python3';
}

function lastLine(text: string): string | undefined {
  return text.trim().split('\n').pop()?.slice(0, 300) || undefined;
}

const CHECKED_IN = ['openapi.json', 'openapi.yaml', 'openapi.yml'];

/** A contract file kept with the project when none is configured: at the app root, then beside the config. */
function checkedIn(request: TestContractRequest, fileExists: (path: string) => boolean): string | null {
  if (request.openapi) return null;
  for (const dir of [request.appRoot, request.configDir])
    for (const name of CHECKED_IN) if (fileExists(join(dir, name))) return join(dir, name);
  return null;
}
