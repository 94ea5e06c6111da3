import { describe, expect, it } from 'vitest'
import { boardLink, inviteFragment, parseBoardSecret, parseInviteFragment, toBase64Url } from '../../../shared/crypto.ts'
import { generateSigningKeyPair, keyFingerprint } from '../../../shared/signing.ts'

const secret = new Uint8Array(32).map((_, index) => index * 7)
const secretText = toBase64Url(secret)

describe("an invite link's fragment", () => {
  it('reads a link made before signing: the secret alone, no fingerprint', () => {
    expect(parseInviteFragment(`#${secretText}`)).toEqual({ secret, fingerprint: null })
    expect(parseBoardSecret(`#${secretText}`)).toEqual(secret)
  })

  it("carries the inviter's key fingerprint, and reads back what it wrote", async () => {
    const pair = await generateSigningKeyPair()
    const fingerprint = await keyFingerprint(pair.alg, pair.publicKey)
    const link = boardLink('https://example.test', 'AAAAAAAAAAAAAAAAAAAAAA', secret, fingerprint)
    expect(link).toBe(`https://example.test/b/AAAAAAAAAAAAAAAAAAAAAA#${secretText}.${fingerprint}`)
    expect(parseInviteFragment(new URL(link).hash)).toEqual({ secret, fingerprint })
    expect(parseBoardSecret(inviteFragment(secret, fingerprint))).toEqual(secret)
  })

  it('refuses malformed fragments, never throws', () => {
    const fingerprint = 'A'.repeat(22)
    for (const fragment of [
      '',
      '#',
      `#${secretText}.`,
      `#${secretText}.${fingerprint}.${fingerprint}`,
      `#${secretText}.${'A'.repeat(21)}`,
      `#${secretText}.${'A'.repeat(23)}`,
      `#${secretText}.${'A'.repeat(21)}+`,
      `#${secretText}.<script>alert(1)</script>`,
      `#.${fingerprint}`,
      `#${secretText.slice(1)}.${fingerprint}`,
      `#${fingerprint}`,
    ]) {
      expect(parseInviteFragment(fragment), fragment).toBeNull()
      expect(parseBoardSecret(fragment), fragment).toBeNull()
    }
  })
})
