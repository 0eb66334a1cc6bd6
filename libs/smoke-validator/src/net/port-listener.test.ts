import { describe, expect, it } from 'vitest';
import { formatProcListener, matchSsListeners, parseProcNetTcp } from './port-listener.js';

const SS = `State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
LISTEN 0      128        127.0.0.1:8790       0.0.0.0:*    users:(("uvicorn",pid=1234,fd=7))
LISTEN 0      128        127.0.0.1:18790      0.0.0.0:*    users:(("other",pid=1,fd=7))
LISTEN 0      511             [::1]:8790         [::]:*    users:(("node",pid=99,fd=20))
ESTAB  0      0          127.0.0.1:8790   127.0.0.1:5555
`;

describe('port listener parsing', () => {
  it('keeps only LISTEN lines on exactly that port (the seed grep ":PORT ")', () => {
    expect(matchSsListeners(SS, 8790)).toBe(
      'LISTEN 0      128        127.0.0.1:8790       0.0.0.0:*    users:(("uvicorn",pid=1234,fd=7))\n' +
        'LISTEN 0      511             [::1]:8790         [::]:*    users:(("node",pid=99,fd=20))',
    );
    expect(matchSsListeners(SS, 790)).toBeNull();
  });

  it('parses /proc/net/tcp and tcp6 listeners', () => {
    const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:2256 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 \
0 0 10 0
   1: 0100007F:2256 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 4243 1 0000000000000000 100 \
0 0 10 0
`;
    const tcp6 = `  sl  local_address                         remote_address                        st tx_queue \
rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:2256 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 \
00000000     0        0 777 1 0000000000000000 100 0 0 10 0
`;
    expect(parseProcNetTcp(tcp, 8790, false)).toEqual([{ address: '127.0.0.1', port: 8790, inode: '4242' }]);
    expect(parseProcNetTcp(tcp6, 8790, true)).toEqual([{ address: '::1', port: 8790, inode: '777' }]);
    expect(formatProcListener({ address: '127.0.0.1', port: 8790, inode: '4242' }, { pid: 5, comm: 'python3' })).toBe(
      'LISTEN 0 0 127.0.0.1:8790 0.0.0.0:* inode:4242 users:(("python3",pid=5))',
    );
  });
});
