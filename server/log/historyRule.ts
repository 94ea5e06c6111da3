/**
 * Which versions a board's history keeps: the few newest whatever their age
 * (SNAPSHOTS_KEPT), and within the retention the first version of each day
 * (UTC). Nothing else. So the history holds at most a few more versions than
 * it has days, and however many versions someone posts in a row they only
 * replace that day's later ones: the days before stay as they were.
 *
 * One function for every store, applied as a snapshot is stored, with the
 * new version among `versions`: what it answers goes, parts and all, and the
 * board's stored bytes are weighed after it (quota.ts).
 */
import { SNAPSHOTS_KEPT } from '../common/policy.ts'
import { DAY_MS } from './types.ts'

export type Version = { seq: number; createdAt: number; bytes: number }

/** The versions the history no longer keeps; versions created before `keepSince` are past the retention. */
export function versionsLetGo(versions: readonly Version[], keepSince: number): Version[] {
  const dayOf = (version: Version) => Math.floor(version.createdAt / DAY_MS)
  const firstOfDay = new Map<number, number>()
  for (const version of versions) {
    const first = firstOfDay.get(dayOf(version))
    if (first === undefined || version.seq < first) firstOfDay.set(dayOf(version), version.seq)
  }
  const kept = (version: Version) => firstOfDay.get(dayOf(version)) === version.seq && version.createdAt >= keepSince
  return [...versions]
    .sort((a, b) => b.seq - a.seq)
    .slice(SNAPSHOTS_KEPT)
    .filter((version) => !kept(version))
}
