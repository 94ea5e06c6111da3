/**
 * What a Your boards entry remembers of its board for the start page and a
 * facilitator's week: the next talk, this device's role there, each
 * partner's last daily check-in and how many recurring agreements are due —
 * all as this device last saw them on the board, sealed with the entry,
 * never sent anywhere. Entries written before these existed have none of
 * them and read as "not known"; a malformed one reads as absent.
 */
import type { Role } from '../../shared/schema.ts'
import { isDay } from '../core/dailyCheckIns.ts'
import { isTime } from '../core/docValues.ts'
import { readTalkSchedule, type TalkSchedule } from '../core/nextTalk.ts'

/** A partner's name on the board and the last day they checked in (their own local day), or null for none yet. */
export type PartnerCheckIn = { name: string; day: string | null }

export type WeekSeen = {
  nextTalk?: TalkSchedule | null
  role?: Role
  partnerCheckIns?: PartnerCheckIn[]
  dueCount?: number
  /** When this device last saw the board (its own clock, ms). */
  seenAt?: number
}

const MAX_NAME = 80
const MAX_PARTNERS = 8

function readPartnerCheckIn(value: unknown): PartnerCheckIn | null {
  if (typeof value !== 'object' || value === null) return null
  const { name, day } = value as Record<string, unknown>
  if (typeof name !== 'string' || name.length > MAX_NAME) return null
  return day === null || isDay(day) ? { name, day } : null
}

/** The week's fields of a stored entry, each checked; absent where missing or malformed. */
export function readWeekSeen(entry: Record<string, unknown>): WeekSeen {
  const { nextTalk, role, partnerCheckIns, dueCount, seenAt } = entry
  const partners = Array.isArray(partnerCheckIns) ? partnerCheckIns.slice(0, MAX_PARTNERS).map(readPartnerCheckIn) : null
  return {
    nextTalk: nextTalk === null ? null : (readTalkSchedule(nextTalk) ?? undefined),
    role: role === 'partner' || role === 'facilitator' ? role : undefined,
    partnerCheckIns: partners?.every((partner) => partner !== null) ? partners : undefined,
    dueCount: Number.isInteger(dueCount) && (dueCount as number) >= 0 ? (dueCount as number) : undefined,
    seenAt: isTime(seenAt) ? seenAt : undefined,
  }
}
