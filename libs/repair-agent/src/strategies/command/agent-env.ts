import type { RootCause } from '../../types.js';
import type { StrategyContext } from '../strategy.js';
import type { parseCommandStrategyOptions } from './command-options.js';

type Options = ReturnType<typeof parseCommandStrategyOptions>;

/** The files the strategy wrote for the agent, outside its copy. */
export interface AgentFiles {
  readonly appDir: string;
  readonly promptFile: string;
  readonly contextFile: string;
}

/**
 * The environment an agent command gets (on top of the inherited one and `options.env`): where
 * its prompt, context and culprit are, how to check its work, and the `repair.llm` endpoint in
 * the variables OpenAI clients (Aider, Codex, litellm) read. The key is only passed on when the
 * variable it is read from is set.
 */
export function agentEnv(
  options: Options,
  cause: RootCause,
  context: StrategyContext,
  files: AgentFiles,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const out: Record<string, string> = {
    ...options.env,
    SMOKE_REPAIR_PROMPT_FILE: files.promptFile,
    SMOKE_REPAIR_CONTEXT_FILE: files.contextFile,
    SMOKE_REPAIR_APP_ROOT: files.appDir,
    SMOKE_REPAIR_ATTEMPT: String(context.attempt),
    SMOKE_REPAIR_ENDPOINTS: cause.endpoints.join('\n'),
  };
  if (context.culprit) {
    out['SMOKE_REPAIR_CULPRIT_FILE'] = context.culprit.file;
    out['SMOKE_REPAIR_CULPRIT_LINE'] = String(context.culprit.line);
  }
  if (options.verifyCommand) out['SMOKE_REPAIR_VERIFY_CMD'] = verifyCommand(options.verifyCommand, cause, files.appDir);
  if (options.llm) {
    const base = options.llm.baseUrl.replace(/\/+$/, '');
    out['OPENAI_API_BASE'] = base;
    out['OPENAI_BASE_URL'] = base;
    out['SMOKE_REPAIR_MODEL'] = options.llm.model;
    const key = env[options.llm.apiKeyEnv];
    if (key) out['OPENAI_API_KEY'] = key;
  }
  return out;
}

/**
 * The verify command with its placeholders filled, each value shell-quoted: `{endpoints}` the
 * cause's failing endpoints (or test node ids), `{scenarios}` its failing scenario ids (or test
 * node ids), `{app}` the scratch copy.
 */
export function verifyCommand(template: string, cause: RootCause, appDir: string): string {
  const scenarios = [...new Set(cause.violations.map((v) => v.scenarioId ?? v.nodeid ?? v.endpoint))];
  return template
    .replaceAll('{endpoints}', cause.endpoints.map(shellQuote).join(' '))
    .replaceAll('{scenarios}', scenarios.map(shellQuote).join(' '))
    .replaceAll('{app}', shellQuote(appDir));
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
