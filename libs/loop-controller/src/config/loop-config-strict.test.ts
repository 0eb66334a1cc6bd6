import { describe, expect, it } from 'vitest';
import { parseRepairLoopConfig } from './loop-config.js';

const CONFIG = '/srv/app/smoke-repair.config.json';
const SMOKE = { smoke: { openapi: 'openapi.json' } };
const LLM = { baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5-coder' };

// Each of these sub-sections used to drop an unknown key without a word: a misspelt
// `protectedPath` quietly removed the protection it was written to add.
describe('repair sections are strict, with the nearest key', () => {
  it.each([
    ['repair.policy', { policy: { protectedPath: ['src/payments/**'] } }, 'protectedPath', 'protectedPaths'],
    ['repair.llm', { llm: { ...LLM, maxToken: 2048 } }, 'maxToken', 'maxTokens'],
    ['repair.llm.backoff', { llm: { ...LLM, backoff: { baseMS: 10 } } }, 'baseMS', 'baseMs'],
    [
      'repair.llm.prices',
      { llm: { ...LLM, prices: { promptPer1k: 0.1, completionPer1k: 0.2, promtPer1k: 0 } } },
      'promtPer1k',
      'promptPer1k',
    ],
    ['repair.command', { command: { command: 'aider --yes', timeoutMS: 60_000 } }, 'timeoutMS', 'timeoutMs'],
    [
      'repair.command.llm',
      { command: { command: 'aider --yes', llm: { ...LLM, apiKeyEnvv: 'KEY' } } },
      'apiKeyEnvv',
      'apiKeyEnv',
    ],
  ])('%s', (at, repair, typo, near) => {
    const line = `invalid config ${CONFIG}: ${at}: unknown key "${typo}" (did you mean "${near}"?)`;
    expect(() => parseRepairLoopConfig({ ...SMOKE, repair }, CONFIG)).toThrow(line);
  });

  it('the code-only LLM options (client, investigators) are not config keys', () => {
    expect(() => parseRepairLoopConfig({ ...SMOKE, repair: { llm: { ...LLM, investigators: [] } } }, CONFIG)).toThrow(
      /unknown key "investigators"/,
    );
  });

  it('spelt right they load, defaults applied', () => {
    const config = parseRepairLoopConfig(
      {
        ...SMOKE,
        repair: {
          policy: { protectedPaths: ['src/payments/**'], maxFiles: 2 },
          llm: { ...LLM, backoff: { baseMs: 10 } },
          command: { command: 'aider --yes', llm: LLM },
        },
      },
      CONFIG,
    );
    expect(config.repair.policy).toEqual({ protectedPaths: ['src/payments/**'], maxFiles: 2, maxChangedLines: 200 });
    expect(config.repair.llm?.backoff).toEqual({ baseMs: 10, jitter: true });
    expect(config.repair.command?.llm?.apiKeyEnv).toBe('OPENAI_API_KEY');
  });
});
