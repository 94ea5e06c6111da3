/**
 * A socket's own budgets: frames of any kind, document bytes (updates and
 * snapshot parts) and presence bytes. Presence has a budget apart from the
 * document's, so a well-behaved client's presence never eats its document
 * budget, and a flood of presence slows only the socket that sends it.
 */
import type { RelayLimits } from '../common/policy.ts'
import { TokenBucket } from '../common/tokenBucket.ts'

type Budget = 'frames' | 'documentBytes' | 'presenceBytes'

export class SocketBudgets {
  readonly frames: TokenBucket
  readonly documentBytes: TokenBucket
  readonly presenceBytes: TokenBucket

  constructor(limits: RelayLimits, now?: () => number) {
    this.frames = new TokenBucket(limits.framesPerSecond, limits.frameBurst, now)
    this.documentBytes = new TokenBucket(limits.documentBytesPerSecond, limits.documentByteBurst, now)
    this.presenceBytes = new TokenBucket(limits.presenceBytesPerSecond, limits.presenceByteBurst, now)
  }

  /** Each budget empties down to what `other`'s holds: a socket replacing a closed one gets no fresh burst. */
  drainTo(other: SocketBudgets): void {
    for (const budget of BUDGETS) this[budget].drainTo(other[budget].level)
  }

  /** How long until every budget is full again. */
  msUntilFull(): number {
    return Math.max(...BUDGETS.map((budget) => this[budget].msUntilFull()))
  }
}

const BUDGETS: readonly Budget[] = ['frames', 'documentBytes', 'presenceBytes']
