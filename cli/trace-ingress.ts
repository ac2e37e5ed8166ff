/**
 * `podpath trace` through an Ingress controller: one request segment of an established client
 * connection from the first client pod to the controller replica it is given (the pod IP matches
 * no Service: conntrack and the filter rules only), the replica's worker (read, parse, route, the
 * Lua balancer, write upstream: a user-space stage between two crossings), and the segment on the
 * pooled upstream connection to the endpoint the balancer picks first (its pod IP, kube-proxy
 * bypassed). What the worker does on the way back, and for a new client or upstream connection,
 * is summed up in a note.
 */
import type { Cluster, Pod } from '../models/datapath/cluster.ts';
import type { Stage } from '../models/datapath/packet-path.ts';
import type { NetfilterStep } from '../models/netfilter/netfilter-hooks.ts';
import type { ModelConfig } from '../models/model-config.ts';
import { establishedWork } from '../models/services/netfilter-steps.ts';
import { buildServiceModel } from '../experiments/service-experiment.ts';

export interface IngressTrace {
  cluster: Cluster;
  from: Pod;
  to: Pod;
  stages: Stage[];
  what: string;
  note: string;
}

export function ingressRequest(model: ModelConfig, seed: number): IngressTrace {
  const s = model.services!;
  const { cluster, catalogue, conntrack, streams, ingress } = buildServiceModel(model, s, seed, 0);
  const g = ingress!;
  const node = s.traffic.clientNodes[0];
  const client = { name: `client-${node}`, node };
  const target = catalogue.pick(streams.get(`services/client-${node}`));
  const replica = g.pod(g.front.select(node).endpoint);
  const endpointNode = catalogue.endpointNode(target, 0);
  const server = { name: `endpoints@node-${endpointNode}`, node: endpointNode };
  const p = cluster.profile;
  const bytes = Math.min(s.traffic.requestBytes, cluster.mssBytes);
  const segment = { payloadBytes: bytes, messageBytes: bytes, first: true, last: true };
  // Pod IPs both ways: no translation from the entry, so no NAT step.
  const untranslated = (steps: readonly NetfilterStep[]) => steps.filter((st) => !st.name.startsWith('conntrack NAT'));
  const leg = (from: Pod, to: Pod) => {
    const work = establishedWork({ proxy: g.front, via: 'clusterIP', costs: p, client: conntrack(from.node), endpoint: to.node === from.node ? null : conntrack(to.node) }, true);
    return cluster.stages(from, to, segment, { sender: untranslated(work.sender), receiver: untranslated(work.receiver) });
  };
  const w = g.work;
  const worker: Stage = {
    name: `ingress-nginx worker: read, parse, route, Lua balancer → endpoint 0, write upstream${g.config.tls ? ' (TLS record, AES-GCM)' : ''}`,
    node: replica.node, netns: `pod ${replica.name}`, side: 'user', resource: 'proxy', ns: w.requestNs,
  };
  const note = `then the response: worker ${w.responseNs} ns (read upstream, write to the client); a new client connection +${w.acceptNs} ns (accept${g.config.tls ? ', full TLS handshake' : ''}); a new upstream connection +${w.connectNs} ns and its handshake (upstreamKeepalive ${g.config.upstreamKeepalive} per worker)`;
  return {
    cluster, from: client, to: server, stages: [...leg(client, replica), worker, ...leg(replica, server)], note,
    what: `a request through the Ingress controller on node-${replica.node} (kube-proxy ${s.proxy.mode}'s rules bypassed: pod IPs both ways)`,
  };
}
