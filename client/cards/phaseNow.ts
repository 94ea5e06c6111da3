import type { LaneId } from '../../shared/schema.ts'

/** In a guided talk, the phase the talk is in and the lane its words point to (handed in by the shell). */
export type PhaseNow = { title: string; lane: LaneId }
