import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Captured real program output lives here (see tools/fixtures/log-parser/capture.sh). */
export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

/** Where capture.sh copied the programs before running them: the paths inside the logs. */
export const CAPTURE_ROOT = '/tmp/smoke-repair-fixtures';

/** The captured programs' sources, kept in the repo (capture.sh copies them to CAPTURE_ROOT). */
const PROGRAMS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'tools',
  'fixtures',
  'log-parser',
);

/**
 * The Java sources under `appRoot` (a path as the capturing machine saw it), listed from the
 * repo's copy of the programs, relative to `appRoot`: what a caller hands log-parser as
 * `sourceFiles`. Never reads the capture root itself, which exists only where capture.sh ran.
 */
export function javaSourcesUnder(appRoot: string): string[] {
  const rel = relative(CAPTURE_ROOT, appRoot);
  if (rel.startsWith('..')) return [];
  const base = join(PROGRAMS_DIR, rel);
  // Programs kept elsewhere (the Nest fixture app lives with the repair tests) have no Java.
  if (!existsSync(base)) return [];
  return (readdirSync(base, { recursive: true, encoding: 'utf8' }) as string[])
    .map((f) => f.split('\\').join('/'))
    .filter(
      (f) =>
        /\.java$/.test(f) &&
        !f.split('/').some((part) => part === 'target' || part === 'node_modules' || part === '.venv'),
    )
    .sort();
}

const expectedTraceSchema = z.object({
  language: z.enum(['python', 'node', 'java', 'go']),
  exceptionType: z.string().nullable(),
  messageIncludes: z.string().nullable().optional(),
  culprit: z.object({ file: z.string(), line: z.number() }).nullable(),
  causes: z.number(),
  children: z.number(),
  bug: z.string(),
  partial: z.boolean().optional(),
  /** Set when a log mixes apps: the culprit is relative to this root instead. */
  appRoot: z.string().optional(),
});

const expectationSchema = z.object({
  command: z.string().optional(),
  appRoot: z.string(),
  traces: z.array(expectedTraceSchema),
});

/** Ground truth written next to a captured log. */
export type Expectation = z.infer<typeof expectationSchema>;

/** Every fixture that has an expectation file, with its log text. */
export function loadFixtures(): { name: string; log: string; logPath: string; expect: Expectation }[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.expect.json'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.expect\.json$/, '');
      const logPath = join(FIXTURES_DIR, `${name}.log`);
      const expect = expectationSchema.parse(JSON.parse(readFileSync(join(FIXTURES_DIR, f), 'utf8')));
      return { name, log: readFileSync(logPath, 'utf8'), logPath, expect };
    });
}
