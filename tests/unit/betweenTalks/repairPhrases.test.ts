/**
 * Repair phrases: only the app's own phrases are read (no free text reaches
 * a screen by this path), each person's welcome phrases are theirs, and the
 * phrases the receiving partner welcomes are offered first.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { signClaim } from '../../../client/core/claims.ts'
import { REPAIR_PHRASES } from '../../../client/repair/repairPhrases.ts'
import {
  inPaletteOrder,
  offeredPhrases,
  readRepairs,
  readWelcomes,
  repairFields,
  repairsMap,
  sendRepair,
  setWelcome,
  welcomeFields,
  welcomeMap,
} from '../../../client/repair/repairs.ts'
import { mayaAndSamDevices } from '../../kit/memoryTrust.ts'

const T0 = 1_750_000_000_000

describe('the palette', () => {
  it('holds a few plain phrases, each under an id of its own', () => {
    expect(REPAIR_PHRASES.length).toBeGreaterThanOrEqual(6)
    expect(REPAIR_PHRASES.length).toBeLessThanOrEqual(10)
    expect(new Set(REPAIR_PHRASES.map((phrase) => phrase.id)).size).toBe(REPAIR_PHRASES.length)
    expect(REPAIR_PHRASES.map((phrase) => phrase.text)).toContain('Can we start over?')
  })
})

describe('phrases sent', () => {
  it('reads only known phrase ids, with who sent them and in which talk, oldest first', () => {
    const doc = new Y.Doc()
    expect(sendRepair(doc, { phraseId: 'start-over', byId: 'maya', talkId: 't1', at: T0 + 1 })).not.toBeNull()
    expect(sendRepair(doc, { phraseId: '<img src=x onerror=alert(1)>', byId: 'maya', talkId: 't1', at: T0 })).toBeNull()
    const map = repairsMap(doc)
    map.set('fromLater', { phraseId: 'a-phrase-from-a-later-version', byId: 'sam', talkId: 't1', at: T0 })
    map.set('freeText', { phraseId: 'sorry', text: 'words of my own', byId: 'sam', talkId: 't1', at: T0 })
    map.set('noTalk', { phraseId: 'sorry', byId: 'sam', at: T0 })
    map.set('bad key with spaces', { phraseId: 'sorry', byId: 'sam', talkId: 't1', at: T0 })
    const read = readRepairs(doc)
    expect(read.map((each) => [each.id, each.phrase.text, each.byId])).toEqual([
      ['freeText', 'I’m sorry', 'sam'],
      [read[1]!.id, 'Can we start over?', 'maya'],
    ])
    // What reaches the screen is the app's phrase object, never a field of the entry.
    expect(JSON.stringify(read)).not.toContain('words of my own')
  })
})

describe('who sent a phrase', () => {
  it("is the sender only when the phrase's claim verifies as theirs", async () => {
    const BOARD = 'board-repairs'
    const { doc, maya, sam, trust } = await mayaAndSamDevices(BOARD, T0, 'sam')
    const send = async (signer: typeof maya, id: string, phraseId: string) => {
      const repair = { id, phraseId, byId: 'maya', talkId: 't1', at: T0 }
      sendRepair(doc, repair, { id, claim: await signClaim(signer, BOARD, 'repair', repairFields(repair)) })
    }
    await send(maya, 'hers', 'start-over')
    await send(sam, 'forged', 'sorry') // Sam's device, under Maya's name
    const verdicts = await Promise.all(
      readRepairs(doc).map(async (repair) => [
        repair.id,
        (await trust.check('repair', repairFields({ ...repair, phraseId: repair.phrase.id }), repair.claim, repair.byId)).state,
      ]),
    )
    expect(Object.fromEntries(verdicts)).toEqual({ hers: 'verified', forged: 'not-verified' })
  })
})

describe('welcome phrases', () => {
  it("keeps each person's own, known ids only, in the palette's order", () => {
    const doc = new Y.Doc()
    setWelcome(doc, { personId: 'sam', welcome: inPaletteOrder(['sorry', 'start-over', 'made-up', 'start-over']), at: T0 }, null)
    welcomeMap(doc).set('maya', { welcome: ['flooded', 42, 'unknown'], at: T0 })
    welcomeMap(doc).set('robin', { welcome: 'flooded', at: T0 })
    const welcomes = readWelcomes(doc)
    expect(welcomes.get('sam')?.welcome).toEqual(['start-over', 'sorry'])
    expect(welcomes.get('maya')?.welcome).toEqual(['flooded'])
    expect(welcomes.has('robin')).toBe(false)
  })

  it('offers first what the receiving partner welcomes, the rest under More phrases', () => {
    const doc = new Y.Doc()
    setWelcome(doc, { personId: 'sam', welcome: inPaletteOrder(['start-over', 'need-a-moment']), at: T0 }, null)
    const offered = offeredPhrases(readWelcomes(doc), ['sam'])
    expect(offered.to).toEqual(['sam'])
    expect(offered.welcome.map((phrase) => phrase.text)).toEqual(['Can we start over?', 'I need a moment'])
    expect(offered.more).toHaveLength(REPAIR_PHRASES.length - 2)
    // Nobody marked any: all offered alike.
    const none = offeredPhrases(readWelcomes(new Y.Doc()), ['sam'])
    expect(none.welcome).toEqual([])
    expect(none.more).toHaveLength(REPAIR_PHRASES.length)
  })
})

describe('whose welcome list it is', () => {
  it("is that person's only when the list's claim verifies as theirs", async () => {
    const BOARD = 'board-welcome'
    const { doc, maya, trust } = await mayaAndSamDevices(BOARD, T0, 'sam')
    const welcome = async (signer: typeof maya, personId: string, ids: string[]) => {
      const entry = { personId, welcome: inPaletteOrder(ids), at: T0 }
      setWelcome(doc, entry, await signClaim(signer, BOARD, 'welcome', welcomeFields(entry)))
    }
    await welcome(maya, 'maya', ['start-over'])
    await welcome(maya, 'sam', ['sorry']) // Maya's device, under Sam's name
    const verdicts = await Promise.all(
      [...readWelcomes(doc).values()].map(async (entry) => [
        entry.personId,
        (await trust.check('welcome', welcomeFields(entry), entry.claim, entry.personId)).state,
      ]),
    )
    expect(Object.fromEntries(verdicts)).toEqual({ maya: 'verified', sam: 'not-verified' })
  })
})
