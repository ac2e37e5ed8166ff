/**
 * The load generator's own CPU: per request, plus per new connection, on its station of
 * `clientThreads` servers, and not on the node's cores. A sequential client keeping each
 * connection for 3 requests is charged 11.75, 11, 11, 11.75 … us; one thread at 1 ms a request
 * caps the client at 1,000 requests/s, four threads carry 2,000; the node's cores see the same
 * work whatever the client's. The scenario defaults are wrk's per-thread budget less the
 * profile's kernel share.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServiceModel } from '../../../experiments/service-experiment.ts';
import type { ServiceModelConfig } from '../../../models/model-config.ts';
import type { Arrival } from '../../../models/workloads/request-response.ts';
import { validate } from '../../../scenarios/load.ts';
import { toServiceModelConfig } from '../../../scenarios/expand-services.ts';
import { serviceFrame } from '../service-frame.ts';


interface Setup {
  arrival: Arrival;
  perRequestNs: number;
  perConnectionNs: number;
  clientThreads?: number;
  requestsPerConnection?: number;
}

function services(s: Setup): ServiceModelConfig {
  return {
    addressing: { clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 110 },
    catalogue: { services: 100, endpointsPerService: 1, nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' }, placement: 'otherNodes' },
    proxy: { mode: 'iptables', version: 'current', scheduler: 'rr', via: 'clusterIP' },
    conntrack: { max: null, buckets: null, timeoutsNs: {}, sampleNs: 1e9 },
    traffic: {
      clientNodes: [0], arrival: s.arrival, clientCpu: { perRequestNs: s.perRequestNs, perConnectionNs: s.perConnectionNs },
      clientThreads: s.clientThreads ?? 1, serverThreads: null, requestsPerConnection: s.requestsPerConnection ?? 1e9,
      requestBytes: 64, responseBytes: 64, serviceTime: { kind: 'constant', valueNs: 10_000 }, dns: null,
    },
  };
}

const sequential: Arrival = { kind: 'closed', concurrency: 1, thinkNs: 0 };

/** The client's thread pool's and node 0's cores' busy time at each answer (a sequential client
 *  is idle then), over `durationNs`. */
function busyAtAnswers(s: Setup, durationNs: number) {
  const m = buildServiceModel(serviceFrame(durationNs), services(s), 1, 0);
  const app = m.cluster.node(0).application('client-app', s.clientThreads ?? 1);
  const cpu = m.cluster.node(0).cpu;
  const appNs: number[] = [], cpuNs: number[] = [];
  m.traffic.answered.subscribe(() => {
    appNs.push(app.busyNs());
    cpuNs.push(cpu.busyNs());
  });
  m.sim.run({ untilNs: durationNs });
  return { appNs, cpuNs, app, connections: m.traffic.connections };
}

test('per request 11 us, per new connection 0.75 us more: 3 requests a connection are charged 11.75, 11, 11, 11.75 … us', () => {
  const r = busyAtAnswers({ arrival: sequential, perRequestNs: 11_000, perConnectionNs: 750, requestsPerConnection: 3 }, 5e6);
  assert.ok(r.appNs.length >= 30, `${r.appNs.length} answered`);
  const charged = r.appNs.map((n, i) => n - (i === 0 ? 0 : r.appNs[i - 1]));
  assert.deepEqual(charged, charged.map((_, i) => (i % 3 === 0 ? 11_750 : 11_000)));
  assert.equal(r.app.servers, 1);
});

test('the client\'s work is on its own threads: the node\'s cores do the same work at every answer whatever the client charges', () => {
  const none = busyAtAnswers({ arrival: sequential, perRequestNs: 0, perConnectionNs: 0, requestsPerConnection: 3 }, 5e6);
  const some = busyAtAnswers({ arrival: sequential, perRequestNs: 50_000, perConnectionNs: 20_000, requestsPerConnection: 3 }, 5e6);
  assert.ok(some.cpuNs.length >= 30 && none.cpuNs.length > some.cpuNs.length);
  assert.deepEqual(some.cpuNs, none.cpuNs.slice(0, some.cpuNs.length));
  assert.deepEqual(none.appNs, none.appNs.map(() => 0));
});

test('one thread at 1 ms a request caps 2,000 offered requests/s at 1,000; four threads carry them at half their capacity', () => {
  const run = (clientThreads: number) => {
    const m = buildServiceModel(serviceFrame(1e9), services({ arrival: { kind: 'open', rateRps: 2000 }, perRequestNs: 1e6, perConnectionNs: 0, clientThreads }), 1, 0);
    let answered = 0;
    m.traffic.answered.subscribe(() => answered++);
    m.sim.run({ untilNs: 1e9 });
    const app = m.cluster.node(0).application('client-app', clientThreads);
    return { answered, servers: app.servers, utilization: app.utilization() };
  };
  const one = run(1);
  assert.equal(one.servers, 1);
  assert.ok(one.answered <= 1000 && one.answered >= 990, `${one.answered} answered in 1 s`);
  assert.ok(one.utilization > 0.999, `utilization ${one.utilization}`);
  const four = run(4);
  assert.equal(four.servers, 4);
  assert.ok(Math.abs(four.answered / 2000 - 1) < 0.05, `${four.answered} answered in 1 s`);
  assert.ok(Math.abs(four.utilization - 0.5) < 0.03, `utilization ${four.utilization}`);
});

test('scenario defaults: 11 us per request (wrk\'s 17.8 us a request less the 6.7 us kernel share), 3 × 0.25 us per connection, one thread', () => {
  const traffic = toServiceModelConfig(validate('s.yaml', { name: 'x', traffic: { rateRps: 100 } }))!.traffic;
  assert.deepEqual(traffic.clientCpu, { perRequestNs: 11_000, perConnectionNs: 750 });
  assert.equal(traffic.clientThreads, 1);
});
