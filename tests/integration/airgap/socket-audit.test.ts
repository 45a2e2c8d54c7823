import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { auditSockets } from '../../../src/airgap/socket-audit.js';
import { cliHome } from '../../support/cli-home.js';

/**
 * A process tree shaped like Sovereign's (a parent that starts a helper): the
 * helper holds a loopback listener, a listener on every interface and a UDP
 * socket connected to a documentation address (RFC 5737; connecting a UDP
 * socket sends nothing, so no network is needed to hold an "outbound" socket).
 */
const HELPER = `
const net = require('node:net');
const dgram = require('node:dgram');
const loopback = net.createServer().listen(0, '127.0.0.1');
const everywhere = net.createServer().listen(0, '0.0.0.0');
const udp = dgram.createSocket('udp4');
udp.connect(9, '192.0.2.1', () => process.stdout.write(JSON.stringify({ pid: process.pid, loopback: loopback.address().port, everywhere: everywhere.address().port, udp: udp.address().port }) + '\\n'));
setInterval(() => {}, 1000);
`;
const PARENT = `
const { spawn } = require('node:child_process');
const helper = spawn(process.execPath, ['-e', ${JSON.stringify(HELPER)}], { stdio: ['ignore', 'inherit', 'inherit'] });
setInterval(() => {}, 1000);
`;

async function startTree(): Promise<{ parent: ChildProcess; ports: { pid: number; loopback: number; everywhere: number; udp: number } }> {
  const parent = spawn(process.execPath, ['-e', PARENT], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(parent.stdout!, 'data')) as [Buffer];
  return { parent, ports: JSON.parse(line.toString()) };
}

test('the verifier finds an outbound socket and a listener on every interface in a child of the checked process, and counts loopback apart', async (t) => {
  const { parent, ports } = await startTree();
  t.after(() => {
    process.kill(ports.pid, 'SIGKILL');
    parent.kill('SIGKILL');
  });
  const audit = auditSockets({ rootPids: [parent.pid!] });
  assert.deepEqual(audit.processes.map((p) => p.pid).sort(), [parent.pid!, ports.pid].sort());
  assert.deepEqual(
    audit.outbound.map((s) => [s.pid, s.protocol, s.remote.address, s.remote.port, s.local.port]),
    [[ports.pid, 'udp', '192.0.2.1', 9, ports.udp]],
  );
  assert.deepEqual(audit.exposed.map((s) => [s.pid, s.local.port, s.state]), [[ports.pid, ports.everywhere, 'LISTEN']]);
  assert.deepEqual(audit.loopback.map((s) => [s.pid, s.local.address, s.local.port]), [[ports.pid, '127.0.0.1', ports.loopback]]);
});

test('sovereign airgap status names each outbound connection and fails; a clean process reports 0 outbound connections', async (t) => {
  const { parent, ports } = await startTree();
  t.after(() => {
    process.kill(ports.pid, 'SIGKILL');
    parent.kill('SIGKILL');
  });
  const { sovereign } = cliHome();
  const dirty = sovereign(['airgap', 'status', '--pid', String(parent.pid)]);
  assert.equal(dirty.status, 1, dirty.stderr);
  assert.match(dirty.stdout, /^1 outbound connections:$/m);
  assert.match(dirty.stdout, new RegExp(`^node\\s+${ports.pid}\\s+udp\\s+\\S+:${ports.udp}\\s+192\\.0\\.2\\.1:9\\s+ESTABLISHED$`, 'm'));
  assert.match(dirty.stdout, new RegExp(`^node\\s+${ports.pid}\\s+tcp6?\\s+\\S+:${ports.everywhere}\\s+`, 'm'));

  const clean = spawn(process.execPath, ['-e', "require('node:net').createServer().listen(0, '127.0.0.1', () => console.log('up')); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => clean.kill('SIGKILL'));
  await once(clean.stdout!, 'data');
  const ok = sovereign(['airgap', 'status', '--pid', String(clean.pid)]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^Air gap: off$/m);
  assert.match(ok.stdout, /^0 outbound connections\.$/m);
  assert.match(ok.stdout, /^1 loopback sockets \(within this computer\)\.$/m);
});
