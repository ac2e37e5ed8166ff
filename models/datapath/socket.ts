/**
 * The socket layer at either end of a TCP connection: the application's send() and recv() system
 * calls (a user/kernel crossing and a copy of the message each) and TCP/IP processing per segment.
 * Simplification: a connection that already exists. A pure ACK is a segment of its own (see
 * `Segment.ack`) with TCP's transmit and receive costs, as a data segment without payload.
 */
import type { CostProfile } from '../profiles/cost-profile.ts';
import type { Resource, Stage } from './packet-path.ts';

/** Stages on the sender from the application to the pod's interface, for one segment; TCP's
 *  transmit runs in `resource` (the application's task, or softirq for an ACK). */
export function sendStages(p: CostProfile, node: number, netns: string, messageBytes: number, first: boolean, resource: Resource = 'cpu'): Stage[] {
  const stages: Stage[] = [];
  if (first) {
    stages.push({
      name: 'send()', node, netns, side: 'user', resource: 'cpu',
      ns: Math.round(p.syscallNs + p.copyNsPerByte * messageBytes),
      crossing: 'user→kernel', copiedBytes: messageBytes,
    });
  }
  stages.push({ name: 'tcp/ip tx', node, netns, side: 'kernel', resource, ns: p.tcpTxNs });
  return stages;
}

/** Stages on the receiver from the pod's interface to the application, for one segment; TCP's
 *  receive runs in `resource` (the context that delivered the packet). */
export function recvStages(p: CostProfile, node: number, netns: string, messageBytes: number, last: boolean, resource: Resource = 'softirq'): Stage[] {
  const stages: Stage[] = [{ name: 'tcp/ip rx', node, netns, side: 'kernel', resource, ns: p.tcpRxNs }];
  if (last) {
    stages.push({
      name: 'recv()', node, netns, side: 'user', resource: 'cpu',
      ns: Math.round(p.wakeupNs + p.syscallNs + p.copyNsPerByte * messageBytes),
      crossing: 'kernel→user', copiedBytes: messageBytes,
    });
  }
  return stages;
}
