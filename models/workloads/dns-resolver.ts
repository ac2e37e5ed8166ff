/**
 * The resolver's settings a lookup follows (glibc's resolv.conf `options`, getaddrinfo()'s
 * address family) and the kernel's conntrack clash handling it meets, as one plain object, with
 * the message sizes and the models every way of asking (UDP, TCP, NodeLocal DNSCache) shares.
 * glibc (resolv/res_send.c send_dg): `timeout:5` (RES_TIMEOUT), `attempts:2` (RES_DFLRETRY); with
 * AF_UNSPEC getaddrinfo() asks for A and AAAA, sent together by sendmmsg() on one socket unless
 * `single-request` or `single-request-reopen` is set (send_dg computes single_request from
 * either), when the AAAA waits for the A's answer, on a new socket with -reopen; `use-vc` asks
 * over TCP (send_vc). Simplification: the per-thread switch glibc makes after a stall
 * (statp->options |= RES_SNGLKUP) lasts for that lookup only here.
 */
import type { Cluster, Pod, Segment } from '../datapath/cluster.ts';
import type { ConntrackTable } from '../netfilter/conntrack-table.ts';
import type { ConnectionPackets } from '../services/connection-packets.ts';
import type { ServiceCatalogue } from '../services/service-catalogue.ts';
import type { ServiceProxy } from '../services/proxier.ts';
import type { Simulation } from '../../sim/index.ts';
import type { ClashKernel } from '../netfilter/conntrack-confirm.ts';

export type ResolverMode = 'parallel' | 'single-request' | 'single-request-reopen' | 'use-vc';
export const resolverModes: ResolverMode[] = ['parallel', 'single-request', 'single-request-reopen', 'use-vc'];

/** The records a lookup asks for: A only (AF_INET), or A and AAAA (AF_UNSPEC, the default). */
export type DnsQueries = 'A' | 'A+AAAA';

export interface DnsOptions {
  queries: DnsQueries;
  resolver: ResolverMode;
  /** NodeLocal DNSCache's hit ratio; null: no NodeLocal DNSCache (queries go to kube-dns). */
  nodeLocalHitRatio: number | null;
  /** The client nodes' kernel, for its conntrack clash resolution (conntrack-confirm.ts). */
  kernel: ClashKernel;
}

/** A query or an answer for one record, bytes of UDP payload (header 12 + question ~30 + answer). */
export const queryBytes = 48;
export const answerBytes = 64;
export const dnsSegment = (bytes: number): Segment => ({ payloadBytes: bytes, messageBytes: bytes, first: true, last: true });

/** What the ways of asking share: the cluster's models, kube-dns (its Service index) and
 *  CoreDNS's answer time. */
export interface DnsPaths {
  sim: Simulation;
  cluster: Cluster;
  catalogue: ServiceCatalogue;
  proxy: ServiceProxy;
  conntrack: (node: number) => ConntrackTable;
  packets: ConnectionPackets;
  /** kube-dns's Service index. */
  service: number;
  serviceNs: number;
}

/** The asking client, as the ways of asking see it. */
export interface DnsAsker {
  node: number;
  pod: Pod;
  addr: number;
}

/** glibc's `options timeout:5`: the wait for answers after a try's send, ns. */
export const resolverTimeoutNs = 5e9;
/** glibc's `options attempts:2`: tries without any answer before the lookup fails. */
export const resolverAttempts = 2;
