import { Limits } from '../../shared/protocol.ts'

/**
 * The limits the relay enforces. Defaults are shared/protocol.ts' Limits;
 * tests shorten some. Frame sizes are enforced by the shared decoder and
 * always use the shared values.
 */
export type RelayLimits = { [K in keyof typeof Limits]: number }

export function resolveLimits(overrides: Partial<RelayLimits> = {}): RelayLimits {
  return { ...Limits, ...overrides }
}

/** Frames an unauthenticated socket may queue behind its hello while the hello is checked. */
export const MAX_FRAMES_BEFORE_AUTHENTICATION = 16
