/**
 * Whether a command line runs the application (the window, or the D-Bus
 * service that may open one) rather than a one-shot command. Decided from
 * the arguments alone, synchronously, because the GLib main loop has to be
 * started on the entry point's first tick (see src/ui/main-loop.ts).
 */
export function isAppInvocation(argv: readonly string[], commandNames: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return true;
    if (arg === '-h' || arg === '--help' || arg === '-v' || arg === '--version') return false;
    if (arg.startsWith('-')) continue;
    return !commandNames.includes(arg) && arg !== 'help';
  }
  return true;
}
