import { addCard, alexAndBlairOnAPhone, openMenu } from '../kit/browser/pages.ts'
import { expect, test } from '../kit/browser/fixtures.ts'

test('every request the app makes goes to its own origin, and every response carries the security headers', async ({
  page,
  openDevice,
  server,
}) => {
  const requests: string[] = []
  const responses: { url: string; csp: string | undefined; referrer: string | undefined; nosniff: string | undefined }[] = []
  const watch = (screen: typeof page) => {
    screen.on('request', (request) => requests.push(request.url()))
    screen.on('response', (response) =>
      responses.push({
        url: response.url(),
        csp: response.headers()['content-security-policy'],
        referrer: response.headers()['referrer-policy'],
        nosniff: response.headers()['x-content-type-options'],
      }),
    )
  }
  watch(page)
  const { alex, blair } = await alexAndBlairOnAPhone(page, openDevice)
  watch(blair)
  // A walk through what the app does: cards, the share sheet with its QR code, private notes, the history, a pause.
  await addCard(alex, 'Feelings', 'Nervous, and glad we are doing this')
  await alex.getByRole('button', { name: 'Invite' }).click()
  await expect(alex.getByRole('img', { name: 'QR code for the invite link' })).toBeVisible()
  await alex.getByRole('button', { name: 'Close' }).click()
  await openMenu(alex)
  await alex.getByRole('button', { name: 'Private notes' }).click()
  await alex.getByRole('button', { name: 'Close' }).click()
  await openMenu(alex)
  await alex.getByRole('button', { name: 'Board history' }).click()
  await expect(alex.getByRole('dialog', { name: 'Board history' })).not.toContainText('Looking for earlier versions')
  await alex.getByRole('button', { name: 'Close' }).click()
  await blair.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(alex.getByRole('timer')).toBeVisible()
  await alex.reload()
  await expect(alex.getByRole('timer')).toBeVisible()

  // Images drawn in the page (the QR code) are data: URLs, not requests to anywhere.
  const network = requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:'))
  expect(network.length).toBeGreaterThan(5)
  expect(network.filter((url) => new URL(url).origin !== server.url)).toEqual([])
  // Responses a service worker answers from its cache carry the headers they were stored with; all are checked.
  const fromServer = responses.filter((response) => response.url.startsWith(server.url))
  expect(fromServer.length).toBeGreaterThan(5)
  for (const response of fromServer) {
    expect(response.csp, response.url).toContain("default-src 'self'")
    expect(response.csp, response.url).toContain("connect-src 'self'")
    expect(response.referrer, response.url).toBe('no-referrer')
    expect(response.nosniff, response.url).toBe('nosniff')
  }
})
