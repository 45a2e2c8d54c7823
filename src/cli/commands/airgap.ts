import type { Command } from 'commander';
import { auditSockets, type AuditedSocket, type SocketAudit } from '../../airgap/socket-audit.js';
import { SovereignError, _, format, readAirGap, writeAirGap, type AirGapState } from '../../core/index.js';
import type { CliContext } from '../context.js';
import { formatTable, printResult } from '../output.js';
import type { RegisterCommand } from './index.js';

/** `sovereign airgap on|off|status`: the switch, and the check that it holds. */
export const register: RegisterCommand = (program: Command, context: () => CliContext) => {
  const airgap = program.command('airgap').description(_('Refuse every connection that would leave this computer, and check that none does'));

  airgap
    .command('on')
    .description(_('Turn the air gap on: model downloads, database servers and network-facing servers are refused'))
    .option('--json', _('Print JSON'))
    .action((options: { json?: boolean }) => {
      const ctx = context();
      const state = writeAirGap(true, ctx.paths);
      printResult(ctx, Boolean(options.json), state, () => _('The air gap is on. Sovereign connects to nothing outside this computer.'));
    });

  airgap
    .command('off')
    .description(_('Turn the air gap off: downloads you ask for and database servers you configure are allowed again'))
    .option('--json', _('Print JSON'))
    .action((options: { json?: boolean }) => {
      const ctx = context();
      const state = writeAirGap(false, ctx.paths);
      printResult(ctx, Boolean(options.json), state, () => _('The air gap is off. Sovereign still connects only where you ask it to.'));
    });

  airgap
    .command('status')
    .description(_("Show whether the air gap is on, and list every network socket of Sovereign's running processes"))
    .option('--json', _('Print JSON'))
    .option('--pid <pid...>', _('Check these processes and their children instead of every running Sovereign'))
    .action((options: { json?: boolean; pid?: string[] }) => {
      const ctx = context();
      const state = readAirGap(ctx.paths);
      const rootPids = options.pid?.map(parsePid);
      const audit = auditSockets(rootPids ? { rootPids } : {});
      printResult(ctx, Boolean(options.json), { airGap: state, ...audit }, () => describeStatus(state, audit));
      if (audit.outbound.length > 0 || audit.exposed.length > 0) process.exitCode = 1;
    });
};

function parsePid(value: string): number {
  if (!/^[1-9]\d{0,9}$/.test(value)) throw new SovereignError('usage', format(_('--pid: "{value}" is not a process id.'), { value }));
  return Number(value);
}

function describeStatus(state: AirGapState, audit: SocketAudit): string {
  const lines = [state.enabled ? _('Air gap: on') : _('Air gap: off')];
  if (state.problem) lines.push(state.problem);
  const names = audit.processes.map((p) => `${p.name} ${p.pid}`).join(', ');
  lines.push(
    audit.processes.length === 0
      ? _('No Sovereign process is running; nothing to check.')
      : format(_('Checked {count} Sovereign processes ({names}).'), { count: audit.processes.length, names }),
  );
  lines.push(
    audit.outbound.length === 0
      ? _('0 outbound connections.')
      : format(_('{count} outbound connections:'), { count: audit.outbound.length }),
  );
  if (audit.outbound.length > 0) lines.push(socketTable(audit.outbound));
  if (audit.exposed.length > 0) {
    lines.push(format(_('{count} sockets listen on a network interface:'), { count: audit.exposed.length }));
    lines.push(socketTable(audit.exposed));
  }
  if (audit.loopback.length > 0) lines.push(format(_('{count} loopback sockets (within this computer).'), { count: audit.loopback.length }));
  return lines.join('\n');
}

function socketTable(sockets: readonly AuditedSocket[]): string {
  const endpoint = (e: { address: string; port: number }) => (e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`);
  return formatTable(
    [_('PROCESS'), _('PID'), _('PROTOCOL'), _('LOCAL'), _('REMOTE'), _('STATE')],
    sockets.map((s) => [s.process, String(s.pid), s.protocol, endpoint(s.local), endpoint(s.remote), s.state]),
  );
}
