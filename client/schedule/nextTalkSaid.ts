/**
 * What the board says of the next talk, the same on the line and in the
 * sheet: when it is, in the viewer's language and zone; how often; who set
 * it (or cleared it); and, when the setter's zone is not the viewer's, the
 * time as set, so nobody wonders which 19:00 was meant.
 */
import type { Verdict } from '../core/claimCheck.ts'
import { nextTalkAt, type TalkSchedule } from '../core/nextTalk.ts'
import { describeNextTalk } from '../ui/nextTalkWords.ts'
import type { ClearedNextTalk } from './nextTalkSchedule.ts'

export type NextTalkSaid = {
  /** The start of the next talk (ms). */
  at: number
  /** "Next talk: Sunday 19:00, every week" */
  line: string
  /** "Sam set it." / "You set it."; who set it is named only when that verifies as theirs. */
  by: string
  /** "19:00 in Europe/Berlin, where it was set", or '' when that is the viewer's zone too. */
  asSet: string
}

export const UNDO_WORDS = 'Anyone on the board can change or clear it.'

/** The person's name as the board knows it; 'you' for this device's own person. */
export type NameOf = (personId: string) => string

export function sayNextTalk(schedule: TalkSchedule, now: number, nameOf: NameOf, verdict: Verdict): NextTalkSaid | null {
  const at = nextTalkAt(schedule, now)
  if (at === null) return null
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone
  const sameClock = viewerZone === schedule.timeZone || wallTime(at, viewerZone) === wallTime(at, schedule.timeZone)
  const setter = nameOf(schedule.byId)
  return {
    at,
    line: `Next talk: ${describeNextTalk(at, now)}${schedule.weekly ? ', every week' : ''}`,
    by: verdict.state === 'verified' ? `${capitalise(setter)} set it.` : notVerified(verdict, 'set'),
    asSet: sameClock ? '' : `${schedule.time} in ${schedule.timeZone.replaceAll('_', ' ')}, where it was set.`,
  }
}

export function sayCleared(cleared: ClearedNextTalk, nameOf: NameOf, verdict: Verdict): string {
  if (verdict.state === 'verified') return `${capitalise(nameOf(cleared.byId))} cleared the next talk.`
  return `The next talk was cleared. ${notVerified(verdict, 'cleared')}`.trim()
}

/** Who set (or cleared) it, when that is not verified as the person named: calmly, and what to do. */
function notVerified(verdict: Verdict, did: 'set' | 'cleared'): string {
  if (verdict.state === 'checking' || verdict.state === 'verified') return ''
  if (verdict.state === 'unsigned') return `It was ${did} before signing, so who ${did} it is not shown.`
  if (verdict.state === 'unconfirmed') return `It was ${did} from a device not confirmed yet. Check together to confirm it.`
  return `Who ${did} it could not be verified. Check together to see why.`
}

function wallTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at)
}

const capitalise = (name: string) => (name === 'you' ? 'You' : name)
