import { describe, expect, it } from 'vitest';
import { AGENT_STATE_PATTERNS, isAgentState } from './agent-state.js';
import { agentUsage } from './agent-usage.js';

describe('isAgentState', () => {
  it('matches agent folders and files at any depth, not look-alikes', () => {
    for (const path of [
      '.aider.chat.history.md',
      '.aider.tags.cache.v4/cache.db',
      'sub/.aider.input.history',
      '.codex/session.json',
      '.claude/settings.json',
      '.openhands-state/x',
      '.openhands/y',
    ]) {
      expect(isAgentState(path, AGENT_STATE_PATTERNS), path).toBe(true);
    }
    for (const path of ['app/aider.py', 'app/main.py', '.gitignore', 'codex/x.py', 'my.claude'])
      expect(isAgentState(path, AGENT_STATE_PATTERNS), path).toBe(false);
  });

  it('a configured path with a slash matches that path or folder only', () => {
    expect(isAgentState('notes/agent.md', ['notes/agent.md'])).toBe(true);
    expect(isAgentState('notes/other.md', ['notes/agent.md'])).toBe(false);
    expect(isAgentState('logs/run/1.txt', ['logs/run/'])).toBe(true);
    expect(isAgentState('app/logs/run/1.txt', ['logs/*'])).toBe(false);
  });
});

describe('agentUsage', () => {
  it("sums Aider's token reports (k suffix) and message costs", () => {
    const out =
      'Tokens: 2.5k sent, 120 received. Cost: $0.01 message, $0.02 session.\n' +
      'Tokens: 1,000 sent, 1.2k received. Cost: $0.005 message, $0.025 session.';
    expect(agentUsage(out)).toEqual({ promptTokens: 3500, completionTokens: 1320, costUsd: 0.015 });
  });

  it("reads Codex's total and reports nothing when there is nothing", () => {
    expect(agentUsage('tokens used: 12,345')).toEqual({ promptTokens: 12345, completionTokens: 0 });
    expect(agentUsage('done')).toBeNull();
  });
});
