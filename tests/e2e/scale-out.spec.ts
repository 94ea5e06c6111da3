/**
 * Two server processes sharing boards (the log in PostgreSQL, the fan-out
 * over Redis), seen by the people using them: a device on each process sees
 * the other's cards, presence, pause and deletion; behind a balancer without
 * sticky sessions, losing a process loses nothing that was saved.
 */
import { test as base, type BrowserContext, type Page } from '@playwright/test'
import { startPostgres, type PostgresServer } from '../kit/services/postgres.ts'
import { startRedis, type RedisServer } from '../kit/services/redis.ts'
import { startTcpBalancer } from '../kit/services/balancer.ts'
import { atOrigin, servingProcesses, startTwoProcesses, type TwoProcesses } from '../kit/browser/twoProcesses.ts'
import { addCard, boardStatus, card, createBoardAndJoin, hereNow, joinAs, openMenu, openPeople } from '../kit/browser/pages.ts'
import { expect } from '../kit/browser/fixtures.ts'
import { firstClockBurstAnswered } from '../kit/browser/boardSocket.ts'

type Fixtures = {
  /** Two processes on a fresh database, closed after the test; their log lines are shown when it fails. */
  processes: TwoProcesses
  /** A device (its own browser context, so its own storage and identity) whose relative URLs go to `origin`. */
  openDevice: (origin: string) => Promise<Page>
}

let postgres: PostgresServer | undefined
let redis: RedisServer | undefined

const test = base.extend<Fixtures>({
  // Playwright reads a fixture's dependencies from its first parameter's pattern: an empty one means none.
  // eslint-disable-next-line no-empty-pattern
  processes: async ({}, use, testInfo) => {
    const processes = await startTwoProcesses({ databaseUrl: await postgres!.createDatabase(), redisUrl: redis!.url })
    await use(processes)
    await processes.close()
    if (testInfo.status !== testInfo.expectedStatus && processes.logLines.length > 0) {
      const log = processes.logLines.join('\n')
      await testInfo.attach('server log', { body: log, contentType: 'text/plain' })
      console.error(`server log of "${testInfo.title}":\n${log}`)
    }
  },
  openDevice: async ({ browser }, use) => {
    const contexts: BrowserContext[] = []
    await use(async (origin) => {
      const context = await browser.newContext({ baseURL: origin })
      contexts.push(context)
      return context.newPage()
    })
    for (const context of contexts) await context.close()
  },
})

// One PostgreSQL and one Redis for the file: its tests run in order in one worker.
test.describe.configure({ mode: 'default' })

test.beforeAll(async () => {
  test.setTimeout(60_000)
  ;[postgres, redis] = await Promise.all([startPostgres(), startRedis()])
})

test.afterAll(async () => {
  await Promise.all([postgres?.destroy(), redis?.destroy()])
})

/** Alex creates a board on `alexOrigin`; Blair opens the invite link at `blairOrigin` and joins. */
async function alexAndBlair(openDevice: Fixtures['openDevice'], alexOrigin: string, blairOrigin: string) {
  const alex = await openDevice(alexOrigin)
  const link = await createBoardAndJoin(alex, 'Alex')
  const blair = await openDevice(blairOrigin)
  const blairsClockEstimated = firstClockBurstAnswered(blair)
  await blair.goto(atOrigin(link, blairOrigin))
  await joinAs(blair, 'Blair')
  return { link, alex, blair, blairsClockEstimated }
}

/** The countdown's text (m:ss or h:mm:ss) in seconds. */
function seconds(countdown: string | null): number {
  expect(countdown).toMatch(/^\d+(:\d\d)+$/)
  return countdown!.split(':').reduce((total, part) => total * 60 + Number(part), 0)
}

test('a device on each process sees the other’s cards as they are placed, and sees the other here', async ({ processes, openDevice }) => {
  const { alex, blair } = await alexAndBlair(openDevice, processes.first.url, processes.second.url)

  await addCard(alex, 'Feelings', 'I felt unheard at dinner')
  await expect(card(blair, 'I felt unheard at dinner')).toContainText('Alex')
  await addCard(blair, 'Needs', 'A slower start to the evening')
  await expect(card(alex, 'A slower start to the evening')).toContainText('Blair')
  await addCard(alex, 'Agreements', 'We eat without phones')
  await expect(card(blair, 'We eat without phones')).toBeVisible()

  await openPeople(alex)
  await openPeople(blair)
  await expect(hereNow(alex).getByRole('listitem').filter({ hasText: 'Blair' })).toContainText('here now')
  await expect(hereNow(blair).getByRole('listitem').filter({ hasText: 'Alex' })).toContainText('here now')
  for (const screen of [alex, blair]) {
    await expect(screen.getByRole('button', { name: /^People here/ })).toHaveAccessibleName('People here: 2')
    await expect(boardStatus(screen)).toHaveText('Saved')
  }
})

