/**
 * The cloud load balancer in front of a LoadBalancer Service's NodePorts, as far as it decides
 * where a request enters the cluster. Traffic from outside arrives evenly at the entry nodes (the
 * client nodes stand for the load balancer's share at each); the load balancer health-checks
 * every node for the Service (kube-proxy's healthCheckNodePort answers 200 only where an endpoint
 * of a Local Service runs, 503 elsewhere, and always for Cluster) and sends a node that fails it
 * nothing: what would have arrived there goes to the healthy nodes in turn (round-robin per
 * Service). So each healthy node takes 1/H of the Service's traffic, split among its own
 * endpoints: with policy Local an endpoint's share is 1/(H × its node's endpoints), however
 * unevenly the endpoints are spread. Simplifications: health is known at once and never changes
 * (no check interval or thresholds), and the choice is made per request, not per connection.
 */
import type { EndpointSets } from './endpoint-sets.ts';

export class ExternalLoadBalancer {
  private readonly healthyNodes = new Map<number, number[]>();
  private readonly turn = new Map<number, number>();

  constructor(private readonly entryNodes: readonly number[], private readonly endpoints: EndpointSets) {}

  /** The node a request for Service `s` that would arrive at `node` enters at. */
  entry(node: number, s: number): number {
    if (this.endpoints.healthy(node, s)) return node;
    const healthy = this.healthy(s);
    if (healthy.length === 0) return node;
    const k = this.turn.get(s) ?? 0;
    this.turn.set(s, k + 1);
    return healthy[k % healthy.length];
  }

  /** The entry nodes whose health check for `s` passes. */
  healthy(s: number): number[] {
    let nodes = this.healthyNodes.get(s);
    if (!nodes) {
      nodes = this.entryNodes.filter((n) => this.endpoints.healthy(n, s));
      this.healthyNodes.set(s, nodes);
    }
    return nodes;
  }
}
