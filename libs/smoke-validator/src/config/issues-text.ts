import { z } from 'zod';

/**
 * A config's zod issues as `ConfigError` text. One issue is one line, `at: message`
 * (`repair.policy: unknown key "protectedPath" (did you mean "protectedPaths"?)`), so the CLI's
 * error is a single line; several are zod's list, one `✖ message → at path` pair each.
 * `within` prefixes every path (a section checked on its own, such as `app.runner`).
 */
export function configIssuesText(error: z.ZodError, within?: string): string {
  const issues = within
    ? error.issues.map((issue) => ({ ...issue, path: [...within.split('.'), ...issue.path] }))
    : error.issues;
  if (issues.length === 1) {
    const issue = issues[0]!;
    return issue.path.length > 0 ? `${z.core.toDotPath(issue.path)}: ${issue.message}` : issue.message;
  }
  return `\n${z.prettifyError({ issues } as z.ZodError)}`;
}
