import type { Page } from '@playwright/test'
import { seriousViolations } from '../kit/browser/axe.ts'
import { expect, test, type TestServer } from '../kit/browser/fixtures.ts'
import { createBoardAndJoin, joinAs, openMenu, openPeople, sharedFrom } from '../kit/browser/pages.ts'
import { boardFromLink } from '../kit/boards.ts'
import { writeAsLinkHolder } from '../kit/linkHolder.ts'
import { syncClient } from '../kit/syncClient.ts'
import { within } from '../kit/waits.ts'
import { toBase64Url } from '../../shared/crypto.ts'
import { claimBytes, generateSigningKeyPair } from '../../shared/signing.ts'
import { readDevices } from '../../client/core/devices.ts'
import { readPeople } from '../../client/core/people.ts'

const PHONE_390 = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, bypassCSP: true } as const
const CODE = /^\d{5} \d{5} \d{5} \d{5} \d{5}$/

/** The link this page's share sheet gives (it carries this device's key fingerprint); the sheet is showing unasked while alone. */
async function sharedLink(page: Page): Promise<string> {
  const field = page.getByRole('region', { name: 'Invite your partner' }).getByRole('textbox', { name: 'Invite link' })
  await expect(field).toHaveValue(sharedFrom(page.url()))
  return field.inputValue()
}

async function openCheckTogether(page: Page) {
  await openMenu(page)
  await page.getByRole('button', { name: 'Check together' }).click()
  const sheet = page.getByRole('dialog', { name: 'Check together' })
  await expect(sheet).toBeVisible()
  return sheet
}

async function codeOn(page: Page): Promise<string> {
  const code = page.getByRole('dialog', { name: 'Check together' }).getByRole('group', { name: 'Our code' })
  await expect(code).toHaveText(CODE)
  return (await code.innerText()).trim()
}

/**
 * A link holder puts a new key on the board for `name`'s device: the record
 * self-signed by a key they hold, so only the pin can tell it apart.
 */
async function replaceKeyOf(server: TestServer, link: string, name: string): Promise<void> {
  const board = await boardFromLink(link)
  const reader = syncClient(server, board)
  const find = () => {
    const person = readPeople(reader.doc).find((each) => each.name === name)
    const device = readDevices(reader.doc).find((each) => each.personId === person?.id)
    return person && device ? { person, device } : undefined
  }
  // The replay arrives after the socket opens: wait for the doc to hold the device, update by update.
  const found = await within(
    new Promise<ReturnType<typeof find>>((resolve) => {
      const look = () => {
        const seen = find()
        if (seen === undefined) return
        reader.doc.off('update', look)
        resolve(seen)
      }
      reader.doc.on('update', look)
      look()
    }),
    10_000,
    `${name}'s device on the board`,
  )
  reader.destroy()
  const { person, device } = found ?? {}
  if (person === undefined || device === undefined) throw new Error(`${name} has no device on the board`)
  const pair = await generateSigningKeyPair()
  const publicKey = toBase64Url(pair.publicKey)
  const signed = claimBytes(board.boardId, 'device', [device.deviceId, person.id, pair.alg, publicKey])
  const params = pair.alg === 'Ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', hash: 'SHA-256' }
  const signature = toBase64Url(new Uint8Array(await crypto.subtle.sign(params, pair.privateKey, new Uint8Array(signed))))
  await writeAsLinkHolder(server.url, link, (doc) => {
    doc.getMap('devices').set(device.deviceId, {
      deviceId: device.deviceId,
      personId: person.id,
      alg: pair.alg,
      publicKey,
      addedAt: device.addedAt,
      signature,
    })
  })
}

