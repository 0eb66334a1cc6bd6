import { LogParserOptionsError, SmokeRepairError } from '@smoke-repair/log-parser';
import { LoopError } from '@smoke-repair/loop-controller';
import { PatternStoreImportError } from '@smoke-repair/pattern-store';
import { RepairAgentError } from '@smoke-repair/repair-agent';
import { ConfigError, RunnerStateError, SmokeInterruptedError } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, reported, ReportedError } from './error-exit-codes.js';
import { ExitCode, UsageError } from './exit-codes.js';

describe('the one table from error codes to exit codes', () => {
  it('sends what the user fixes to 2, an interrupt to 1, a fault of ours to 3', () => {
    expect(exitCodeFor(new UsageError('bad flag'))).toBe(ExitCode.Usage);
    expect(exitCodeFor(new ConfigError('loop.maxIterations: too big', 'smoke-repair.config.json'))).toBe(
      ExitCode.Usage,
    );
    expect(exitCodeFor(new LogParserOptionsError('inApp: bad rule'))).toBe(ExitCode.Usage);
    expect(exitCodeFor(new PatternStoreImportError(3, 'not JSON'))).toBe(ExitCode.Usage);
    expect(exitCodeFor(new LoopError('SMOKE_LOOP_BRANCH_EXISTS', 'branch "fixes" already exists'))).toBe(
      ExitCode.Usage,
    );
    expect(exitCodeFor(new SmokeInterruptedError('SIGINT'))).toBe(ExitCode.Findings);
    expect(exitCodeFor(new RunnerStateError('start while starting'))).toBe(ExitCode.Internal);
    expect(exitCodeFor(new RepairAgentError('SMOKE_LLM_HTTP', 'HTTP 500'))).toBe(ExitCode.Internal);
  });

  it('calls anything else internal: a plain Error, a code no package declares', () => {
    class Foreign extends SmokeRepairError<'SOMEONE_ELSES'> {
      readonly code = 'SOMEONE_ELSES';
    }
    expect(exitCodeFor(new Error('boom'))).toBe(ExitCode.Internal);
    expect(exitCodeFor(new Foreign('x'))).toBe(ExitCode.Internal);
    expect(exitCodeFor('a string')).toBe(ExitCode.Internal);
  });

  it("re-tells an error in a command's words and keeps its code, so its exit code", () => {
    const original = new ConfigError('bad', 'smoke-repair.config.json');
    const told = reported(original, (e) => `${e.message} [${e.code}]`);
    expect(told).toBeInstanceOf(ReportedError);
    expect(told).toMatchObject({
      code: 'SMOKE_CONFIG_INVALID',
      message: 'invalid config smoke-repair.config.json: bad [SMOKE_CONFIG_INVALID]',
      cause: original,
    });
    expect(exitCodeFor(told)).toBe(ExitCode.Usage);
    const plain = new Error('boom');
    expect(reported(plain, () => 'never')).toBe(plain);
  });
});
