/** What the relay shares with each of its sockets (relay.ts builds it once), and what it sees of them. */
import type { RelayLimits } from '../common/policy.ts'
import type { ReaderBudget } from '../common/readerBudget.ts'
import type { Fanout } from '../fanout/types.ts'
import type { BoardLog } from '../log/types.ts'
import type { Admission } from './admission.ts'
import type { AppendBatcher } from './appendBatcher.ts'
import type { StagingBudget } from './snapshotUpload.ts'

export type RelayContext = {
  log: BoardLog
  fanout: Fanout
  batcher: AppendBatcher
  limits: RelayLimits
  admission: Admission
  staging: StagingBudget
  /** What each address's replays may hold in memory, shared with its history downloads. */
  readers: ReaderBudget
  logLine(line: string): void
  /** The board's clock (server time in ms); injectable so tests can move time. */
  now(): number
  nextPeerId(): number
  /** The socket closed: the relay forgets it. */
  forget(socket: RelayedSocket): void
  /** True once a graceful restart has begun: nothing new is taken, what was taken is committed. */
  isClosing(): boolean
}

/** One socket as the relay and its checks see it (connection.ts). */
export interface RelayedSocket {
  readonly boardId: string | null
  /** True once its first replay is sent, until it closes. */
  readonly isOpen: boolean
  /** Fetches from the log what this socket lacks up to `headSeq` (the board's head is ahead of it). */
  catchUpTo(headSeq: number): void
  /** Sends the server's clock frame, which also keeps a quiet socket from timing out. */
  tellTime(frame: Uint8Array): void
  close(code: number, reason: string): void
}