test('two phones that joined by link see the same code in Our code; a key a link holder replaces is named on the other phone, and put back by its own device', async ({
  openDevice,
  server,
}) => {
  const alex = await openDevice(PHONE_390)
  const link = await createBoardAndJoin(alex, 'Alex')
  const invite = await sharedLink(alex)
  const blair = await openDevice(PHONE_390)
  await blair.goto(invite)
  await joinAs(blair, 'Blair')

  for (const page of [alex, blair]) await openCheckTogether(page)
  // Both devices are covered on both screens before the codes are compared.
  await expect(alex.getByRole('dialog', { name: 'Check together' })).toContainText('Blair: 1 device')
  await expect(blair.getByRole('dialog', { name: 'Check together' })).toContainText('Alex: 1 device')
  const code = await codeOn(alex)
  await expect(blair.getByRole('group', { name: 'Our code' })).toHaveText(code)
  await expect(alex.getByRole('dialog', { name: 'Check together' })).toContainText('read this code to each other')
  expect(await seriousViolations(alex, 'dialog[open]')).toEqual([])
  await alex.getByRole('button', { name: 'They match' }).click()
  await expect(alex.getByRole('dialog', { name: 'Check together' })).toContainText('Confirmed on this device')
  await blair.getByRole('button', { name: "They don't match" }).click()
  await expect(blair.getByRole('dialog', { name: 'Check together' })).toContainText('Nothing was changed')
  for (const page of [alex, blair]) await page.getByRole('button', { name: 'Close' }).click()

  // Blair's phone is put away; a link holder puts a key of their own on the board for Blair's device.
  const blairsPhone = blair.context()
  await blair.close()
  await replaceKeyOf(server, link, 'Blair')
  const notice = alex.getByRole('region', { name: "Blair's key changed" })
  await expect(notice).toHaveText(
    "Blair's key on this board changed. Until you check together, what it signs is not shown as Blair's. Check together",
    { useInnerText: true },
  )
  expect(await seriousViolations(alex, 'main')).toEqual([])
  // The code is not the one compared: the key it covers for Blair's device is not the one Blair's phone holds.
  await notice.getByRole('button', { name: 'Check together' }).click()
  await expect.poll(() => codeOn(alex)).not.toBe(code)
  await alex.getByRole('button', { name: 'Close' }).click()

  // Blair's phone comes back, says its key was replaced, and puts it back: the notice goes, the code is the compared one again.
  const blairAgain = await blairsPhone.newPage()
  await blairAgain.goto(invite)
  const putBack = blairAgain.getByRole('region', { name: "This device's key was put back" })
  await expect(putBack).toContainText("Someone replaced this device's key on this board")
  expect(await seriousViolations(blairAgain, 'main')).toEqual([])
  await expect(notice).toHaveCount(0)
  await openCheckTogether(alex)
  await expect.poll(() => codeOn(alex)).toBe(code)
})

test('a second device that continues as Alex is not confirmed until one of Alex’s confirmed devices says it is theirs', async ({
  openDevice,
}) => {
  const alex = await openDevice(PHONE_390)
  await createBoardAndJoin(alex, 'Alex')
  const invite = await sharedLink(alex)
  const blair = await openDevice(PHONE_390)
  await blair.goto(invite)
  await joinAs(blair, 'Blair')

  const alexsTablet = await openDevice(PHONE_390)
  await alexsTablet.goto(invite)
  await alexsTablet.getByRole('button', { name: 'Continue as Alex' }).click()
  await expect(alexsTablet.getByRole('button', { name: 'Invite' })).toBeVisible()

  await openPeople(blair)
  const people = blair.getByRole('region', { name: 'On this board' })
  await expect(people).toContainText('Alex — new device, not confirmed yet')

  const prompt = alex.getByRole('region', { name: 'A new device joined as you' })
  await expect(prompt).toContainText('A new device joined as you. Was it you?')
  expect(await seriousViolations(alex, 'main')).toEqual([])
  await prompt.getByRole('button', { name: "Yes, it's mine" }).click()
  await expect(prompt).toHaveCount(0)
  await expect(people).not.toContainText('not confirmed yet')
  await expect(people).toContainText('Alex')
})

test('a new device its person says is not theirs stays not confirmed, and the prompt says what to do', async ({ openDevice }) => {
  const alex = await openDevice(PHONE_390)
  await createBoardAndJoin(alex, 'Alex')
  const invite = await sharedLink(alex)
  const someoneElse = await openDevice(PHONE_390)
  await someoneElse.goto(invite)
  await someoneElse.getByRole('button', { name: 'Continue as Alex' }).click()
  await expect(someoneElse.getByRole('button', { name: 'Invite' })).toBeVisible()

  const prompt = alex.getByRole('region', { name: 'A new device joined as you' })
  await prompt.getByRole('button', { name: 'No' }).click()
  await expect(prompt).toContainText('The new device stays not confirmed')
  await expect(prompt.getByRole('button', { name: 'Check together' })).toBeVisible()
  await openPeople(alex)
  await expect(alex.getByRole('region', { name: 'On this board' })).toContainText('Alex — new device, not confirmed yet')
})
