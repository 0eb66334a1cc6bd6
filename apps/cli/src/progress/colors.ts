/** ANSI colours for progress and marks, on or off as the terminal mode says. */

/** The few styles the CLI uses. */
export interface Paint {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const style = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const same = (text: string) => text;

/** Styles that colour when `color` is true and return the text as is otherwise. */
export function paint(color: boolean): Paint {
  if (!color) return { red: same, green: same, yellow: same, dim: same, bold: same };
  return { red: style(31, 39), green: style(32, 39), yellow: style(33, 39), dim: style(2, 22), bold: style(1, 22) };
}
