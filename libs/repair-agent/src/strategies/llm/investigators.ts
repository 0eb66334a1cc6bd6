import { normalizeMessage, type StackFrame, type StackTrace } from '@smoke-repair/log-parser';
import type { Usage } from '../../types.js';
import type { ChatClient } from './chat-client.js';
import { completeWithRetry } from './complete-with-retry.js';

/** What a private investigator may see: the error text and up to 40 lines of code. */
export interface PrivateQuestion {
  readonly errorText: string;
  /** `file:line` of the culprit. */
  readonly location: string | null;
  /** Up to 40 numbered lines around the culprit. */
  readonly code: string | null;
}

/**
 * What a public investigator may see: the error text (normalised), public symbol names
 * (library modules and functions) and versions. There is no field for code, by construction.
 */
export interface PublicQuestion {
  readonly errorText: string;
  readonly symbols: readonly string[];
  readonly versions: Readonly<Record<string, string>>;
}

/** An investigator's answer, with its token use when it called a model. */
export interface InvestigatorAnswer {
  readonly text: string;
  readonly usage?: Usage;
}

/**
 * Seed 004's assisted investigation, asked once per unique signature: a private helper (may see
 * code, e.g. an in-house model) or a public one (sees no code, e.g. a web-search model).
 */
export type Investigator =
  | { readonly kind: 'private'; ask(question: PrivateQuestion, signal: AbortSignal): Promise<InvestigatorAnswer> }
  | { readonly kind: 'public'; ask(question: PublicQuestion, signal: AbortSignal): Promise<InvestigatorAnswer> };

/** Options of `createChatInvestigator`. */
export interface ChatInvestigatorOptions {
  readonly kind: 'private' | 'public';
  readonly client: ChatClient;
  readonly model: string;
  readonly maxTokens?: number;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly backoffMs?: number;
  readonly prices?: { readonly promptPer1k: number; readonly completionPer1k: number };
  /** Send `top_p: 0` (OpenAI accepts it; vLLM refuses it). Default: not sent (temperature 0 is greedy). */
  readonly acceptsTopPZero?: boolean;
}

const MAX_ANSWER = 4_000;

/** An investigator backed by an OpenAI-compatible chat model (temperature 0; top_p 0 only when accepted). */
export function createChatInvestigator(options: ChatInvestigatorOptions): Investigator {
  const ask = async (content: string, signal: AbortSignal): Promise<InvestigatorAnswer> => {
    const response = await completeWithRetry(
      options.client,
      {
        model: options.model,
        temperature: 0,
        ...(options.acceptsTopPZero ? { topP: 0 } : {}),
        maxTokens: options.maxTokens ?? 800,
        messages: [
          {
            role: 'system',
            content:
              'You help diagnose a runtime error in a web application. Answer briefly: the likely cause ' +
              'and the correct usage or fix.',
          },
          { role: 'user', content },
        ],
      },
      {
        maxRetries: options.maxRetries ?? 2,
        backoffMs: options.backoffMs ?? 1000,
        jitter: true,
        timeoutMs: options.timeoutMs ?? 60_000,
      },
      signal,
    );
    const usage = response.usage ? priceUsage(response.usage, options.prices) : undefined;
    return { text: response.content.slice(0, MAX_ANSWER), ...(usage ? { usage } : {}) };
  };
  if (options.kind === 'private') return { kind: 'private', ask: (q, signal) => ask(renderPrivateQuestion(q), signal) };
  return { kind: 'public', ask: (q, signal) => ask(renderPublicQuestion(q), signal) };
}

/** The private investigator's message. */
export function renderPrivateQuestion(q: PrivateQuestion): string {
  return [
    `Error: ${q.errorText}`,
    ...(q.code ? [`Code${q.location ? ` (${q.location})` : ''}:`, '```', q.code, '```'] : []),
  ].join('\n');
}

/** The public investigator's message: only what `PublicQuestion` holds. */
export function renderPublicQuestion(q: PublicQuestion): string {
  const versions = Object.entries(q.versions).map(([name, version]) => `${name} ${version}`);
  return [
    `Error: ${q.errorText}`,
    ...(q.symbols.length > 0 ? [`Library symbols in the stack: ${q.symbols.join(', ')}`] : []),
    ...(versions.length > 0 ? [`Versions: ${versions.join(', ')}`] : []),
    'What commonly causes this error with these libraries, and what is the correct usage?',
  ].join('\n');
}

/**
 * The question a public investigator receives, built only from the exception type, its
 * normalised message (quoted literals, numbers, ids replaced), library frames' module and
 * function names, and dependency versions. In-app names and source lines never enter it;
 * any stretch of 10+ characters the message shares with `privateText` (the code around the
 * culprit, frame sources) is masked as a last guard.
 */
