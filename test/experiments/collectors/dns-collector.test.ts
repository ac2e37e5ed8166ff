/** The DNS collector on a hand-made timeline: lookups started in the warm-up are left out; the
 *  stalled fraction counts drops among the measured lookups, the latency the answered ones, and
 *  insert_failed comes from the carrier's drops per second. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, TraceSource } from '../../../sim/index.ts';
import { PacketCarrier } from '../../../models/datapath/packet-path.ts';
import type { Cluster } from '../../../models/datapath/cluster.ts';
import type { DnsLookups, Lookup } from '../../../models/workloads/dns-lookup.ts';
import { DnsCollector } from '../../../experiments/collectors/dns-collector.ts';
import { MeasuredPeriod } from '../../../experiments/replication.ts';
import { ReplicationOutput } from '../../../experiments/replication-output.ts';

test('measured lookups only: 1 of 2 stalled, the answered one\'s latency, 2 insert_failed over 2 s', () => {
  const sim = new Simulation();
  const carrier = new PacketCarrier(sim);
  const dns = { started: new TraceSource<Lookup>(), stalled: new TraceSource<Lookup>(), ended: new TraceSource<Lookup>() };
  const period = new MeasuredPeriod({ warmupNs: 1e9, durationNs: 2e9 });
  const c = new DnsCollector(sim, { carrier } as unknown as Cluster, period, dns as unknown as DnsLookups);
  const lookup = (startNs: number, answered: number) => ({ startNs, answered }) as Lookup;
  const warm = lookup(0.5e9, 2), slow = lookup(1.2e9, 2), failed = lookup(1.5e9, 0);
  for (const l of [warm, slow, failed]) dns.started.emit(l);
  dns.stalled.emit(warm);
  dns.stalled.emit(slow);
  carrier.reject('node-0', 'insert_failed', false);
  carrier.reject('node-0', 'insert_failed', false);
  sim.schedule(6.2e9, () => {
    dns.ended.emit(warm);
    dns.ended.emit(slow);
    dns.ended.emit(failed);
  });
  sim.run();
  const out = new ReplicationOutput();
  c.collect(out);
  const m = out.result(0).metrics;
  assert.equal(m.dns_stalled_fraction, 0.5);
  assert.equal(m.dns_lookups_failed, 1);
  assert.equal(m.conntrack_insert_failed, 1);
  assert.equal((m.dns_latency_ms as { count: number }).count, 1);
  assert.ok(Math.abs((m.dns_latency_ms as { max: number }).max - 5000) < 5, `${JSON.stringify(m.dns_latency_ms)}`);
});
