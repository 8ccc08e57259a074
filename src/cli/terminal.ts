/**
 * Whether a person reads stderr: then commands write plain lines (and progress bars) there;
 * piped or redirected, logs stay JSON lines for machines.
 */
export function stderrIsTerminal(): boolean {
  return process.stderr.isTTY === true;
}

/** `1 digest`, `2 digests`, `1 category`, `3 categories`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
