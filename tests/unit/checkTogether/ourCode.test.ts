import { describe, expect, it } from 'vitest'
import { generateSigningKeyPair } from '../../../shared/signing.ts'
import { ourCode, type CoveredKey } from '../../../client/checkTogether/ourCode.ts'

async function device(deviceId: string, personId: string): Promise<CoveredKey> {
  const pair = await generateSigningKeyPair()
  return { deviceId, personId, alg: pair.alg, publicKey: pair.publicKey }
}

describe('the code people compare together', () => {
  it('is five groups of five digits, the same for the same board and keys', async () => {
    const keys = [await device('d1', 'alex'), await device('d2', 'blair')]
    const code = await ourCode('board-1', keys)
    expect(code).toHaveLength(5)
    for (const group of code) expect(group).toMatch(/^\d{5}$/)
    expect(
      await ourCode(
        'board-1',
        keys.map((key) => ({ ...key, publicKey: new Uint8Array(key.publicKey) })),
      ),
    ).toEqual(code)
  })

  it('does not depend on the order the devices come in', async () => {
    const keys = [await device('d1', 'alex'), await device('d2', 'blair'), await device('d3', 'alex')]
    expect(await ourCode('board-1', [...keys].reverse())).toEqual(await ourCode('board-1', keys))
  })

  it('changes when any key changes, a device is added, or the board is another', async () => {
    const alex = await device('d1', 'alex')
    const blair = await device('d2', 'blair')
    const code = (await ourCode('board-1', [alex, blair])).join(' ')
    const replaced = { ...blair, publicKey: (await device('d2', 'blair')).publicKey }
    const oneBitOff = { ...alex, publicKey: alex.publicKey.map((byte, index) => (index === 0 ? byte ^ 1 : byte)) }
    expect((await ourCode('board-1', [alex, replaced])).join(' ')).not.toBe(code)
    expect((await ourCode('board-1', [oneBitOff, blair])).join(' ')).not.toBe(code)
    expect((await ourCode('board-1', [alex, blair, await device('d3', 'alex')])).join(' ')).not.toBe(code)
    expect((await ourCode('board-1', [alex, { ...blair, personId: 'alex' }])).join(' ')).not.toBe(code)
    expect((await ourCode('board-2', [alex, blair])).join(' ')).not.toBe(code)
  })
})
