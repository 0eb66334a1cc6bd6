/**
 * In-memory fakes of the loop's ports: scripted smoke runs, scripted repairs, a workspace over
 * a Map, a fake clock. Shared by the loop's unit tests.
 */
import type { ErrorSignature } from '@smoke-repair/log-parser';
import { createMemoryPatternStore, type PatternStore } from '@smoke-repair/pattern-store';
import type { RepairAttempt, RepairPatch, RepairResult, RootCause } from '@smoke-repair/repair-agent';
import type { FreshnessReport, ScenarioResult, SmokeResult, Violation } from '@smoke-repair/smoke-validator';
import { loopSectionSchema, patternsSectionSchema, type RepairLoopConfig } from '../config/loop-config.js';
import type { LoopEvent } from '../loop/events.js';
import type { LoopDeps, SmokeOutcome, SmokeRequest } from '../loop/loop-deps.js';
import type { PatchToApply, Workspace } from '../workspace/workspace.js';

/** `pass` or the failing HTTP status of one scenario (each scenario is its own endpoint `GET /id`). */
export type ScenarioSpec = 'pass' | 'blocked' | number;

function signatureOf(id: string): ErrorSignature {
  return {
    hash: `hash-${id}`,
    key: `HTTPError@app/${id}.py:1 handler: boom in ${id}`,
    exceptionType: 'HTTPError',
    file: `app/${id}.py`,
    message: `boom in ${id}`,
  };
}

/** A SmokeResult with one scenario per entry, in order. */
export function smokeResult(spec: Record<string, ScenarioSpec>): SmokeResult {
  const scenarios: ScenarioResult[] = Object.entries(spec).map(([id, s]) => ({
    id,
    endpoint: `GET /${id}`,
    method: 'GET',
    path: `/${id}`,
    status: s === 'pass' ? 'passed' : s === 'blocked' ? 'blocked' : 'failed',
    blockedBy: [],
    expectedStatus: 200,
    actualStatus: typeof s === 'number' ? s : s === 'pass' ? 200 : null,
    durationMs: 1,
    requestId: null,
    notes: [],
  }));
  const violations: Violation[] = Object.entries(spec).flatMap(([id, s]): Violation[] =>
    typeof s === 'number'
      ? [
          {
            scenarioId: id,
            endpoint: `GET /${id}`,
            method: 'GET',
            path: `/${id}`,
            expectedStatus: 200,
            actualStatus: s,
            kind: s >= 500 ? 'server_error' : 'status_mismatch',
            message: `HTTP ${s}`,
            responseExcerpt: '',
            requestId: `req-${id}`,
            traces: [],
            signature: signatureOf(id),
            reproduce: `curl -sS -X GET 'http://127.0.0.1:9/${id}'`,
          },
        ]
      : [],
  );
  const passed = scenarios.filter((s) => s.status === 'passed').length;
  return {
    scenariosTested: scenarios.length,
    scenariosPassed: passed,
    endpointsTested: scenarios.length,
    endpointsPassed: passed,
    passRate: scenarios.length ? passed / scenarios.length : 0,
    violations,
    stackTraces: [],
    serverLogPath: null,
    durationMs: 1,
    blocked: scenarios.filter((s) => s.status === 'blocked').length,
    scenarios,
    endpoints: scenarios.map((s) => ({
      endpoint: s.endpoint,
      scenarios: 1,
      passed: s.status === 'passed' ? 1 : 0,
      failed: s.status === 'failed' ? 1 : 0,
      blocked: s.status === 'blocked' ? 1 : 0,
      status: s.status,
    })),
    mode: 'http',
    target: 'http://127.0.0.1:9',
    startedAt: new Date(0).toISOString(),
  };
}

