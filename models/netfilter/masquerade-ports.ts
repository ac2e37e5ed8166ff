/**
 * MASQUERADE's choice of a new flow's source port on a node, as Linux 4.4-5.16 makes it
 * (net/netfilter/nf_nat_core.c get_unique_tuple, nf_nat_proto_common.c
 * nf_nat_l4proto_unique_tuple, the kernel of Ubuntu Xenial that xing-2017 ran). The source address
 * becomes the node's; then, unless `--random-fully` (NF_NAT_RANGE_PROTO_RANDOM_FULLY) is set, the
 * original port is kept if the resulting tuple is not in use (nf_nat_used_tuple) and, with
 * `--to-ports` (NF_NAT_RANGE_PROTO_SPECIFIED), is in that range. Otherwise the range (the
 * `--to-ports` range, else 1024-65535 for an original port >= 1024) is searched port by port from
 * an offset: the protocol's `rover` (tcp_port_rover, a static shared by every CPU: the offset of
 * the last port the search gave), or with `--random-fully` a fresh prandom_u32() per packet. The
 * offset is a u16, as in the kernel. When every port is in use the search gives the last one
 * tried anyway, and the confirm fails: `exhausted`. What "in use" means is the caller's: a
 * confirmed entry (confirm-stage.ts), so two packets searching at once on two cores both find the
 * port the rover points at free. Florian Westphal's "netfilter: nat: remove l4 protocol port
 * rovers" (6ed5943f8735, Linux 5.17, backported to 4.9.300 and 4.14 in 2022) replaced the rover by
 * prandom_u32(); that kernel is not modelled. The `--random` flag (a hash-based offset,
 * NF_NAT_RANGE_PROTO_RANDOM) is not modelled either. Simplification: one destination, so a port
 * names the tuple; ports below 1024 are never original here.
 */
import type { RandomStream } from '../../sim/index.ts';

export interface MasqueradeConfig {
  /** `--random-fully`. */
  randomFully: boolean;
  /** `--to-ports first-last`; null: none given. */
  toPorts: { first: number; last: number } | null;
}

export interface PortChoice {
  port: number;
  /** Every port of the range was in use: the tuple is taken and the confirm will fail. */
  exhausted: boolean;
}

/** The range searched without `--to-ports` for an original port >= 1024. */
const unspecified = { first: 1024, last: 65535 };

export class MasqueradePorts {
  private rover = 0;

  constructor(private readonly config: MasqueradeConfig, private readonly random: RandomStream) {}

  /** The port for a flow whose original source port is `original`; `used(port)` says whether the
   *  tuple with that port is in use. */
  choose(original: number, used: (port: number) => boolean): PortChoice {
    const c = this.config;
    const range = c.toPorts ?? unspecified;
    if (!c.randomFully) {
      const inRange = original >= range.first && original <= range.last;
      if (inRange && (range.first === range.last || !used(original))) return { port: original, exhausted: false };
    }
    const size = range.last - range.first + 1;
    let off = c.randomFully ? this.random.integer(65536) : this.rover;
    for (let i = 1; ; i++, off = (off + 1) & 0xffff) {
      const port = range.first + (off % size);
      if (i !== size && used(port)) continue;
      if (!c.randomFully) this.rover = off;
      return { port, exhausted: i === size && used(port) };
    }
  }
}
