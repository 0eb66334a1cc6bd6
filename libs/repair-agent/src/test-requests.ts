/**
 * The requests a test module makes through its client, read from its text (test modules are not
 * indexed: the inspector summarises the app): `client.post("/api/v1/members", json=…)`,
 * `client.get(f"/books/{book['id']}")`, and one opening with a path constant,
 * `client.post(f"{API}/orders")`, where `API = "/api/v1"` is bound at the top of the test module
 * or imported into it (`from tests.conftest import API`, `from .helpers import API`); only a plain
 * string literal counts.
 */
import { isTestFile } from './python/python-project.js';
import type { SourceTree } from './source/source-tree.js';

/** One request call of a test module. */
export interface TestRequestCall {
  readonly method: string;
  /** The requested path as written (`/books/{book['id']}`); null when its path constant is unknown. */
  readonly path: string | null;
  /** 1-based line of the call. */
  readonly line: number;
}

const REQUEST = /\.(get|post|put|patch|delete)\(\s*(f?)(["'])((?:\{(\w+)\})?\/[^"'?]*)(?:\?[^"']*)?\3/g;

/** Every request call in a test module's text, in order. */
export async function requestCalls(tree: SourceTree, testFile: string, text: string): Promise<TestRequestCall[]> {
  const out: TestRequestCall[] = [];
  for (const m of text.matchAll(REQUEST)) {
    const constant = m[5];
    if (constant !== undefined && m[2] !== 'f') continue;
    const line = text.slice(0, m.index).split('\n').length;
    const prefix = constant === undefined ? '' : await testPathConstant(tree, testFile, constant);
    const path = prefix === null ? null : prefix.replace(/\/+$/, '') + m[4]!.slice(constant ? constant.length + 2 : 0);
    out.push({ method: m[1]!, path, line });
  }
  return out;
}

/** Every request call of the project's Python test modules, with the file it is in. */
export async function suiteRequests(tree: SourceTree): Promise<(TestRequestCall & { file: string })[]> {
  const out: (TestRequestCall & { file: string })[] = [];
  for (const file of (await tree.list()).filter((f) => f.endsWith('.py') && isTestFile(f))) {
    const text = await tree.read(file);
    if (text !== null) for (const call of await requestCalls(tree, file, text)) out.push({ ...call, file });
  }
  return out;
}

// The path (`/api/v1`) a test module's name stands for, or null when it is not a known literal.
async function testPathConstant(tree: SourceTree, testFile: string, name: string): Promise<string | null> {
  const text = await tree.read(testFile);
  if (text === null) return null;
  const own = boundPath(text, name);
  if (own !== undefined) return own;
  const from = importedFrom(text, name);
  if (!from) return null;
  for (const file of moduleFiles(testFile, from)) {
    const source = await tree.read(file);
    // One hop: a constant the other module itself imports is not followed.
    if (source !== null) return boundPath(source, name) ?? null;
  }
  return null;
}

// `API = "/api/v1"` (annotated or not) at the top level; undefined when not bound there, null when
// bound to something else than one path literal (a rebinding makes it unknown too).
function boundPath(text: string, name: string): string | null | undefined {
  const binding = new RegExp(`^${name}\\s*(?::[^=]+)?=(?!=)\\s*(.*)$`, 'gm');
  const values = [...text.matchAll(binding)].map((m) => m[1]!.trim());
  if (values.length === 0) return undefined;
  if (values.length > 1) return null;
  const literal = /^(["'])(\/[^"'{}]*)\1$/.exec(values[0]!);
  return literal ? literal[2]! : null;
}

// `from tests.conftest import API` / `from .conftest import API, client` → the module named.
function importedFrom(text: string, name: string): string | null {
  for (const m of text.matchAll(/^from\s+(\.*[\w.]*)\s+import\s+\(?([^)\n]*)\)?/gm)) {
    const names = m[2]!.split(',').map((n) => n.trim());
    if (names.includes(name)) return m[1]!;
  }
  return null;
}

// A module name's candidate files: absolute from the root, relative from the test's folder.
function moduleFiles(testFile: string, module: string): string[] {
  const dots = /^\.*/.exec(module)![0].length;
  const parts = module.slice(dots).split('.').filter(Boolean);
  let base: string[] = [];
  if (dots > 0) {
    base = testFile.split('/').slice(0, -1);
    for (let i = 1; i < dots; i++) base.pop();
  }
  const stem = [...base, ...parts].join('/');
  return stem === '' ? [] : [`${stem}.py`, `${stem}/__init__.py`];
}
