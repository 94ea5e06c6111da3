/**
 * What this device sees of the board now, for its Your boards entry (the
 * start page's "Next talk" and a facilitator's week): the next talk, this
 * person's role, each partner's last daily check-in that verifies as
 * theirs, and how many recurring agreements are due at the next talk. Read
 * here, in the shell, because it gathers three features' parts.
 */
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import type { BoardState } from '../core/boardState.svelte.ts'
import { lastDailyCheckIn, type DailyCheckIn } from '../core/dailyCheckIns.ts'
import { countedDailyCheckIns, dailyCheckInVerdict } from '../dailyCheckIn/dailyCheckIn.ts'
import { nextTalkAt, type TalkSchedule } from '../core/nextTalk.ts'
import type { CheckIn } from '../../shared/schema.ts'
import type { WeekSeen } from '../yourBoards/weekSeen.ts'
import { dueAtNextTalk } from './dueAtNextTalk.ts'

export type WeekSources = {
  board: Pick<BoardState, 'cardsIn' | 'onBoard' | 'people'>
  trust: Pick<BoardTrust, 'verdict'>
  myId: string | null
  schedule: TalkSchedule | null
  dailyCheckIns: readonly DailyCheckIn[]
  marks: readonly CheckIn[]
  now: number
}

/** The entry's week fields, without `seenAt` (stamped when written). */
export function weekSeenHere({ board, trust, myId, schedule, dailyCheckIns, marks, now }: WeekSources): Omit<WeekSeen, 'seenAt'> {
  const partners = [...board.onBoard.values()].filter((person) => person.role === 'partner')
  // The same check-ins How we've been draws: each verified as its person's (only partners' are looked up below).
  const verified = countedDailyCheckIns(
    dailyCheckIns,
    (entry) => dailyCheckInVerdict(entry, (...claim) => trust.verdict(...claim)),
    () => true,
  )
  const at = schedule ? nextTalkAt(schedule, now) : null
  return {
    nextTalk: schedule,
    role: myId === null ? undefined : board.people.get(myId)?.role,
    partnerCheckIns: partners.map((person) => ({ name: person.name, day: lastDailyCheckIn(verified, person.id)?.day ?? null })),
    dueCount: at === null ? 0 : dueAtNextTalk(board, marks, trust, at).length,
  }
}
