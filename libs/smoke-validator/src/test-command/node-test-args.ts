/**
 * vitest and jest arguments of test-command mode. Both read JUnit through a reporter; live,
 * nondeterministic tests are marked by a `[ndsmoke]` tag in their name (there is no marker
 * mechanism shared by both) and excluded with a `-t` pattern that rejects the tag.
 */

/** Escapes a string for use inside a RegExp source. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A `-t` pattern matching every full test name that is none of `fullNames` (describe blocks and
 * title joined by spaces) and, with a `marker`, does not carry `[marker]`. One pattern: both
 * runners keep only the last `-t`.
 */
export function excludeTestsPattern(marker: string | null, fullNames: readonly string[]): string {
  const names = fullNames.length ? `(?!(?:${fullNames.map(escapeRegExp).join('|')})$)` : '';
  const tag = marker === null ? '' : `(?!.*\\[${escapeRegExp(marker)}\\])`;
  return `^${names}${tag}.*$`;
}

/**
 * jest: leaves whole test files out (`--testPathIgnorePatterns`, anchored absolute paths). The
 * option replaces the project's configured list, so jest's default `/node_modules/` comes first.
 */
export function jestIgnoreFilesArgs(absoluteFiles: readonly string[]): string[] {
  return ['/node_modules/', ...absoluteFiles.map((file) => `^${escapeRegExp(file)}$`)].map(
    (p) => `--testPathIgnorePatterns=${p}`,
  );
}

/** vitest: the default console reporter plus JUnit into `junitPath`. */
export function vitestJunitArgs(junitPath: string): string[] {
  return ['--reporter=default', '--reporter=junit', `--outputFile.junit=${junitPath}`];
}

/**
 * jest: jest-junit as a second reporter (it must be installed in the project). Its output file
 * and name templates are set through its environment variables, so a project's own jest-junit
 * settings in package.json are overridden only where test-command mode needs them.
 */
export function jestJunitArgs(): string[] {
  return ['--reporters=default', '--reporters=jest-junit'];
}

/** Environment that makes jest-junit write `junitPath` with file attributes and plain names. */
export function jestJunitEnv(junitPath: string): Record<string, string> {
  return {
    JEST_JUNIT_OUTPUT_FILE: junitPath,
    JEST_JUNIT_ADD_FILE_ATTRIBUTE: 'true',
    JEST_JUNIT_CLASSNAME: '{classname}',
    JEST_JUNIT_TITLE: '{title}',
  };
}

/** Splits a vitest/jest nodeid (`file > describe > test`) into its file and its name parts. */
export function splitNodeNodeid(nodeid: string): { file: string; names: string[] } {
  const [file, ...names] = nodeid.split(' > ');
  return { file: file!, names };
}

// Selection options the focused rerun replaces (value in the next word unless `=` is used).
const NODE_SELECTION = new Set(['-t', '--testNamePattern', '--bail', '--shard', '--project', '--testPathPattern']);
// Options kept with their value when it is given as the next word.
const NODE_VALUE_OPTIONS = new Set([
  '-r',
  '--root',
  '--dir',
  '-c',
  '--config',
  '--environment',
  '--pool',
  '--reporter',
  '--reporters',
  '--outputFile',
  '--rootDir',
  '--maxWorkers',
  '-w',
  '--testTimeout',
  '--mode',
  '--selectProjects',
  '--env',
]);

/**
 * Focused rerun of one test: the user's options without positionals and name filters, then the
 * file, an exact `-t` pattern of the test's full name (describe blocks and title joined by
 * spaces, as both runners match it) and stop at the first failure.
 */
export function nodeFocusArgs(framework: 'vitest' | 'jest', userArgs: readonly string[], nodeid: string): string[] {
  const kept: string[] = [];
  for (let i = 0; i < userArgs.length; i++) {
    const word = userArgs[i]!;
    if (!word.startsWith('-')) continue;
    const name = word.split('=')[0]!;
    if (NODE_SELECTION.has(name)) {
      if (!word.includes('=') && name !== '--bail' && i + 1 < userArgs.length) i++;
      continue;
    }
    kept.push(word);
    if (NODE_VALUE_OPTIONS.has(word) && i + 1 < userArgs.length) kept.push(userArgs[++i]!);
  }
  const { file, names } = splitNodeNodeid(nodeid);
  const pattern = `^${escapeRegExp(names.join(' '))}$`;
  return [...kept, file, '-t', pattern, framework === 'vitest' ? '--bail=1' : '--bail'];
}
