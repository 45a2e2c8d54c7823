import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bwrapArgs, sandboxEnv, type SystemEntry } from '../../../src/skills/sandbox/bwrap-args.js';
import { parseRpcLine } from '../../../src/skills/sandbox/json-rpc.js';
import { LineSplitter, LineTooLong } from '../../../src/skills/sandbox/line-splitter.js';

test('JSON-RPC lines are told apart: request, notification, answer, error', () => {
  assert.equal(parseRpcLine('{"jsonrpc":"2.0","id":1,"method":"host.readDocument","params":{"id":"a"}}')?.type, 'request');
  assert.equal(parseRpcLine('{"jsonrpc":"2.0","method":"skill.ready"}')?.type, 'notification');
  assert.equal(parseRpcLine('{"jsonrpc":"2.0","id":7,"result":null}')?.type, 'success');
  assert.equal(parseRpcLine('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}')?.type, 'failure');
});

test('anything that is not one JSON-RPC 2.0 message is garbage', () => {
  for (const line of [
    'hello',
    '',
    '[{"jsonrpc":"2.0","method":"skill.ready"}]',
    '{"jsonrpc":"1.0","method":"skill.ready"}',
    '{"jsonrpc":"2.0","id":1,"method":"x","extra":true}',
    '{"jsonrpc":"2.0","id":{"nested":1},"method":"x"}',
    '{"jsonrpc":"2.0","id":1}',
    'null',
  ]) {
    assert.equal(parseRpcLine(line), null, line);
  }
});

test('the line splitter joins lines across chunks and refuses one past the limit as soon as it passes it', () => {
  const splitter = new LineSplitter(10);
  assert.deepEqual(splitter.push(Buffer.from('abc')), []);
  assert.deepEqual(splitter.push(Buffer.from('de\nfg\nh')), ['abcde', 'fg']);
  assert.deepEqual(splitter.push(Buffer.from('ij\n')), ['hij']);
  assert.deepEqual(splitter.push(Buffer.from('0123456789\n')), ['0123456789']);
  splitter.push(Buffer.from('01234'));
  assert.throws(() => splitter.push(Buffer.from('567890')), LineTooLong, 'an 11-byte line without its newline yet');
});

test('the sandbox unshares every namespace, never shares the network, and mounts no home folder', () => {
  const args = bwrapArgs({ skillDir: '/home/ada/.local/share/sovereign/skills/org.example.A', socketDir: '/run/user/1000/sovereign/skill-x', nodePath: '/usr/bin/node', entry: 'main.mjs', heapMiB: 64 });
  assert.ok(args.includes('--unshare-all'));
  assert.ok(args.includes('--die-with-parent'));
  assert.ok(args.includes('--new-session'));
  assert.equal(args.includes('--share-net'), false);
  const command = args.slice(args.indexOf('--') + 1);
  assert.deepEqual(command, ['/usr/bin/node', '--max-old-space-size=64', '/skill/main.mjs']);
  // Writable binds: the skill's folder and the socket folder, nothing else.
  const writable = args.flatMap((arg, i) => (arg === '--bind' ? [`${args[i + 1]} -> ${args[i + 2]}`] : []));
  assert.deepEqual(writable, ['/home/ada/.local/share/sovereign/skills/org.example.A -> /skill', '/run/user/1000/sovereign/skill-x -> /run/sovereign']);
  assert.deepEqual(
    args.flatMap((arg, i) => (arg === '--ro-bind' && args[i + 2]!.startsWith('/skill') ? [`${args[i + 1]} -> ${args[i + 2]}`] : [])),
    ['/home/ada/.local/share/sovereign/skills/org.example.A/skill.json -> /skill/skill.json'],
    'the manifest is read-only',
  );
  const mounted = args.flatMap((arg, i) => (arg === '--ro-bind' || arg === '--bind' ? [args[i + 2]!] : []));
  assert.equal(mounted.some((target) => target === '/home' || target.startsWith('/home/') || target === '/root'), false);
  assert.deepEqual(
    args.flatMap((arg, i) => (arg === '--tmpfs' ? [args[i + 1]] : [])),
    ['/tmp'],
  );
});

test('system folders that are symlinks stay symlinks; a node outside /usr is mounted read-only', () => {
  const machine: Record<string, SystemEntry> = { '/usr': { kind: 'folder' }, '/bin': { kind: 'symlink', target: 'usr/bin' }, '/lib': { kind: 'folder' } };
  const args = bwrapArgs({ skillDir: '/s', socketDir: '/r', nodePath: '/opt/node/bin/node', entry: 'a.js', heapMiB: 64 }, (p) => machine[p] ?? null);
  assert.deepEqual(args.slice(5, 17), ['--ro-bind', '/usr', '/usr', '--symlink', 'usr/bin', '/bin', '--ro-bind', '/lib', '/lib', '--ro-bind', '/opt/node/bin', '/opt/node/bin']);
});

test('a skill sees none of the host environment', () => {
  assert.deepEqual(Object.keys(sandboxEnv('org.example.A')).sort(), ['HOME', 'LANG', 'PATH', 'SOVEREIGN_SKILL_ID', 'SOVEREIGN_SKILL_SOCKET', 'TMPDIR']);
  assert.equal(sandboxEnv('org.example.A')['HOME'], '/skill');
});
