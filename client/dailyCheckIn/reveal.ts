/**
 * The reveal rule: when the board is set so (`Show a partner's check-in only
 * after I've checked in that day`, on by default), a partner's answers for a
 * day are held back from the other partner until that partner has checked in
 * that day themselves, so neither answer leans on the other. The facilitator
 * always sees every check-in; everyone always sees their own. A day already
 * over for the viewer opens to them: nobody can answer for a past day, so
 * nothing is left for the other's answer to lean on.
 *
 * A courtesy of the app, not cryptography: every device on the board holds
 * the key and receives every entry; this only decides what the screen shows.
 */
import type { Role } from '../../shared/schema.ts'
import type { DailyCheckIn } from '../core/dailyCheckIns.ts'

/** Who is looking: null before they have joined (they see nobody's). */
export type DailyViewer = { personId: string; role: Role } | null

export type RevealRule = {
  /** The board's setting. */
  revealAfterOwn: boolean
  /** The viewer's own local day now, YYYY-MM-DD. */
  today: string
  /** The days the viewer has checked in on. */
  ownDays: ReadonlySet<string>
}

/** The days a person has checked in on. */
export function daysCheckedIn(entries: readonly DailyCheckIn[], personId: string): Set<string> {
  return new Set(entries.filter((entry) => entry.personId === personId).map((entry) => entry.day))
}

/** Whether the viewer's screen shows this check-in's answers and line now. */
export function mayShowDailyCheckIn(entry: DailyCheckIn, viewer: DailyViewer, rule: RevealRule): boolean {
  if (viewer === null) return false
  if (entry.personId === viewer.personId || viewer.role === 'facilitator') return true
  if (!rule.revealAfterOwn || rule.ownDays.has(entry.day)) return true
  // Days compare as YYYY-MM-DD strings: a partner ahead in another zone may be on the viewer's tomorrow, held too.
  return entry.day < rule.today
}

/** The check-ins the viewer sees now, and those held back until they check in that day (shown only as "has checked in"). */
export function splitByReveal(
  entries: readonly DailyCheckIn[],
  viewer: DailyViewer,
  rule: RevealRule,
): { shown: DailyCheckIn[]; held: DailyCheckIn[] } {
  const shown: DailyCheckIn[] = []
  const held: DailyCheckIn[] = []
  for (const entry of entries) (mayShowDailyCheckIn(entry, viewer, rule) ? shown : held).push(entry)
  return { shown, held }
}
