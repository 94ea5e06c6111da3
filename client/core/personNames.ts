import type { PeerDevice } from '../sync/boardWitness.ts'

/** The names of the people whose devices these are, once each, in order: "Alex", "Alex and Blair", "Alex, Blair and Sam". */
export function namesOf(devices: readonly PeerDevice[], people: ReadonlyMap<string, { name: string }>): string {
  const names = [...new Set(devices.map((device) => people.get(device.personId)?.name ?? 'someone on this board'))]
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

/** "Alex's", "Alex and Blair's". */
export function possessive(names: string): string {
  return names.endsWith('s') ? `${names}’` : `${names}’s`
}
