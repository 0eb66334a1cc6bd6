import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { resolve } from 'node:path';
import { nearestName } from '@smoke-repair/smoke-validator';
import { patternsJsonSchema, patternsOutputSchemas } from './patterns-json-schema.js';
import {
  PatternStoreImportError,
  importPatternsJsonl,
  patternStatusSchema,
  renderPatternHintsMarkdown,
  syncPatternStores,
  writePatternsJsonl,
  type PatternStore,
} from '@smoke-repair/pattern-store';
import { repairPatternHints } from '@smoke-repair/loop-controller';
import { reported } from '../error-exit-codes.js';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes.js';
import { write, type CliIo } from '../io.js';
import { renderImportResult, renderPatternDetails, renderPatternStats, renderPatternTable } from './patterns-render.js';
import { absoluteStoreUri, defaultStoreUri, openAdminStore, projectFileStore } from './patterns-store.js';
import { parseCommandArgs } from '../parse-command-args.js';

/** Help text of `smoke-repair patterns`. */
export const patternsUsage = `Usage: smoke-repair patterns <subcommand> [--store URI] [--json]

Inspects and maintains the learned fix patterns.

  list [--status S] [--language L] [--class C] [--limit N]
                            patterns, best first: id, status, success rate, trials, signature class
  show ID                   one pattern: template, counters, endpoints/apps/signatures tried on
  stats                     totals: patterns by status, attempts by outcome
  export [FILE|-]           every event as JSON Lines (default: standard output)
  import FILE|-             JSON Lines events; validated completely first (the error names the line)
  sync [--from URI] [--to URI]
                            push every event of one store into another, idempotently
                            (default: from the project's file store to --store / the config's store)
  retire ID [--reason TEXT] never suggest this pattern again
  hints [--format md|json] [--min-success N] [--min-rate R] [--language L] [--limit N]
                            lessons for a code generator's prompt: per pattern with at least N
                            (default 2) fixes the loop verified and a success rate of at least R
                            (default 0.7), what was wrong, the rule or fix shape, examples, record

  --store URI     memory:, file:PATH or neo4j://host:port[?database=name] (default: the config's
                  patterns.store when a config is in the current directory or given with
                  --config, else file:.smoke-repair/patterns.jsonl). Neo4j credentials come from
                  SMOKE_REPAIR_NEO4J_USER / SMOKE_REPAIR_NEO4J_PASSWORD.
  --config FILE   read the store from this config
  --json          machine-readable output (hints: the same as --format json)
  --json-schema   print the JSON Schema of "patterns SUBCOMMAND --json" and exit

Exit codes: 0 ok, 2 usage or config error (unknown pattern, bad import, unreachable store), 3 internal error.
`;

type Values = ReturnType<typeof parseArgsOf>['values'];
type Subcommand = (args: { values: Values; operands: string[]; io: CliIo; uri: string }) => Promise<ExitCodeValue>;

const SUBCOMMANDS = {
  list: { operands: [0, 0], run: listPatterns },
  show: { operands: [1, 1], run: showPattern },
  stats: { operands: [0, 0], run: stats },
  export: { operands: [0, 1], run: exportPatterns },
  import: { operands: [1, 1], run: importPatterns },
  sync: { operands: [0, 0], run: syncPatterns },
  retire: { operands: [1, 1], run: retirePattern },
  hints: { operands: [0, 0], run: hints },
} satisfies Record<keyof typeof patternsOutputSchemas, { operands: [min: number, max: number]; run: Subcommand }>;

