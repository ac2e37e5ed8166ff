/**
 * UDP flows under a rolling update (models/workloads/udp-service-flows.ts): the datagrams sent in
 * the measured period and their fates (delivered, lost by cause, still on their way at the end),
 * the blackhole windows (a flow's entry pointing to an exited pod until kube-proxy deleted it or it
 * timed out) that began in the measured period, the flows they hit, the windows still open at the
 * end, the entries kube-proxy deleted, and the datagrams lost per second of the whole run by the
 * second they were sent in.
 */
import { LatencyRecorder, type Simulation } from '../../sim/index.ts';
import type { UdpServiceFlows } from '../../models/workloads/udp-service-flows.ts';
import type { BlackholeWindow, Datagram, UdpLossCause } from '../../models/workloads/udp-flow-records.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

const causes: readonly UdpLossCause[] = ['stale_entry', 'stale_rules', 'in_flight', 'other'];
const secondNs = 1e9;

export class UdpFlowCollector implements Collector {
  private sent = 0;
  private delivered = 0;
  private readonly lost: Record<UdpLossCause, number> = { stale_entry: 0, stale_rules: 0, in_flight: 0, other: 0 };
  private readonly lostPerSecond: Record<UdpLossCause, number[]>;
  private readonly window = new LatencyRecorder();
  private readonly hitFlows = new Set<number>();
  private windows = 0;
  private intoBlackholes = 0;
  private deleted = 0;
  private readonly seconds: number;

  constructor(private readonly sim: Simulation, private readonly period: MeasuredPeriod, private readonly udp: UdpServiceFlows) {
    this.seconds = Math.ceil((period.fromNs + period.durationNs) / secondNs);
    this.lostPerSecond = Object.fromEntries(causes.map((c) => [c, new Array(this.seconds).fill(0)])) as Record<UdpLossCause, number[]>;
    udp.sent.subscribe(this.onSent);
    udp.delivered.subscribe(this.onDelivered);
    udp.lost.subscribe(this.onLost);
    udp.windows.subscribe(this.onWindow);
    udp.deleted.subscribe(this.onDeleted);
  }

  private readonly onSent = (d: Datagram): void => {
    if (this.period.includes(d.sentNs)) this.sent++;
  };

  private readonly onDelivered = (d: Datagram): void => {
    if (this.period.includes(d.sentNs)) this.delivered++;
  };

  private readonly onLost = (l: { datagram: Datagram; cause: UdpLossCause }): void => {
    const t = l.datagram.sentNs;
    this.lostPerSecond[l.cause][Math.min(this.seconds - 1, Math.floor(t / secondNs))]++;
    if (this.period.includes(t)) this.lost[l.cause]++;
  };

  private readonly onWindow = (w: BlackholeWindow): void => {
    if (!this.period.includes(w.fromNs)) return;
    this.windows++;
    this.hitFlows.add(w.flow);
    this.intoBlackholes += w.sent;
    this.window.record(w.toNs - w.fromNs);
  };

  private readonly onDeleted = (): void => {
    if (this.period.includes(this.sim.now)) this.deleted++;
  };

  collect(out: ReplicationOutput): void {
    const lost = causes.reduce((n, c) => n + this.lost[c], 0);
    out.metric('udp_datagrams', {
      sent: this.sent, delivered: this.delivered, ...Object.fromEntries(causes.map((c) => [`lost_${c}`, this.lost[c]])),
      in_flight: this.sent - this.delivered - lost,
      ...(this.udp.replies.sent > 0 && { replies_sent: this.udp.replies.sent, replies_received: this.udp.replies.received }),
    });
    out.metric('udp_blackhole_window_ms', this.window.summary(1e6));
    const open = this.udp.flows.filter((f) => f.blackholeFromNs >= 0 && this.period.includes(f.blackholeFromNs));
    for (const f of open) this.hitFlows.add(f.id);
    out.metric('udp_flows_blackholed', {
      flows: this.hitFlows.size, of_flows: this.udp.flows.length, windows: this.windows, open_at_end: open.length, datagrams_into_closed_windows: this.intoBlackholes,
    });
    out.metric('udp_conntrack_entries_deleted', this.deleted);
    out.addSeries('udp_datagrams_lost', ['s', ...causes],
      Array.from({ length: this.seconds }, (_, i) => [i, ...causes.map((c) => this.lostPerSecond[c][i])]));
  }
}
