/**
 * The client's own policy: when a device posts a snapshot. The server does
 * not know these numbers; it only refuses appends once the tail is far past
 * them (server/common/policy.ts, maxTailUpdates and maxTailBytes). The
 * limits both sides must agree on are the wire's, in shared/protocol.ts.
 */
export const ClientLimits = {
  /** A snapshot is due once the log's tail passes either of these. */
  snapshotAfterUpdates: 1000,
  snapshotAfterBytes: 256 * 1024,
} as const
