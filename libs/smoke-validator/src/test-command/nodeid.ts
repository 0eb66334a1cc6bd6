/**
 * Test identities. pytest: the nodeid pytest itself prints (`tests/smoke/test_x.py::Class::test_y`),
 * rebuilt from JUnit's dotted classname. vitest/jest: `file > describe > test` (the names as the
 * runners print them; `-t` matches them joined by spaces).
 */
import { isAbsolute, relative } from 'node:path';
import type { TestFramework } from './config.js';
import type { JunitCase } from './junit-xml.js';

/** Tells whether a path relative to the project root is a file (used to place the module in a classname). */
export type FileExists = (relativePath: string) => boolean;

function relativeTo(root: string, file: string): string {
  return isAbsolute(file) ? relative(root, file) : file;
}

/**
 * pytest module path and class names from a classname such as `tests.smoke.test_x.TestCart`.
 * With `fileExists`, the longest prefix naming an existing `.py` file is the module; without,
 * the module ends before the first capitalised part (pytest collects classes named `Test*`).
 */
function splitPytestClassname(classname: string, fileExists?: FileExists): { module: string; classes: string[] } {
  const parts = classname.split('.');
  if (fileExists) {
    for (let i = parts.length; i > 0; i--) {
      const module = `${parts.slice(0, i).join('/')}.py`;
      if (fileExists(module)) return { module, classes: parts.slice(i) };
    }
  }
  let end = parts.findIndex((p, i) => i > 0 && /^[A-Z]/.test(p));
  if (end === -1) end = parts.length;
  return { module: `${parts.slice(0, end).join('/')}.py`, classes: parts.slice(end) };
}

/** The nodeid of a JUnit test case. `root` is the project root (the command's cwd). */
export function nodeidOf(testCase: JunitCase, framework: TestFramework, root: string, fileExists?: FileExists): string {
  if (framework === 'pytest') {
    if (testCase.classname === '') {
      // A collection error: pytest names the module in `name` (dotted).
      return testCase.file ? relativeTo(root, testCase.file) : splitPytestClassname(testCase.name, fileExists).module;
    }
    const { module, classes } = splitPytestClassname(testCase.classname, fileExists);
    const file = testCase.file ? relativeTo(root, testCase.file) : module;
    return [file, ...classes, testCase.name].join('::');
  }
  if (framework === 'vitest') {
    const file = relativeTo(root, testCase.file ?? testCase.classname);
    // A file that fails to load is reported as a case named after the file.
    return testCase.name === testCase.classname ? file : `${file} > ${testCase.name}`;
  }
  const file = testCase.file ? relativeTo(root, testCase.file) : testCase.suite;
  return [file, testCase.classname, testCase.name].filter((p) => p !== '').join(' > ');
}

/** The test file part of a nodeid. */
export function fileOfNodeid(nodeid: string): string {
  return nodeid.split('::')[0]!.split(' > ')[0]!;
}
