/** The smoke reports written to disk: each renderer's text at its path, directories created. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { renderHtmlReport, type HtmlReportOptions } from '../report/html-report.js';
import { renderJsonReport } from '../report/json-report.js';
import { renderJunitReport } from '../report/junit-report.js';
import type { SmokeResult } from '../smoke-result.js';

async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, 'utf8');
}

/** Writes the JUnit report to `path` (directories created). */
export async function writeJunitReport(result: SmokeResult, path: string): Promise<void> {
  await writeText(path, renderJunitReport(result));
}

/** Writes the HTML report to `path` (directories created). */
export async function writeHtmlReport(
  result: SmokeResult,
  path: string,
  options: HtmlReportOptions = {},
): Promise<void> {
  await writeText(path, renderHtmlReport(result, undefined, options));
}

/** Writes `renderJsonReport(result)` to `path` (directories created). */
export async function writeJsonReport(result: SmokeResult, path: string): Promise<void> {
  await writeText(path, renderJsonReport(result));
}
