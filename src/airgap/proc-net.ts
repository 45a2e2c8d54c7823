/**
 * Reads the kernel's socket tables (/proc/<pid>/net/tcp, tcp6, udp, udp6): one
 * row per socket in the process's network namespace, with addresses in the
 * kernel's hex notation. Only the columns the audit needs are kept.
 */
export type SocketProtocol = 'tcp' | 'tcp6' | 'udp' | 'udp6';

export const SOCKET_PROTOCOLS: readonly SocketProtocol[] = ['tcp', 'tcp6', 'udp', 'udp6'];

export interface SocketRow {
  protocol: SocketProtocol;
  inode: number;
  local: Endpoint;
  remote: Endpoint;
  /** TCP state name (ESTABLISHED, LISTEN, SYN_SENT, …); UDP reports ESTABLISHED once connected, CLOSE otherwise. */
  state: string;
}

export interface Endpoint {
  address: string;
  port: number;
}

// From include/net/tcp_states.h.
const TCP_STATES: Record<number, string> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECV',
  4: 'FIN_WAIT1',
  5: 'FIN_WAIT2',
  6: 'TIME_WAIT',
  7: 'CLOSE',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
  12: 'NEW_SYN_RECV',
};

export function parseSocketTable(protocol: SocketProtocol, text: string): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const local = parseEndpoint(fields[1]!);
    const remote = parseEndpoint(fields[2]!);
    const inode = Number(fields[9]);
    if (!local || !remote || !Number.isInteger(inode)) continue;
    const stateCode = Number.parseInt(fields[3]!, 16);
    rows.push({ protocol, inode, local, remote, state: TCP_STATES[stateCode] ?? `0x${fields[3]}` });
  }
  return rows;
}

/** "0100007F:1F90" → 127.0.0.1:8080. The kernel prints each 32-bit word of the address in host (little-endian) byte order. */
export function parseEndpoint(text: string): Endpoint | undefined {
  const [hex, portHex] = text.split(':');
  if (!hex || !portHex || !/^[0-9A-Fa-f]+$/.test(hex) || !/^[0-9A-Fa-f]{4}$/.test(portHex)) return undefined;
  const port = Number.parseInt(portHex, 16);
  if (hex.length === 8) return { address: wordBytes(hex).join('.'), port };
  if (hex.length !== 32) return undefined;
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) bytes.push(...wordBytes(hex.slice(word * 8, word * 8 + 8)));
  return { address: ipv6Text(bytes), port };
}

function wordBytes(word: string): number[] {
  const bytes = [0, 2, 4, 6].map((at) => Number.parseInt(word.slice(at, at + 2), 16));
  return bytes.reverse();
}

function ipv6Text(bytes: number[]): string {
  const isMappedV4 = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isMappedV4) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  // WHATWG URL parsing prints the compressed form (RFC 5952).
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

export function isUnspecified(endpoint: Endpoint): boolean {
  return endpoint.address === '0.0.0.0' || endpoint.address === '::' || endpoint.address === '::ffff:0.0.0.0';
}
