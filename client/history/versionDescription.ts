/**
 * What tells one version of the board from another: which talk it was kept
 * in, what changed in the cards since the version before (counted by lane),
 * whose writes those changes hold, and whether someone restored the board
 * (or undid a restore) in between. Everything is read through the doc's
 * validating readers, so a hostile value in a version counts as nothing.
 */
import type * as Y from 'yjs'
import { LANES, type LaneId } from '../../shared/schema.ts'
import { cardsMap, readCard, type CardView } from '../core/cardView.ts'
import { readTalks } from '../core/talks.ts'
import { joinNames } from '../ui/names.ts'
import { latestRestore } from './restoreRecord.ts'

export type LaneChange = { lane: LaneId; added: number; removed: number; edited: number }

export type VersionDescription = {
  /** The talk the version was kept in (the latest it holds), numbered from 1; null before the first talk. */
  talk: { number: number; ended: boolean } | null
  /** True for the oldest version kept: `changes` then counts its cards as added. */
  first: boolean
  /** Lanes whose cards changed since the version before, in the board's order. */
  changes: LaneChange[]
  /** The people whose writes the changes hold, in the order first met. */
  byIds: string[]
  /** A restore or undo the version holds that the version before did not. */
  restore: { kind: 'restore' | 'undo'; byId: string; versionAt: number } | null
}

function readCards(doc: Y.Doc): Map<string, CardView> {
  const cards = new Map<string, CardView>()
  for (const [id, fields] of cardsMap(doc)) {
    const card = readCard(id, fields)
    if (card !== null) cards.set(id, card)
  }
  return cards
}

/** Who wrote what differs between two readings of one card: the text's writer, new listeners, answers and acceptances. */
function writersOfChange(now: CardView, was: CardView): string[] {
  const writers: string[] = []
  if (now.text !== was.text || now.intensity !== was.intensity || now.words.join() !== was.words.join()) {
    writers.push(now.agreement?.currentById ?? now.authorId)
  }
  const reflectionsBefore = new Map(was.reflections.map((reflection) => [reflection.id, reflection]))
  for (const reflection of now.reflections) {
    const before = reflectionsBefore.get(reflection.id)
    if (before === undefined || before.text !== reflection.text) writers.push(reflection.byId)
    if (reflection.answer !== null && reflection.answer !== before?.answer) writers.push(now.authorId)
  }
  const acceptedBefore = new Set(was.agreement?.acceptedBy)
  for (const personId of now.agreement?.acceptedBy ?? []) if (!acceptedBefore.has(personId)) writers.push(personId)
  return writers
}

/** `version` compared with the one kept before it (`previous`; null for the oldest kept). */
export function describeVersion(version: Y.Doc, previous: Y.Doc | null): VersionDescription {
  const now = readCards(version)
  const was = previous === null ? new Map<string, CardView>() : readCards(previous)
  const changes = new Map<LaneId, LaneChange>(LANES.map(({ id }) => [id, { lane: id, added: 0, removed: 0, edited: 0 }]))
  const writers: string[] = []
  for (const [id, card] of now) {
    const before = was.get(id)
    if (before === undefined) {
      changes.get(card.lane)!.added++
      writers.push(card.authorId)
    } else if (JSON.stringify(card) !== JSON.stringify(before)) {
      changes.get(card.lane)!.edited++
      writers.push(...writersOfChange(card, before))
    }
  }
  for (const [id, card] of was) if (!now.has(id)) changes.get(card.lane)!.removed++

  const restore = latestRestore(version)
  const restoreBefore = previous === null ? null : latestRestore(previous)
  const newRestore = restore !== null && restore.id !== restoreBefore?.id ? restore : null
  if (newRestore !== null) writers.unshift(newRestore.byId)

  const talks = readTalks(version)
  const latestTalk = talks.at(-1)
  return {
    talk: latestTalk === undefined ? null : { number: talks.length, ended: latestTalk.endedAt !== undefined },
    first: previous === null,
    changes: [...changes.values()].filter((change) => change.added + change.removed + change.edited > 0),
    byIds: [...new Set(writers)],
    restore: newRestore === null ? null : { kind: newRestore.kind, byId: newRestore.byId, versionAt: newRestore.versionAt },
  }
}

/** "feeling", "need", … for a lane's count. */
const CARD_NOUN: Record<LaneId, string> = {
  feelings: 'feeling',
  needs: 'need',
  agreements: 'agreement',
  questions: 'question',
  appreciations: 'appreciation',
  concerns: 'concern',
}

function count(n: number, lane: LaneId): string {
  return `${n} ${CARD_NOUN[lane]}${n === 1 ? '' : 's'}`
}

/**
 * One line for a version in Board history, e.g. "Talk 2 · +2 feelings, 1
 * agreement edited · by Maya and Jordan". `nameOf` turns a person id into a
 * name (already made safe to show); `time` formats a server time.
 */
export function summariseVersion(
  description: VersionDescription,
  nameOf: (personId: string) => string,
  time: (at: number) => string,
): string {
  const parts: string[] = []
  const { talk } = description
  parts.push(talk === null ? 'Before the first talk' : talk.ended ? `After talk ${talk.number}` : `Talk ${talk.number}`)
  if (description.restore !== null) {
    const { kind, byId, versionAt } = description.restore
    const who = capitalise(nameOf(byId))
    parts.push(kind === 'restore' ? `${who} restored the version from ${time(versionAt)}` : `${who} undid a restore`)
  }
  if (description.first) {
    const cards = description.changes.map((change) => count(change.added, change.lane))
    parts.push(cards.length === 0 ? 'The first version kept, no cards yet' : `The first version kept: ${cards.join(', ')}`)
  } else if (description.changes.length === 0) {
    parts.push('No change to the cards')
  } else {
    const changed = description.changes.flatMap(({ lane, added, removed, edited }) => [
      ...(added > 0 ? [`+${count(added, lane)}`] : []),
      ...(edited > 0 ? [`${count(edited, lane)} edited`] : []),
      ...(removed > 0 ? [`${count(removed, lane)} removed`] : []),
    ])
    parts.push(changed.join(', '))
  }
  if (description.byIds.length > 0) parts.push(`by ${joinNames(description.byIds.map(nameOf))}`)
  return parts.join(' · ')
}

/** "you" at the start of a clause; a name stays as its person typed it. */
function capitalise(name: string): string {
  return name === 'you' ? 'You' : name
}
