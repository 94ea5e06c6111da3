/**
 * Who agreed, provably (issue 23): on two phones, a yes, a `Kept` and an
 * `I'm ready` written by a link holder in Blair's name — under her device's
 * id, with a signature that is not hers — are shown calmly as not verified
 * on both screens, make nothing Agreed, count for nothing and resume
 * nothing; what Blair says on her own phone does.
 */
import type { Page } from '@playwright/test'
import * as Y from 'yjs'
import { seriousViolations } from '../kit/browser/axe.ts'
import { addCard, card, createBoardAndJoin, joinAs, openMenu, showLane } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'
import { writeAsLinkHolder } from '../kit/linkHolder.ts'
import { cardsMap } from '../../client/core/cardView.ts'
import { devicesMap } from '../../client/core/devices.ts'
import { readPeople } from '../../client/core/people.ts'
import { openTalk } from '../../client/core/talks.ts'
import { pauseMap } from '../../client/pause/pause.ts'
import { CardField, PauseField } from '../../shared/schema.ts'

const PHONE_390 = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, bypassCSP: true }
const MINUTE = 60_000
const PROMISE = 'Phones away at dinner'

async function twoPhones(openDevice: (options?: object) => Promise<Page>) {
  const alex = await openDevice(PHONE_390)
  const link = await createBoardAndJoin(alex, 'Alex')
  const blair = await openDevice(PHONE_390)
  await blair.goto(link)
  await joinAs(blair, 'Blair')
  return { link, alex, blair }
}

/** Blair's id and her device's, as the link holder reads them off the board. */
function blairOn(doc: Y.Doc): { personId: string; deviceId: string } | null {
  const personId = readPeople(doc).find((person) => person.name === 'Blair')?.id
  if (personId === undefined) return null
  for (const [deviceId, record] of devicesMap(doc)) {
    if ((record as { personId?: unknown }).personId === personId) return { personId, deviceId }
  }
  return null
}

function agreementOn(doc: Y.Doc): [string, Y.Map<unknown>] | undefined {
  return [...cardsMap(doc).entries()].find(([, fields]) => fields.get(CardField.text)?.toString() === PROMISE)
}

test('a yes and a Kept written in Blair’s name by a link holder are not verified: not Agreed, not counted; her own are', async ({
  openDevice,
  server,
}) => {
  test.slow()
  const { link, alex, blair } = await twoPhones(openDevice)
  await addCard(alex, 'Agreements', PROMISE)
  await showLane(blair, 'Agreements')
  for (const screen of [alex, blair]) await expect(card(screen, PROMISE)).toContainText('Proposal')

  await writeAsLinkHolder(
    server.url,
    link,
    (doc) => {
      const blairs = blairOn(doc)!
      const [, fields] = agreementOn(doc)!
      const revisionId = fields.get(CardField.revisionId) as string
      doc.transact(() => {
        ;(fields.get(CardField.acceptedBy) as Y.Map<string>).set(blairs.personId, revisionId)
        // Her device's id; a signature that is not hers (any 64 bytes, as a script would put there).
        ;(fields.get(CardField.acceptances) as Y.Map<unknown>).set(blairs.personId, {
          deviceId: blairs.deviceId,
          signature: Buffer.alloc(64, 7).toString('base64url'),
        })
      })
    },
    (doc) => blairOn(doc) !== null && agreementOn(doc) !== undefined,
  )

  await expect(card(alex, PROMISE)).toContainText('Blair’s agreement could not be verified. Check together to see why.')
  await expect(card(blair, PROMISE)).toContainText('Your agreement could not be verified. Check together to see why.')
  for (const screen of [alex, blair]) {
    await expect(card(screen, PROMISE)).toContainText('Proposal')
    await expect(card(screen, PROMISE)).not.toContainText('Agreed')
    // No check-in on something not agreed.
    await expect(card(screen, PROMISE).getByRole('group', { name: 'Check-in on this agreement' })).toHaveCount(0)
  }
  expect(await seriousViolations(alex, 'main')).toEqual([])

  // Blair says yes herself, on her own phone: it is hers, and the agreement is Agreed on both.
  await card(blair, PROMISE).getByRole('button', { name: 'Accept' }).click()
  for (const screen of [alex, blair]) {
    await expect(card(screen, PROMISE)).toContainText('Agreed')
    await expect(card(screen, PROMISE)).not.toContainText('could not be verified')
  }

  // A Kept in Blair's name, with her device's id under a signature that is not hers, is not counted.
  await writeAsLinkHolder(
    server.url,
    link,
    (doc) => {
      const blairs = blairOn(doc)!
      const [cardId] = agreementOn(doc)!
      const talkId = openTalk(doc)!.id
      doc.getMap('checkIns').set(`${talkId}:${cardId}:${blairs.personId}`, {
        talkId,
        cardId,
        personId: blairs.personId,
        mark: 'kept',
        note: '',
        at: Date.now(),
        claim: { deviceId: blairs.deviceId, signature: Buffer.alloc(64, 9).toString('base64url') },
      })
    },
    (doc) => blairOn(doc) !== null && agreementOn(doc) !== undefined && openTalk(doc) !== null,
  )
  await expect(card(alex, PROMISE)).toContainText('Blair’s check-in could not be verified')
  await openMenu(alex)
  await alex.getByRole('button', { name: 'Trust account' }).click()
  const sheet = alex.getByRole('dialog', { name: 'Trust account' })
  await expect(sheet.getByRole('region', { name: 'Not counted' })).toContainText(
    `${PROMISE}: Blair’s check-in could not be verified. Check together to see why.`,
  )
  await expect(sheet).toContainText('No check-ins yet')
  expect(await seriousViolations(alex, 'dialog')).toEqual([])
  await sheet.getByRole('button', { name: 'Close' }).click()

  // Her own Kept, on her phone, counts.
  await card(blair, PROMISE).getByRole('group', { name: 'Check-in on this agreement' }).getByRole('button', { name: 'Kept' }).click()
  await expect(card(alex, PROMISE)).toContainText('Blair: kept')
  await openMenu(alex)
  await alex.getByRole('button', { name: 'Trust account' }).click()
  await expect(sheet.getByText('1 agreement kept.', { exact: true })).toBeVisible()
  await expect(sheet.getByRole('region', { name: 'Not counted' })).toHaveCount(0)
})

