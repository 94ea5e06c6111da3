import { Limits } from '../../shared/protocol.ts'

/**
 * Server policy the wire does not carry: a client never needs to know these
 * to behave well, so they live here rather than in shared/protocol.ts.
 */
export const RelayPolicy = {
  /**
   * Per socket, bytes of presence frames (awareness) per second and the burst
   * it may save up; past it the socket is read more slowly. Real presence is a
   * few hundred bytes a few times a second (who is here, who is typing where),
   * so this is tens of times what a person makes, and far less than a partner's
   * device is ever asked to read: a flood slows only its sender.
   */
  presenceBytesPerSecond: 16 * 1024,
  presenceByteBurst: 64 * 1024,
} as const

/**
 * The limits the relay enforces. Defaults are shared/protocol.ts' Limits and
 * the policy above; operators may change the per-address and per-board ones
 * (server/config.ts) and tests shorten timeouts and caps. Frame sizes are
 * enforced by the shared decoder and always use the shared values, which
 * clients obey too.
 */
export type RelayLimits = { -readonly [K in keyof typeof Limits | keyof typeof RelayPolicy]: number }

export function resolveLimits(overrides: Partial<RelayLimits> = {}): RelayLimits {
  return { ...Limits, ...RelayPolicy, ...overrides }
}