/** A patch fixing scenario `id`: it writes `files` (default `app/<id>.py`) with new content. */
export function patchFor(
  id: string,
  options: { files?: string[]; pattern?: boolean; changedLines?: number } = {},
): RepairPatch {
  const files = options.files ?? [`app/${id}.py`];
  const patchId = `p-${id}-${Math.random().toString(36).slice(2, 8)}`;
  return {
    id: patchId,
    rootCause: `hash-${id}`,
    signature: signatureOf(id),
    endpoints: [`GET /${id}`],
    strategy: 'recipe',
    summary: `fix ${id}`,
    diff: files.map((f) => `--- a/${f}\n+++ b/${f}\n@@ -1 +1 @@\n-old\n+fixed by ${patchId}\n`).join(''),
    files,
    changedLines: options.changedLines ?? 2,
    ...(options.pattern === false
      ? {}
      : {
          pattern: {
            signatureClass: `class-${id}`,
            language: 'python',
            template: { kind: 'recipe', recipe: `r-${id}` },
            description: `fix ${id}`,
          },
        }),
  };
}

/** A RepairResult with these patches (one root cause per patch) and extra attempts. */
export function repairResult(
  patches: RepairPatch[],
  extra: { rootCauses?: string[]; attempts?: RepairAttempt[] } = {},
): RepairResult {
  const causeIds = extra.rootCauses ?? patches.map((p) => p.endpoints[0]!.slice('GET /'.length));
  const rootCauses: RootCause[] = causeIds.map((id) => {
    const v = smokeResult({ [id]: 500 }).violations[0]!;
    return {
      id: `hash-${id}`,
      kind: 'runtime_error',
      signature: signatureOf(id),
      trace: null,
      violations: [v],
      endpoints: [`GET /${id}`],
    };
  });
  const attempts: RepairAttempt[] = [
    ...patches.map(
      (p): RepairAttempt => ({
        rootCause: p.rootCause,
        signature: p.signature.key,
        strategy: p.strategy,
        outcome: 'patched',
        detail: p.summary,
        durationMs: 1,
      }),
    ),
    ...(extra.attempts ?? []),
  ];
  return {
    rootCauses,
    attempts,
    patches,
    filesFixed: new Set(patches.flatMap((p) => p.files)).size,
    files: [...new Set(patches.flatMap((p) => p.files))],
  };
}

/** A workspace over a Map: files start as `original <path>`; a patch writes `fixed by <id>`. */
export function createMemoryWorkspace(initial: Record<string, string> = {}) {
  const files = new Map<string, string>(Object.entries(initial));
  const original = new Map(files);
  const journal: { id: string; diff: string; before: Map<string, string | undefined> }[] = [];
  const calls: string[] = [];
  let beforeApply: ((patch: PatchToApply) => void) | undefined;
  const workspace: Workspace & {
    files: Map<string, string>;
    calls: string[];
    onApply(hook: (patch: PatchToApply) => void): void;
  } = {
    files,
    calls,
    onApply(hook) {
      beforeApply = hook;
    },
    async apply(patch) {
      calls.push(`apply ${patch.id}`);
      beforeApply?.(patch);
      const before = new Map<string, string | undefined>();
      for (const f of patch.files) before.set(f, files.get(f));
      for (const f of patch.files) files.set(f, `fixed by ${patch.id}`);
      journal.push({ id: patch.id, diff: patch.diff, before });
    },
    checkpoint: () => journal.length,
    async rollback(to) {
      calls.push(`rollback ${to}`);
      const undone: string[] = [];
      while (journal.length > to) {
        const entry = journal.pop()!;
        for (const [f, content] of entry.before)
          if (content === undefined) files.delete(f);
          else files.set(f, content);
        undone.push(entry.id);
      }
      return undone;
    },
    async acceptedDiff() {
      return journal.map((e) => e.diff).join('');
    },
    async changedFiles() {
      const all = new Set([...files.keys(), ...original.keys()]);
      return [...all].filter((f) => files.get(f) !== original.get(f)).sort();
    },
    async close() {
      calls.push('close');
    },
  };
  return workspace;
}

export type MemoryWorkspace = ReturnType<typeof createMemoryWorkspace>;

