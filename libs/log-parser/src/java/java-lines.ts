/** `\tat [loader//][module@ver/]pkg.Class.method(File.java:12)` with an optional log4j/logback suffix. */
export const JAVA_FRAME =
  /^(\s*)at (?:[\w.$-]+(?:@[\w.-]+)?\/{1,2}){0,2}([\w$.]+?)\.([\w$<>-]+)\(([^()]*)\)(?: ~?\[[^\]]*\])?\s*$/;
export const JAVA_MORE = /^\s*\.\.\. \d+ (?:more|common frames omitted)\s*$/;
export const JAVA_CAUSED_BY = /^(\s*)Caused by: (.*)$/;
export const JAVA_SUPPRESSED = /^(\s*)Suppressed: (.*)$/;
/** `[Exception in thread "main" ]pkg.SomeException[: message]`. */
export const JAVA_HEADER = new RegExp(
  String.raw`^(?:Exception in thread "[^"]*" )?((?:[a-zA-Z_$][\w$]*\.)+[A-Za-z_$][\w$]*|` +
    String.raw`[A-Z][\w$]*(?:Exception|Error|Throwable))(?:: ?(.*))?\s*$`,
);

/** Splits `pkg.Cls: message` (or a bare class name) into type and message. */
export function parseJavaException(text: string): { type: string; message: string } {
  const match = JAVA_HEADER.exec(text.replace(/^\s+/, ''));
  if (match) return { type: match[1]!, message: match[2] ?? '' };
  return { type: text.trim() || 'java.lang.Throwable', message: '' };
}

/** Leading tabs (or groups of four spaces when a log shipper expanded the tabs). */
export function tabDepth(text: string): number {
  let tabs = 0;
  while (text.charCodeAt(tabs) === 9) tabs++;
  if (tabs > 0) return tabs;
  const spaces = text.length - text.trimStart().length;
  return Math.floor(spaces / 4);
}