export function buildPublicQuestion(
  trace: StackTrace | null,
  fallbackMessage: string,
  options: { readonly versions?: Readonly<Record<string, string>>; readonly privateText?: readonly string[] } = {},
): PublicQuestion {
  const frames = trace ? [...trace.frames].reverse() : [];
  const appModules = new Set(frames.filter((f) => f.inApp).flatMap(privateNamesOf));
  const type = trace ? trace.exception.type.replace(/^builtins\./, '') : 'Error';
  const typeRoot = type.includes('.') ? type.split('.')[0]! : null;
  const publicType = typeRoot && appModules.has(typeRoot) ? type.split('.').at(-1)! : type;
  const symbols: string[] = [];
  for (const frame of frames) {
    if (frame.inApp) continue;
    const module = moduleOf(frame);
    if (!module || appModules.has(module.split('.')[0]!)) continue;
    const symbol = frame.function && /^[A-Za-z_$][\w$]*$/.test(frame.function) ? `${module}.${frame.function}` : module;
    if (!symbols.includes(symbol)) symbols.push(symbol);
    if (symbols.length >= 15) break;
  }
  const roots = new Set(symbols.map((s) => packageKey(s.split(/[./]/)[0]!)));
  const versions: Record<string, string> = {};
  for (const [name, version] of Object.entries(options.versions ?? {}))
    if (roots.has(packageKey(name))) versions[name] = version;
  const message = trace ? trace.exception.message : fallbackMessage;
  const errorText = mask(
    `${publicType}: ${normalizeMessage(mask(message, options.privateText ?? []))}`,
    options.privateText ?? [],
  );
  return { errorText, symbols, versions };
}

/** Pinned versions from requirements.txt (`name==1.2.3`) and package.json dependencies. */
export function dependencyVersions(files: Readonly<Record<string, string | null>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (files['requirements.txt'] ?? '').split('\n')) {
    const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([\w.+!-]+)/.exec(line);
    if (match) out[match[1]!] = match[2]!;
  }
  try {
    const pkg = JSON.parse(files['package.json'] ?? '{}') as { dependencies?: Record<string, unknown> };
    for (const [name, version] of Object.entries(pkg.dependencies ?? {}))
      if (typeof version === 'string' && /^[\^~]?\d/.test(version)) out[name] = version;
  } catch {
    // no package.json versions
  }
  return out;
}

/** Adds the cost of a call when prices (per 1,000 tokens) are known. */
export function priceUsage(
  tokens: { readonly promptTokens: number; readonly completionTokens: number },
  prices?: { readonly promptPer1k: number; readonly completionPer1k: number },
): Usage {
  if (!prices) return { promptTokens: tokens.promptTokens, completionTokens: tokens.completionTokens };
  const cost = (tokens.promptTokens * prices.promptPer1k + tokens.completionTokens * prices.completionPer1k) / 1000;
  return {
    promptTokens: tokens.promptTokens,
    completionTokens: tokens.completionTokens,
    costUsd: Math.round(cost * 1e6) / 1e6,
  };
}

function moduleOf(frame: StackFrame): string | null {
  if (frame.module && /^[\w.@/-]+$/.test(frame.module)) return frame.module;
  const file = frame.file.replace(/\\/g, '/');
  const nodeModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (nodeModules) return nodeModules[1]!;
  const python = /\/(?:site|dist)-packages\/(.+)\.py$/.exec(file) ?? /\/python\d+(?:\.\d+)?\/(.+)\.py$/.exec(file);
  if (python)
    return python[1]!
      .replace(/\/__init__$/, '')
      .split('/')
      .join('.');
  if (file.startsWith('node:')) return file.replace(/^node:(internal\/)?/, 'node:').split('/')[0]!;
  return null;
}

// Every directory and file name of an in-app path is a private name (`app`, `services`, the checkout).
function privateNamesOf(frame: StackFrame): string[] {
  const parts = frame.file
    .replace(/\\/g, '/')
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/\.\w+$/, ''));
  return frame.module ? [...parts, frame.module.split('.')[0]!] : parts;
}

function packageKey(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const MIN_SHARED = 10;

// Masks every stretch of at least MIN_SHARED characters the text shares with a line of code.
function mask(text: string, privateText: readonly string[]): string {
  const lines = privateText
    .flatMap((block) => block.split('\n'))
    .map((raw) => raw.replace(/^\s*\d+[> ]?\s?/, '').trim())
    .filter((line) => line.length >= MIN_SHARED);
  let out = text;
  for (const line of lines) {
    for (const variant of new Set([line, normalizeMessage(line)])) {
      for (
        let shared = longestShared(out, variant);
        shared.length >= MIN_SHARED;
        shared = longestShared(out, variant)
      ) {
        out = out.split(shared).join('<code>');
      }
    }
  }
  return out;
}

function longestShared(a: string, b: string): string {
  let best = '';
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] !== b[j - 1]) continue;
      row[j] = previous[j - 1]! + 1;
      if (row[j]! > best.length) best = a.slice(i - row[j]!, i);
    }
    previous = row;
  }
  return best;
}
