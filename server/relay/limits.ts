import { Limits } from '../../shared/protocol.ts'

/**
 * The limits the relay enforces. Defaults are shared/protocol.ts' Limits;
 * operators may change the per-address and per-board ones (server/config.ts)
 * and tests shorten timeouts and caps. Frame sizes are enforced by the
 * shared decoder and always use the shared values, which clients obey too.
 */
export type RelayLimits = { -readonly [K in keyof typeof Limits]: number }

export function resolveLimits(overrides: Partial<RelayLimits> = {}): RelayLimits {
  return { ...Limits, ...overrides }
}