/** Runs `patterns <subcommand>`. */
export async function patternsCommand(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const { values, positionals } = parseArgsOf(argv);
  const [name, ...operands] = positionals;
  if (values.help || name === 'help') return write(io.stdout, patternsUsage).then(() => ExitCode.Ok);
  if (!name)
    throw new UsageError(
      `patterns needs a subcommand (${Object.keys(SUBCOMMANDS).join(', ')}); "smoke-repair patterns --help" says ` +
        `what each does`,
    );
  const sub = (SUBCOMMANDS as Record<string, (typeof SUBCOMMANDS)[keyof typeof SUBCOMMANDS]>)[name];
  if (!sub) {
    const near = nearestName(name, Object.keys(SUBCOMMANDS));
    throw new UsageError(
      `unknown patterns subcommand "${name}"${near ? ` (did you mean "${near}"?)` : ''} ` +
        `(known: ${Object.keys(SUBCOMMANDS).join(', ')})`,
    );
  }
  if (values['json-schema'])
    return write(io.stdout, `${JSON.stringify(patternsJsonSchema(name as keyof typeof SUBCOMMANDS), null, 2)}\n`).then(
      () => ExitCode.Ok,
    );
  const [min, max] = sub.operands;
  if (operands.length < min || operands.length > max) {
    const expected = min === max ? (min === 0 ? 'no arguments' : `${min} argument`) : `at most ${max} argument`;
    throw new UsageError(
      `patterns ${name} takes ${expected} (got ${operands.length ? operands.join(' ') : 'none'}); "smoke-repair ` +
        `patterns --help" lists them`,
    );
  }
  const uri = absoluteStoreUri(values.store ?? (await defaultStoreUri(io.cwd, values.config)), io.cwd);
  return await sub.run({ values, operands, io, uri });
}

async function withStore<T>(uri: string, io: CliIo, use: (store: PatternStore) => Promise<T>): Promise<T> {
  const store = await openAdminStore(uri, io);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

const print = (io: CliIo, values: Values, json: unknown, text: () => string) =>
  write(io.stdout, values.json ? `${JSON.stringify(json, null, 2)}\n` : text()).then(() => ExitCode.Ok);

async function listPatterns({ values, io, uri }: Parameters<Subcommand>[0]): Promise<ExitCodeValue> {
  const status = values.status === undefined ? undefined : patternStatusSchema.safeParse(values.status);
  if (status && !status.success)
    throw new UsageError(`--status must be one of ${patternStatusSchema.options.join(', ')}, got "${values.status}"`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new UsageError(`--limit must be a positive integer, got "${values.limit}"`);
  const patterns = await withStore(uri, io, (store) =>
    store.list({
      ...(status ? { status: status.data } : {}),
      ...(values.language ? { language: values.language } : {}),
      ...(values.class ? { signatureClass: values.class } : {}),
      ...(limit ? { limit } : {}),
    }),
  );
  return print(io, values, patterns, () => renderPatternTable(patterns, uri));
}

async function showPattern({ values, operands, io, uri }: Parameters<Subcommand>[0]): Promise<ExitCodeValue> {
  const id = operands[0]!;
  const details = await withStore(uri, io, (store) => store.show(id));
  if (!details) throw new UsageError(`no pattern ${id} in ${uri} (see "smoke-repair patterns list")`);
  return print(io, values, details, () => renderPatternDetails(details));
}

async function stats({ values, io, uri }: Parameters<Subcommand>[0]): Promise<ExitCodeValue> {
  const totals = await withStore(uri, io, (store) => store.stats());
  return print(io, values, { store: uri, ...totals }, () => renderPatternStats(totals, uri));
}

async function exportPatterns({ values, operands, io, uri }: Parameters<Subcommand>[0]): Promise<ExitCodeValue> {
  const target = operands[0] ?? '-';
  if (target === '-') {
    const count = await withStore(uri, io, (store) => writePatternsJsonl(store, io.stdout));
    await write(io.stderr, `exported ${count} events from ${uri}\n`);
    return ExitCode.Ok;
  }
  // Written beside the target and renamed: a failed export never leaves half a file.
  const file = resolve(io.cwd, target);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const count = await withStore(uri, io, async (store) => {
      const out = createWriteStream(temp, { flags: 'wx' });
      const n = await writePatternsJsonl(store, out);
      out.end();
      await finished(out);
      return n;
    });
    await rename(temp, file);
    return print(
      io,
      values,
      { store: uri, file, exported: count },
      () => `exported ${count} events from ${uri} to ${file}\n`,
    );
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'EEXIST')
      throw new UsageError(`cannot write ${file}: ${code}`, { cause: error });
    throw error;
  }
}

