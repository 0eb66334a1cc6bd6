/**
 * JUnit test cases → the shared `SmokeResult`. In test-command mode a scenario is a test case and
 * so is an "endpoint" (named by its nodeid), so `passRate` is passed tests / tests run; skipped
 * tests are not counted. A collection error is a failed case named after its module.
 */
import { relative } from 'node:path';
import type { StackTrace } from '@smoke-repair/log-parser';
import { summarizeScenarios, type ScenarioResult, type SmokeResult, type Violation } from '../smoke-result.js';
import type { TestFramework } from './config.js';
import type { JunitCase } from './junit-xml.js';
import { caseToViolation } from './case-to-violation.js';
import { fileOfNodeid, nodeidOf, type FileExists } from './nodeid.js';
import { testFailureSignature } from './test-signature.js';

/** What building a result needs. */
export interface BuildResultInput {
  readonly cases: readonly JunitCase[];
  /** Cases of the report past `MAX_JUNIT_CASES`, not read. */
  readonly testCasesDropped?: number;
  readonly framework: TestFramework;
  readonly root: string;
  readonly fileExists?: FileExists;
  /** The command rerunning one test. */
  readonly reproduce: (nodeid: string) => string;
  /** The command that ran (the result's `target`). */
  readonly command: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /** The run's output log (`serverLogPath`). */
  readonly logPath: string | null;
  /** Set when the run hit its timeout. */
  readonly timedOutAfterMs?: number;
  /** The test that was running when it did, and its stack, when the runtime could tell. */
  readonly runningTest?: { readonly nodeid: string; readonly trace: StackTrace };
  /** The run died (no report) in this test: its stack as the runtime printed it on the way down. */
  readonly crashedTest?: {
    readonly nodeid: string;
    readonly trace: StackTrace;
    readonly exitCode: number | null;
    readonly signal: string | null;
  };
}

/** Builds the SmokeResult of one test-command run. */
export function buildTestCommandResult(input: BuildResultInput): SmokeResult {
  const scenarios: ScenarioResult[] = [];
  const violations: Violation[] = [];
  for (const testCase of input.cases) {
    if (testCase.outcome === 'skipped') continue;
    const nodeid = nodeidOf(testCase, input.framework, input.root, input.fileExists);
    const failed = testCase.outcome !== 'passed';
    scenarios.push({
      id: nodeid,
      endpoint: nodeid,
      method: 'TEST',
      path: fileOfNodeid(nodeid),
      status: failed ? 'failed' : 'passed',
      blockedBy: [],
      expectedStatus: null,
      actualStatus: null,
      durationMs: Math.round(testCase.timeSec * 1000),
      requestId: null,
      notes: [],
    });
    if (failed)
      violations.push(
        caseToViolation(testCase, {
          framework: input.framework,
          root: input.root,
          nodeid,
          reproduce: input.reproduce(nodeid),
        }),
      );
  }
  if (input.crashedTest) {
    const { nodeid, trace, exitCode, signal } = input.crashedTest;
    scenarios.push({
      id: nodeid,
      endpoint: nodeid,
      method: 'TEST',
      path: fileOfNodeid(nodeid),
      status: 'failed',
      blockedBy: [],
      expectedStatus: null,
      actualStatus: null,
      durationMs: input.durationMs,
      requestId: null,
      notes: [],
    });
    const culprit = trace.culprit;
    violations.push({
      nodeid,
      endpoint: nodeid,
      method: 'TEST',
      path: fileOfNodeid(nodeid),
      expectedStatus: null,
      actualStatus: null,
      kind: 'crash',
      message:
        `the test run died in this test (${signal ? `signal ${signal}` : `exit code ${exitCode}`}:` +
        ` ${trace.exception.message}); no report was written`,
      responseExcerpt: '',
      requestId: null,
      traces: [trace],
      signature: testFailureSignature({
        nodeid,
        exceptionType: trace.exception.type,
        message: trace.exception.message,
        ...(culprit
          ? {
              file: culprit.file.startsWith('/') ? relative(input.root, culprit.file) : culprit.file,
              line: culprit.line,
              ...(culprit.function ? { function: culprit.function } : {}),
            }
          : {}),
      }),
      reproduce: input.reproduce(nodeid),
    });
  }
  if (input.timedOutAfterMs !== undefined)
    violations.push(
      timeoutViolation(input.command, input.timedOutAfterMs, input.runningTest, input.reproduce, input.root),
    );
  return {
    ...summarizeScenarios(scenarios),
    violations,
    stackTraces: violations.flatMap((v) => v.traces),
    serverLogPath: input.logPath,
    durationMs: input.durationMs,
    scenarios,
    mode: 'test-command',
    target: input.command,
    startedAt: input.startedAt,
    ...(input.testCasesDropped ? { testCasesDropped: input.testCasesDropped } : {}),
  };
}

function timeoutViolation(
  command: string,
  timeoutMs: number,
  running: BuildResultInput['runningTest'],
  reproduce: (nodeid: string) => string,
  root: string,
): Violation {
  const nodeid = running?.nodeid ?? '(test command)';
  const message =
    `the test command did not finish within ${timeoutMs} ` +
    `ms${running ? ` (running ${running.nodeid})` : ''}; its process group was killed`;
  const culprit = running?.trace.culprit;
  return {
    nodeid,
    endpoint: nodeid,
    method: 'TEST',
    path: running ? fileOfNodeid(nodeid) : '',
    expectedStatus: null,
    actualStatus: null,
    kind: 'timeout',
    message,
    responseExcerpt: '',
    requestId: null,
    traces: running ? [running.trace] : [],
    signature: testFailureSignature({
      nodeid,
      exceptionType: 'Timeout',
      message: running ? 'the test did not finish in time' : 'the test command did not finish in time',
      ...(culprit
        ? {
            file: culprit.file.startsWith('/') ? relative(root, culprit.file) : culprit.file,
            line: culprit.line,
            ...(culprit.function ? { function: culprit.function } : {}),
          }
        : {}),
    }),
    reproduce: running ? reproduce(nodeid) : command,
  };
}
