/**
 * `podpath trace`: one packet's path hop by hop, as the model walks it. The scenario's first
 * point of a variant (the first unless named; first sweep value) gives the cluster and backend; the packet is one full
 * segment of a message from one pod to another, carrying its send() and recv(). Each line: stage,
 * node, network namespace, user or kernel side, execution context, bytes on the wire, cost, and
 * cumulative time without queueing; crossings are marked. Pods are `client`, `server`, or
 * NODE:POD (pod index on a node). A Service scenario traces the first packet of a new connection
 * (the SYN) from the first client to the endpoint the proxy mode selects, with the netfilter
 * stages at each node's crossing as the mode runs them (conntrack, nat, filter, SNAT, and the
 * endpoint pod's NetworkPolicy chain or map lookup where policies are given), so the compared
 * modes show different hops. Through an Ingress controller it traces a request segment instead:
 * client → controller replica, the worker, replica → endpoint (trace-ingress.ts).
 */
import { Simulation } from '../sim/index.ts';
import { Cluster, type Pod } from '../models/datapath/cluster.ts';
import type { Stage } from '../models/datapath/packet-path.ts';
import { buildServiceModel } from '../experiments/service-experiment.ts';
import { control } from '../models/services/connection-packets.ts';
import { newFlowWork } from '../models/services/netfilter-steps.ts';
import type { ModelConfig } from '../models/model-config.ts';
import { resolveProfile } from '../models/profiles/profiles.ts';
import { PodAddressing } from '../models/datapath/pod-addressing.ts';
import { InputError, messages } from '../scenarios/messages.ts';
import { prepare } from './prepare.ts';
import { backendOf } from '../models/backends/backends.ts';
import { ingressRequest } from './trace-ingress.ts';

export interface TraceRequest {
  file: string;
  from?: string;
  to?: string;
  /** The compared variant to trace; the first when absent. */
  variant?: string;
}

export function trace(req: TraceRequest): string {
  const { points, loaded } = prepare(req.file);
  const point = req.variant === undefined ? points[0] : points.find((p) => p.variant === req.variant);
  if (!point) {
    const names = [...new Set(points.map((p) => p.variant))];
    throw new InputError(messages.badVariant(req.variant ?? '', names));
  }
  const s = point.scenario;
  const model = point.model;
  const addressing = new PodAddressing({ ...s.cluster });
  const pod = (spec: string, option: string): Pod => {
    if (spec === 'client') return { name: 'client', node: s.workload.clientNode };
    if (spec === 'server') return { name: 'server', node: s.workload.serverNode };
    const m = /^(\d+):(\d+)$/.exec(spec);
    if (!m || +m[1] >= s.cluster.nodes || +m[2] >= s.cluster.podsPerNode) {
      throw new InputError(messages.badPod(option, spec, s.cluster.nodes, s.cluster.podsPerNode));
    }
    return { name: `${m[1]}:${m[2]}`, node: +m[1] };
  };
  // In a Service scenario `client` is the first client node's pod and `server` the endpoint chosen.
  const given = (spec: string | undefined, option: string, role: string) => (spec === undefined || spec === role ? undefined : pod(spec, option));
  const viaIngress = model.services?.ingress?.enabled ? ingressRequest(model, s.seed) : undefined;
  const service = viaIngress ?? (model.services && newConnection(model, s.seed, given(req.from, '--from', 'client'), given(req.to, '--to', 'server')));
  const from = service?.from ?? pod(req.from ?? 'client', '--from');
  const to = service?.to ?? pod(req.to ?? 'server', '--to');
  const ip = (p: Pod) => addressing.podIp(p.node, Number(/^\d+:(\d+)$/.exec(p.name)?.[1] ?? 0));
  const cluster = service?.cluster ?? new Cluster(new Simulation(), model.cluster, resolveProfile(model.profile, model.costs), backendOf(model.network.backend));
  const bytes = cluster.mssBytes;
  const stages = service?.stages ?? cluster.stages(from, to, { payloadBytes: bytes, messageBytes: bytes, first: true, last: true });

  const rows = [['#', 'stage', 'node', 'netns', 'side', 'context', 'wire B', 'cost ns', 'cum µs', 'crossing']];
  let cumNs = 0;
  stages.forEach((st, i) => {
    cumNs += st.ns;
    rows.push([
      String(i + 1), st.name, `node-${st.node}`, st.netns, st.side, st.resource, st.wireBytes ? String(st.wireBytes) : '',
      String(st.ns), (cumNs / 1e3).toFixed(3), st.crossing ? `◆ ${st.crossing}${st.copiedBytes ? ` (copy ${st.copiedBytes} B)` : ''}` : '',
    ]);
  });
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 1 || c === 9 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  const crossings = stages.filter((st) => st.crossing).length;
  const copied = stages.reduce((n, st) => n + (st.copiedBytes ?? 0), 0);
  const b = cluster.backend;
  const what = viaIngress?.what ?? (service ? `the first packet (SYN) of a new connection, kube-proxy ${model.services!.proxy.mode}` : `one ${bytes}-byte segment`);
  return [
    `${loaded.file}${point.variant ? ` [${point.variant}]` : ''}: ${b.name} (MTU ${cluster.podMtu}, +${b.encapBytes} B encapsulation), ${what}`,
    `from pod ${from.name} ${ip(from)} on node-${from.node} (${addressing.nodeCidr(from.node)}) to pod ${to.name} ${ip(to)} on node-${to.node} (${addressing.nodeCidr(to.node)})`,
    '',
    ...rows.map(line),
    '',
    `${crossings} crossings, ${copied} bytes copied, ${(cumNs / 1e3).toFixed(3)} µs of service without queueing`,
    ...(viaIngress ? [viaIngress.note] : []),
  ].join('\n');
}

/** A Service scenario's new connection as its first packet sees it: the client pod (first client
 *  node unless `from`), the endpoint the proxy selects (its node's pods unless `to`), and the SYN's
 *  stages with connect() and the netfilter work of a NEW flow at each crossing. */
function newConnection(model: ModelConfig, seed: number, from: Pod | undefined, to: Pod | undefined): { cluster: Cluster; from: Pod; to: Pod; stages: Stage[] } {
  const s = model.services!;
  const { cluster, catalogue, proxy, conntrack, streams, policies } = buildServiceModel(model, s, seed, 0);
  const node = from?.node ?? s.traffic.clientNodes[0];
  const client = from ?? { name: `client-${node}`, node };
  const target = catalogue.pick(streams.get(`services/client-${node}`));
  const sel = proxy.select(node, target, catalogue.addressing.podAddr(node, 0), 0);
  const endpointNode = catalogue.endpointNode(target, sel.endpoint);
  const server = to ?? { name: `endpoints@node-${endpointNode}`, node: endpointNode };
  const p = cluster.profile;
  const work = newFlowWork({ proxy, via: s.proxy.via, costs: p, client: conntrack(node), endpoint: server.node === node ? null : conntrack(server.node), policy: policies?.enforcer }, sel);
  const at = { node, netns: `pod ${client.name}`, resource: 'cpu' as const };
  const connect: Stage[] = [
    { name: 'connect(): tcp_v4_connect, SYN', ...at, side: 'user', ns: p.syscallNs + p.tcpConnectNs, crossing: 'user→kernel' },
    ...(proxy.connectNs > 0 ? [{ name: 'cgroup/connect4 BPF: Service → backend (socket LB)', ...at, side: 'kernel' as const, ns: proxy.connectNs }] : []),
  ];
  const stages = [...connect, ...cluster.stages(client, server, control, work)];
  return { cluster, from: client, to: server, stages };
}