async function importPatterns({ values, operands, io, uri }: Parameters<Subcommand>[0]): Promise<ExitCodeValue> {
  const source = operands[0]!;
  const file = source === '-' ? null : resolve(io.cwd, source);
  const input = file ? createReadStream(file) : io.stdin;
  try {
    const result = await withStore(uri, io, (store) => importPatternsJsonl(store, input));
    return print(io, values, { store: uri, ...result }, () =>
      renderImportResult(result, `imported ${file ?? 'standard input'} into ${uri}`),
    );
  } catch (error) {
    const name = file ?? 'standard input';
    if (error instanceof PatternStoreImportError)
      throw reported(error, (e) => `cannot import ${name}: ${e.message}\nnothing was imported`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')
      throw new UsageError(`cannot read ${name}: ${code}`, { cause: error });
    throw error;
  }
}

async function syncPatterns({ values, io, uri }: Parameters<Subcommand>[0]): Promise<ExitCodeValue> {
  const from = absoluteStoreUri(values.from ?? projectFileStore(io.cwd), io.cwd);
  const to = absoluteStoreUri(values.to ?? uri, io.cwd);
  if (from === to)
    throw new UsageError(`patterns sync: --from and --to are the same store (${from}); give --to neo4j://host:port`);
  const result = await withStore(from, io, (source) =>
    withStore(to, io, (target) => syncPatternStores(source, target)),
  );
  return print(io, values, { from, to, ...result }, () => renderImportResult(result, `synced ${from} → ${to}`));
}

async function retirePattern({ values, operands, io, uri }: Parameters<Subcommand>[0]): Promise<ExitCodeValue> {
  const id = operands[0]!;
  const pattern = await withStore(uri, io, (store) => store.retire(id, values.reason ? { reason: values.reason } : {}));
  if (!pattern) throw new UsageError(`no pattern ${id} in ${uri} (see "smoke-repair patterns list")`);
  return print(
    io,
    values,
    pattern,
    () => `retired ${pattern.id} (${pattern.signatureClass})${values.reason ? `: ${values.reason}` : ''}\n`,
  );
}

async function hints({ values, io, uri }: Parameters<Subcommand>[0]): Promise<ExitCodeValue> {
  const format = values.json ? 'json' : (values.format ?? 'md');
  if (format !== 'md' && format !== 'markdown' && format !== 'json')
    throw new UsageError(`--format must be md (markdown) or json, got "${format}"`);
  const minSuccesses = values['min-success'] === undefined ? undefined : Number(values['min-success']);
  if (minSuccesses !== undefined && (!Number.isInteger(minSuccesses) || minSuccesses < 1)) {
    // `--min-success 0.7` reads like a rate: say where a rate goes.
    const rate =
      minSuccesses > 0 && minSuccesses < 1 ? `; for a success rate use --min-rate ${values['min-success']}` : '';
    throw new UsageError(
      `--min-success must be a positive integer (verified fixes), got "${values['min-success']}"${rate}`,
    );
  }
  const minSuccessRate = values['min-rate'] === undefined ? undefined : Number(values['min-rate']);
  if (minSuccessRate !== undefined && !(minSuccessRate >= 0 && minSuccessRate <= 1))
    throw new UsageError(`--min-rate must be a number from 0 to 1, got "${values['min-rate']}"`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new UsageError(`--limit must be a positive integer, got "${values.limit}"`);
  const result = await withStore(uri, io, (store) =>
    repairPatternHints(store, {
      ...(minSuccesses !== undefined ? { minSuccesses } : {}),
      ...(minSuccessRate !== undefined ? { minSuccessRate } : {}),
      ...(values.language ? { language: values.language } : {}),
      ...(limit ? { limit } : {}),
    }),
  );
  return write(
    io.stdout,
    format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderPatternHintsMarkdown(result),
  ).then(() => ExitCode.Ok);
}

function parseArgsOf(argv: readonly string[]) {
  return parseCommandArgs('patterns', argv, {
    store: { type: 'string' },
    config: { type: 'string' },
    json: { type: 'boolean' },
    'json-schema': { type: 'boolean' },
    status: { type: 'string' },
    language: { type: 'string' },
    class: { type: 'string' },
    limit: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    reason: { type: 'string' },
    format: { type: 'string' },
    'min-success': { type: 'string' },
    'min-rate': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
}
