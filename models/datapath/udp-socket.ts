/**
 * The socket layer at either end of a UDP flow (iperf3 -u): every datagram is a system call of its
 * own on each side, sendto() and recvfrom() (a user/kernel crossing and a copy of the datagram),
 * and a full pass of UDP/IP below the socket, udp_send_skb → ip_local_out on transmit, ip_rcv →
 * udp_rcv → the socket's queue on receive (`udpTxNs`, `udpRxNs`). Nothing merges datagrams unless
 * the application asks for it: with UDP_SEGMENT (GSO, Linux 4.18) one sendto() hands down a
 * train of gso_size datagrams, cut by software GSO just before the driver, and with UDP_GRO
 * (Linux 5.0) on the receiving socket one recvfrom() takes a GRO-merged train. The reader is
 * taken to be busy on its socket (no wake-up per datagram): when it sleeps it has time to spare,
 * so a wake-up would not move the rate a bottleneck sets.
 */
import type { CostProfile } from '../profiles/cost-profile.ts';
import type { Resource, Stage } from './packet-path.ts';

/** The sender's sendto() of `bytes` of payload (one datagram, or a UDP_SEGMENT train) and the
 *  UDP/IP transmit below it, in the application's task. */
export function udpSendStages(p: CostProfile, node: number, netns: string, bytes: number): Stage[] {
  return [
    {
      name: 'sendto()', node, netns, side: 'user', resource: 'cpu',
      ns: Math.round(p.syscallNs + p.copyNsPerByte * bytes), crossing: 'user→kernel', copiedBytes: bytes,
    },
    { name: 'udp/ip tx', node, netns, side: 'kernel', resource: 'cpu', ns: p.udpTxNs },
  ];
}

/** The receiver's UDP/IP receive of `packets` packets (datagrams, or GRO-merged trains) in
 *  `resource`, and the reader's `packets` recvfrom() calls copying `bytes` in all. */
export function udpRecvStages(p: CostProfile, node: number, netns: string, bytes: number, packets: number, resource: Resource): Stage[] {
  return [
    { name: packets === 1 ? 'udp/ip rx' : `udp/ip rx ×${packets}`, node, netns, side: 'kernel', resource, ns: packets * p.udpRxNs },
    {
      name: packets === 1 ? 'recvfrom()' : `recvfrom() ×${packets}`, node, netns, side: 'user', resource: 'cpu',
      ns: Math.round(packets * p.syscallNs + p.copyNsPerByte * bytes), crossing: 'kernel→user', copiedBytes: bytes,
    },
  ];
}
