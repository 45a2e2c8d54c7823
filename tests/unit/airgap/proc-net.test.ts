import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEndpoint, parseSocketTable } from '../../../src/airgap/proc-net.js';

// Rows in the kernel's own format (proc_net_tcp.rst): addresses are 32-bit words printed in host byte order.
test('kernel socket addresses read as the addresses a person knows', () => {
  assert.deepEqual(parseEndpoint('0100007F:1F90'), { address: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseEndpoint('010200C0:0009'), { address: '192.0.2.1', port: 9 });
  assert.deepEqual(parseEndpoint('00000000000000000000000001000000:0050'), { address: '::1', port: 80 });
  assert.deepEqual(parseEndpoint('0000000000000000FFFF00000100007F:01BB'), { address: '::ffff:127.0.0.1', port: 443 });
  assert.deepEqual(parseEndpoint('B80D0120000000000000000001000000:0035'), { address: '2001:db8::1', port: 53 });
  assert.equal(parseEndpoint('nonsense'), undefined);
  assert.equal(parseEndpoint('0100007F:1F9'), undefined);
});

test('a socket table gives one row per socket with its state and inode', () => {
  const table = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:2225 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2298906 1 0000000000000000 100 0 0 10 0',
    '   1: 0F02000A:D2A8 010200C0:0050 01 00000000:00000000 02:000A7E9A 00000000  1000        0 31337 2 0000000000000000 20 4 30 10 -1',
    '',
  ].join('\n');
  assert.deepEqual(parseSocketTable('tcp', table), [
    { protocol: 'tcp', inode: 2298906, local: { address: '127.0.0.1', port: 8741 }, remote: { address: '0.0.0.0', port: 0 }, state: 'LISTEN' },
    { protocol: 'tcp', inode: 31337, local: { address: '10.0.2.15', port: 53928 }, remote: { address: '192.0.2.1', port: 80 }, state: 'ESTABLISHED' },
  ]);
});
