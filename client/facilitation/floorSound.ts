/**
 * A soft tone when a turn's time is up, for a person who asked for it on
 * their own device: off unless they turn it on, remembered by this browser
 * only (it says nothing about any board), never sent anywhere. Browsers let
 * a page make sound only after a person's gesture, so the audio is woken by
 * the gesture that turns the sound on, or after a reload by the person's
 * first tap or key.
 */
const ALLOWED_KEY = 'common-ground:floor-sound'

export function floorSoundAllowed(): boolean {
  try {
    return localStorage.getItem(ALLOWED_KEY) === 'on'
  } catch {
    return false
  }
}

export function allowFloorSound(allowed: boolean): void {
  try {
    if (allowed) localStorage.setItem(ALLOWED_KEY, 'on')
    else localStorage.removeItem(ALLOWED_KEY)
  } catch {
    // Storage blocked: the choice holds for this visit.
  }
}

let audio: AudioContext | null = null

/** Call from a person's gesture (a tap, a key): the only moment a browser lets audio start. Resolves once it has. */
export async function wakeAudio(): Promise<void> {
  try {
    audio ??= new AudioContext()
    if (audio.state === 'suspended') await audio.resume()
  } catch {
    // No audio on this device: the cue on the screen is the cue.
  }
}

/** Wakes the audio at the person's next tap or key; returns the way to stop waiting. */
export function wakeAudioAtNextGesture(): () => void {
  const wake = () => {
    stop()
    void wakeAudio()
  }
  const stop = () => {
    window.removeEventListener('pointerdown', wake, true)
    window.removeEventListener('keydown', wake, true)
  }
  window.addEventListener('pointerdown', wake, true)
  window.addEventListener('keydown', wake, true)
  return stop
}

/** One short, quiet, falling-away tone (a sine at 528 Hz, about a second); nothing when the audio is not awake. */
export function playSoftTone(): void {
  if (audio === null || audio.state !== 'running') return
  const start = audio.currentTime
  const tone = audio.createOscillator()
  const volume = audio.createGain()
  tone.type = 'sine'
  tone.frequency.value = 528
  volume.gain.setValueAtTime(0, start)
  volume.gain.linearRampToValueAtTime(0.06, start + 0.08)
  volume.gain.exponentialRampToValueAtTime(0.0001, start + 1.1)
  tone.connect(volume).connect(audio.destination)
  tone.start(start)
  tone.stop(start + 1.2)
}