/** Settings with the DESIGN §4 defaults, overridable. */
export function settings(
  loop: Partial<RepairLoopConfig['loop']> = {},
  patterns: Partial<RepairLoopConfig['patterns']> = {},
): Pick<RepairLoopConfig, 'loop' | 'patterns'> {
  return {
    loop: { ...loopSectionSchema.parse({}), ...loop },
    patterns: { ...patternsSectionSchema.parse({}), store: 'memory:', ...patterns },
  };
}

export interface FakeDepsOptions {
  /** Smoke results per call, in order (the last one repeats). */
  smokes: SmokeResult[];
  /** Repair results per call, in order (the last one repeats); or a function. */
  repairs?: RepairResult[] | ((violations: readonly Violation[], call: number) => RepairResult | Promise<RepairResult>);
  workspace?: MemoryWorkspace;
  store?: PatternStore | null;
  freshness?: FreshnessReport | null;
  reports?: { html: string; junit: string } | null;
  requirements?: string | null;
  listener?: string | null;
  /** What `serviceSnapshot` returns (absent: the port has none). */
  snapshot?: { meta: string | null; ss: string | null };
  now?: () => number;
  onSmoke?: (request: SmokeRequest, call: number) => void | Promise<void>;
  onRestart?: (call: number) => void | Promise<void>;
}

/** LoopDeps over fakes, with the calls and events recorded. */
export function fakeDeps(options: FakeDepsOptions) {
  const workspace =
    options.workspace ??
    createMemoryWorkspace({ 'app/a.py': 'original a', 'app/b.py': 'original b', 'app/c.py': 'original c' });
  const store = options.store === null ? undefined : (options.store ?? createMemoryPatternStore());
  const events: LoopEvent[] = [];
  const artifacts = new Map<string, string>();
  const smokeRequests: SmokeRequest[] = [];
  const repairCalls: (readonly Violation[])[] = [];
  const repairContexts: Parameters<LoopDeps['repair']>[1][] = [];
  let restarts = 0;
  const deps: LoopDeps = {
    async smoke(request): Promise<SmokeOutcome> {
      const call = smokeRequests.length;
      smokeRequests.push(request);
      await options.onSmoke?.(request, call);
      const result = options.smokes[Math.min(call, options.smokes.length - 1)]!;
      return {
        result,
        freshness: options.freshness ?? null,
        commands: [],
        reports:
          options.reports === undefined
            ? { html: '/artifacts/smoke.html', junit: '/artifacts/smoke.xml' }
            : options.reports,
      };
    },
    async restart() {
      restarts++;
      await options.onRestart?.(restarts);
    },
    async repair(violations, context) {
      const call = repairCalls.length;
      repairCalls.push(violations);
      repairContexts.push({ ...context, rejected: [...(context.rejected ?? [])] });
      const repairs = options.repairs ?? [repairResult([])];
      return typeof repairs === 'function' ? repairs(violations, call) : repairs[Math.min(call, repairs.length - 1)]!;
    },
    workspace,
    ...(store ? { store } : {}),
    appName: 'fake-app',
    ...(options.requirements !== undefined ? { requirementsSnapshot: async () => options.requirements ?? null } : {}),
    ...(options.listener !== undefined ? { portListener: async () => options.listener ?? null } : {}),
    ...(options.snapshot ? { serviceSnapshot: async () => options.snapshot! } : {}),
    async writeArtifact(name, content) {
      artifacts.set(name, content);
      return `/artifacts/${name}`;
    },
    artifactsDir: '/artifacts',
    smokeCommand: 'smoke-repair smoke --config /app/smoke-repair.config.json',
    ...(options.now ? { now: options.now } : {}),
    onEvent: (event) => events.push(event),
  };
  return {
    deps,
    workspace,
    store,
    events,
    artifacts,
    smokeRequests,
    repairCalls,
    repairContexts,
    get restarts() {
      return restarts;
    },
  };
}
