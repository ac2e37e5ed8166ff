/**
 * The kernel's bounded packet queues on the modelled paths, each with its Linux default and the
 * reason a packet dropped there is reported as. A queue is entered where a packet is handed from
 * one execution context to another: a stage declares the queue it is taken from (`Stage.queue`),
 * and when that stage begins a hop (a job on a station: the softirq of a receive queue, the NIC
 * transmitter, flanneld) the hop's station holds that queue, bounded by its limit. Which station
 * models which queue today:
 * - NIC receive ring (per queue): the receive softirq station of that queue, entered at the
 *   driver's NAPI receive (`rx_ring_full`);
 * - transmit queue (`txqueuelen`, pfifo_fast/fq_codel qdisc): the NIC transmitter, entered at
 *   serialization (`qdisc_drop`);
 * - the TUN device queue of flannel0: flanneld's station, entered at its read() (`tun_queue_full`);
 * - flanneld's UDP socket receive buffer: flanneld's station, entered at its recvfrom()
 *   (`rcvbuf_full`), in packets of `skbTruesizeBytes` each;
 * - the per-CPU backlog (`netdev_max_backlog`, `backlog_full`): entered by netif_rx (veth
 *   transmit, decapsulation, TUN write). In the modelled paths every such handover is processed
 *   by the context that made it (Linux runs the backlog on the bottom-half enable that follows),
 *   merged into that hop, so the backlog holds one packet at a time and never overflows; it would
 *   where softirq work is deferred to ksoftirqd, which the model does not have;
 * - the listen backlog (`somaxconn`, `listen_overflow`): the server application's station, whose
 *   waiting requests stand for connections not yet accepted (connection-lifecycle.ts).
 * Not bounded here: TCP's socket buffers, because the advertised window bounds what a TCP sender
 * puts in flight before the receive buffer fills (no drop in steady state); the SYN queue
 * (`tcp_max_syn_backlog`), because with tcp_syncookies = 1 (the default) a full SYN queue answers
 * with cookies instead of dropping. Simplifications: a station's queue is shared by all its
 * jobs, so a limit compares with everything waiting there (on a softirq station, ACKs TCP sends
 * from softirq wait beside the ring's packets; on flanneld, the TUN queue's packets beside the
 * socket's); a byte-bounded buffer is counted in packets of one truesize.
 */
import { type Parameters, valuesOf, type ValuesOf } from '../parameters.ts';

export const kernelQueueParameters = {
  rxRingDescriptors: {
    value: 512, unit: 'packets', min: 1, integer: true,
    doc: 'NIC receive ring size per queue (ethtool -G rx).',
    source: 'ixgbe IXGBE_DEFAULT_RXD = 512 (drivers/net/ethernet/intel/ixgbe/ixgbe.h), the 10 GbE NIC of the xeon-2019 profile; i40e I40E_DEFAULT_NUM_DESCRIPTORS = 512, ice ICE_DFLT_NUM_RX_DESC = 2048',
  },
  netdevMaxBacklog: {
    value: 1000, unit: 'packets', min: 1, integer: true,
    doc: 'Per-CPU backlog of packets handed over by netif_rx (net.core.netdev_max_backlog).',
    source: 'Documentation/admin-guide/sysctl/net.rst: netdev_max_backlog, default 1000',
  },
  txqueuelen: {
    value: 1000, unit: 'packets', min: 1, integer: true,
    doc: 'Transmit queue of the node\'s NIC (ip link set dev eth0 txqueuelen), the qdisc\'s limit.',
    source: 'DEFAULT_TX_QUEUE_LEN = 1000 (include/uapi/linux/if_ether.h via ether_setup)',
  },
  tunQueuePackets: {
    value: 500, unit: 'packets', min: 1, integer: true,
    doc: 'Queue of the TUN device flannel0 between the kernel and flanneld\'s read().',
    source: 'drivers/net/tun.c: TUN_READQ_SIZE = 500, the device\'s tx_queue_len and ring size',
  },
  udpRcvbufBytes: {
    value: 212_992, unit: 'bytes', min: 1, integer: true,
    doc: 'Receive buffer of a UDP socket that does not set SO_RCVBUF (flanneld\'s :8285).',
    source: 'Documentation/admin-guide/sysctl/net.rst: rmem_default (212992 on 64-bit); flanneld opens its socket with Go\'s net.ListenUDP, which sets no SO_RCVBUF',
  },
  skbTruesizeBytes: {
    value: 2304, unit: 'bytes', min: 1, integer: true,
    doc: 'Memory a received full-sized datagram is charged against a socket buffer (skb->truesize).',
    source: 'derived: the 2048-byte half-page receive buffer of ixgbe plus sk_buff and skb_shared_info (about 256 bytes), as __udp_enqueue_schedule_skb charges it',
  },
  listenBacklog: {
    value: 4096, unit: 'connections', min: 1, integer: true,
    doc: 'Accept queue of the server\'s listening socket: min(listen() backlog, net.core.somaxconn).',
    source: 'Documentation/networking/ip-sysctl.rst / net.rst: somaxconn, default 4096 since Linux 5.4; Go\'s net.Listen passes somaxconn as the backlog',
  },
} as const satisfies Parameters;

export type KernelQueues = ValuesOf<typeof kernelQueueParameters>;

export const defaultKernelQueues: KernelQueues = valuesOf(kernelQueueParameters);

/** A queue a stage is taken from. */
export type KernelQueue = 'rxRing' | 'backlog' | 'qdisc' | 'tun' | 'udpRcvbuf';

/** Every reason a packet is dropped for: the kernel queues', a full conntrack table's, a
 *  conntrack confirm that lost a race (`insert_failed`, models/netfilter/conntrack-confirm.ts) and
 *  IPVS connection reuse. */
export const dropReasons = ['rx_ring_full', 'backlog_full', 'qdisc_drop', 'tun_queue_full', 'rcvbuf_full', 'listen_overflow', 'conntrack_full', 'insert_failed', 'ipvs_conn_reuse'] as const;

/** A queue's limit in packets and its drop reason. */
export function queueBound(q: KernelQueue, k: KernelQueues): { limit: number; reason: string } {
  switch (q) {
    case 'rxRing':
      return { limit: k.rxRingDescriptors, reason: 'rx_ring_full' };
    case 'backlog':
      return { limit: k.netdevMaxBacklog, reason: 'backlog_full' };
    case 'qdisc':
      return { limit: k.txqueuelen, reason: 'qdisc_drop' };
    case 'tun':
      return { limit: k.tunQueuePackets, reason: 'tun_queue_full' };
    case 'udpRcvbuf':
      return { limit: Math.max(1, Math.floor(k.udpRcvbufBytes / k.skbTruesizeBytes)), reason: 'rcvbuf_full' };
  }
}
