/** A benchmark's command-line options: `--name VALUE` pairs after the script. */
const args = process.argv.slice(2);

/** The value given after `name`, or undefined when it is absent. */
export function option(name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** The number given after `name`, or `fallback` when it is absent. */
export function numberOption(name: string, fallback: number): number {
  const value = option(name);
  return value === undefined ? fallback : Number(value);
}

/** Whether the flag `name` is on the command line. */
export function flag(name: string): boolean {
  return args.includes(name);
}

/** Every value given after `name`, for an option that may repeat. */
export function repeatedOption(name: string): string[] {
  return args.flatMap((arg, at) => (arg === name && args[at + 1] !== undefined ? [args[at + 1]!] : []));
}
