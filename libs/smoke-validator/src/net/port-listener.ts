/**
 * Parsing of "what listens on port N": `ss -lntp` output (the seed's `ss -lntp | grep :PORT`
 * line, kept verbatim for the escalation bundle), or /proc/net/tcp{,6} when ss is absent.
 */

/** The `ss -lntp` lines whose local address ends in `:port`, or null when there are none. */
export function matchSsListeners(ssOutput: string, port: number): string | null {
  const suffix = `:${port}`;
  const lines = ssOutput
    .split('\n')
    .filter((line) => {
      const columns = line.trim().split(/\s+/);
      // Columns: State Recv-Q Send-Q Local-Address:Port Peer-Address:Port [Process]
      return columns[0] === 'LISTEN' && columns[3]?.endsWith(suffix) === true;
    })
    .map((line) => line.trimEnd());
  return lines.length > 0 ? lines.join('\n') : null;
}

/** A listening socket read from /proc/net/tcp or tcp6. */
export interface ProcListener {
  readonly address: string;
  readonly port: number;
  readonly inode: string;
}

const TCP_LISTEN = '0A';

/** Listening sockets on `port` in the text of /proc/net/tcp (`v6` false) or /proc/net/tcp6. */
export function parseProcNetTcp(text: string, port: number, v6: boolean): ProcListener[] {
  const out: ProcListener[] = [];
  for (const line of text.split('\n').slice(1)) {
    const columns = line.trim().split(/\s+/);
    const [localHex, , state] = [columns[1], columns[2], columns[3]];
    if (!localHex || state !== TCP_LISTEN) continue;
    const [addrHex, portHex] = localHex.split(':');
    if (!addrHex || !portHex || Number.parseInt(portHex, 16) !== port) continue;
    out.push({ address: v6 ? decodeV6(addrHex) : decodeV4(addrHex), port, inode: columns[9] ?? '' });
  }
  return out;
}

/** Formats a /proc listener like an `ss -lntp` line, with the owning process when known. */
export function formatProcListener(listener: ProcListener, owner: { pid: number; comm: string } | null): string {
  const local = listener.address.includes(':')
    ? `[${listener.address}]:${listener.port}`
    : `${listener.address}:${listener.port}`;
  const process = owner ? ` users:(("${owner.comm}",pid=${owner.pid}))` : '';
  return (
    `LISTEN 0 0 ${local} ${listener.address.includes(':') ? '[::]:*' : '0.0.0.0:*'} ` +
    `inode:${listener.inode}${process}`
  );
}

// /proc stores addresses as little-endian 32-bit words in hex.
function decodeV4(hex: string): string {
  const bytes = hex.match(/../g) ?? [];
  return bytes
    .reverse()
    .map((b) => Number.parseInt(b, 16))
    .join('.');
}

function decodeV6(hex: string): string {
  const words = (hex.match(/.{8}/g) ?? []).map((word) => (word.match(/../g) ?? []).reverse().join(''));
  const groups = words.join('').match(/.{4}/g) ?? [];
  const text = groups.map((g) => Number.parseInt(g, 16).toString(16)).join(':');
  return text.replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::');
}
