export type Paint = (text: string) => string;

export interface Palette {
  /** By placement word (inbox, spam, rejected...); unknown words stay plain. */
  placement(placement: string | undefined): Paint;
  bad: Paint;
  good: Paint;
  dim: Paint;
  bold: Paint;
}

const sgr = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain: Paint = (text) => text;

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function palette(isTTY: boolean, env: NodeJS.ProcessEnv): Palette {
  const on = isTTY && !env.NO_COLOR;
  const red = on ? sgr(31, 39) : plain;
  const green = on ? sgr(32, 39) : plain;
  const yellow = on ? sgr(33, 39) : plain;
  const magenta = on ? sgr(35, 39) : plain;
  const dim = on ? sgr(2, 22) : plain;
  const byPlacement: Record<string, Paint> = {
    inbox: green,
    spam: yellow,
    rejected: red,
    missing: red,
    error: magenta,
    interrupted: dim,
  };
  return {
    placement: (p) => (p ? (byPlacement[p] ?? plain) : plain),
    bad: red,
    good: green,
    dim,
    bold: on ? sgr(1, 22) : plain,
  };
}

/** Printable width of a string that may hold SGR colour codes. */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}