test('an I’m ready written in Blair’s name by a link holder resumes nothing; her own does', async ({ openDevice, server }) => {
  test.slow()
  const { link, alex, blair } = await twoPhones(openDevice)
  await alex.getByRole('button', { name: 'Pause', exact: true }).click()
  for (const screen of [alex, blair]) await expect(screen.getByRole('timer')).toBeVisible()
  server.advanceClock(20 * MINUTE + 1000)
  for (const screen of [alex, blair]) await expect(screen.getByRole('button', { name: "I'm ready" })).toBeVisible()
  await alex.getByRole('button', { name: "I'm ready" }).click()
  await expect(blair.getByRole('region', { name: 'Taking a pause' })).toContainText('Alex is ready')

  await writeAsLinkHolder(
    server.url,
    link,
    (doc) => {
      const blairs = blairOn(doc)!
      const fields = pauseMap(doc).get('current') as Y.Map<unknown>
      const endsAt = (fields.get(PauseField.startedAt) as number) + (fields.get(PauseField.durationMs) as number)
      doc.transact(() => {
        ;(fields.get(PauseField.ready) as Y.Map<number>).set(blairs.personId, endsAt)
        ;(fields.get(PauseField.readyClaims) as Y.Map<unknown>).set(blairs.personId, {
          deviceId: blairs.deviceId,
          signature: Buffer.alloc(64, 3).toString('base64url'),
        })
        // As the last ready device writes it: the talk resumed.
        fields.set(PauseField.resumedAt, Date.now())
      })
    },
    (doc) => {
      const fields = pauseMap(doc).get('current')
      return blairOn(doc) !== null && fields instanceof Y.Map && (fields.get(PauseField.ready) as Y.Map<number>).size > 0
    },
  )

  await expect(alex.getByRole('region', { name: 'Taking a pause' })).toContainText(
    'Blair’s “I’m ready” could not be verified. Check together to see why.',
  )
  await expect(blair.getByRole('region', { name: 'Taking a pause' })).toContainText('Your “I’m ready” could not be verified.')
  for (const screen of [alex, blair]) {
    await expect(screen.getByRole('region', { name: 'Taking a pause' })).toContainText('Waiting for')
    await expect(screen.getByRole('timer')).toBeVisible()
  }
  await expect(blair.getByRole('button', { name: "I'm ready" })).toBeVisible()
  expect(await seriousViolations(alex, 'main')).toEqual([])

  await blair.getByRole('button', { name: "I'm ready" }).click()
  for (const screen of [alex, blair]) await expect(screen.getByRole('timer')).toHaveCount(0)
})