test('a pause raised on one process shows on the other with the same time remaining', async ({ processes, openDevice }) => {
  const { alex, blair, blairsClockEstimated } = await alexAndBlair(openDevice, processes.first.url, processes.second.url)
  await blairsClockEstimated

  await alex.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(blair.getByRole('region', { name: 'Taking a pause' })).toBeVisible()
  await expect(blair.getByRole('timer')).toHaveText(/^(20:00|19:5\d)$/)
  // Read at three successive turns of Alex's countdown.
  for (let reading = 0; reading < 3; reading++) {
    const [onAlex, onBlair] = await Promise.all([alex.getByRole('timer').textContent(), blair.getByRole('timer').textContent()])
    expect(Math.abs(seconds(onAlex) - seconds(onBlair)), `Alex's ${onAlex} and Blair's ${onBlair}`).toBeLessThanOrEqual(1)
    await expect(alex.getByRole('timer')).not.toHaveText(onAlex!)
  }
})

test('deleting the board through one process closes it on a screen served by the other', async ({ processes, openDevice }) => {
  const { alex, blair } = await alexAndBlair(openDevice, processes.first.url, processes.second.url)
  await addCard(alex, 'Concerns', 'We never finish a talk')
  await expect(card(blair, 'We never finish a talk')).toBeVisible()

  await openMenu(alex)
  await alex.getByRole('button', { name: 'Delete this board' }).click()
  const sheet = alex.getByRole('dialog', { name: 'Delete this board' })
  await sheet.getByRole('button', { name: 'I want to delete it' }).click()
  await sheet.getByRole('button', { name: 'Delete for everyone' }).click()
  // The note naming Alex reaches the other process's screen too (through Redis, kept in PostgreSQL).
  for (const screen of [alex, blair]) {
    await expect(screen.getByRole('alert')).toContainText('Alex deleted this board')
    await expect(card(screen, 'We never finish a talk')).toHaveCount(0)
  }
})

test('behind a balancer without sticky sessions, closing one process moves its devices to the other and loses no saved card', async ({
  processes,
  openDevice,
}) => {
  const balancer = await startTcpBalancer([processes.first.port, processes.second.port])
  try {
    const alex = await openDevice(balancer.url)
    const alexServedBy = servingProcesses(alex)
    const link = await createBoardAndJoin(alex, 'Alex')
    const blair = await openDevice(balancer.url)
    const blairServedBy = servingProcesses(blair)
    await blair.goto(link)
    await joinAs(blair, 'Blair')
    await expect.poll(() => alexServedBy.length > 0 && blairServedBy.length > 0).toBe(true)
    // Round-robin decides where each lands; a device on each process is what this test is about.
    for (let attempt = 0; alexServedBy.at(-1) === blairServedBy.at(-1) && attempt < 8; attempt++) {
      const connections = blairServedBy.length
      await blair.reload()
      await expect.poll(() => blairServedBy.length).toBeGreaterThan(connections)
    }
    expect(alexServedBy.at(-1), 'Alex and Blair on different processes').not.toBe(blairServedBy.at(-1))

    const before = ['I felt rushed this morning', 'Ten quiet minutes after work']
    await addCard(alex, 'Feelings', before[0]!)
    await addCard(blair, 'Needs', before[1]!)
    for (const screen of [alex, blair]) {
      for (const text of before) await expect(card(screen, text)).toBeVisible()
      await expect(boardStatus(screen)).toHaveText('Saved')
    }

    const [alexConnections, blairConnections] = [alexServedBy.length, blairServedBy.length]
    await processes.first.close()
    // The device that was on process 1 reconnects through the balancer, and lands on process 2 with the other.
    await expect.poll(() => alexServedBy.length + blairServedBy.length).toBe(alexConnections + blairConnections + 1)
    expect(alexServedBy.at(-1)).toBe(blairServedBy.at(-1))
    for (const screen of [alex, blair]) await expect(boardStatus(screen)).toHaveText('Saved')

    await addCard(alex, 'Appreciations & wins', 'You made tea without asking')
    await expect(card(blair, 'You made tea without asking')).toContainText('Alex')
    await addCard(blair, 'Questions', 'Can we plan Sunday together?')
    await expect(card(alex, 'Can we plan Sunday together?')).toContainText('Blair')
    for (const screen of [alex, blair]) {
      for (const text of before) await expect(card(screen, text)).toBeVisible()
      await expect(boardStatus(screen)).toHaveText('Saved')
    }

    // A device new to the board gets everything from the shared log, through the one process left.
    const casey = await openDevice(balancer.url)
    await casey.goto(link)
    await joinAs(casey, 'Casey')
    for (const text of [...before, 'You made tea without asking', 'Can we plan Sunday together?']) {
      await expect(card(casey, text)).toBeVisible()
    }
    await expect(boardStatus(casey)).toHaveText('Saved')
  } finally {
    await balancer.close()
  }
})
