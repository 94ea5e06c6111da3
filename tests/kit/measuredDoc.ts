/**
 * The figures in docs/benchmarks.md and docs/reliability.md are written by
 * the commands that measure them, never pasted, so they cannot drift from
 * the code. Each generated part sits between two markers naming it,
 *
 *   <!-- measured: crash-test -->
 *   …what `npm run crash-test` last wrote…
 *   <!-- /measured: crash-test -->
 *
 * and a command rewrites only its own parts, leaving the prose around them
 * (how a figure is measured, how to read it) as it is. A part not in the
 * file yet is added at its end.
 */
import fs from 'node:fs'
import os from 'node:os'

/** Node version, CPU model and core count: what a reader needs to compare two runs. */
export function describeMachine(): string {
  const cpus = os.cpus()
  return `node ${process.version}, ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores`
}

/** `2026-11-30 15:22 UTC`: when a run started, to the minute. */
export function utcMinute(when: Date | string): string {
  return `${new Date(when).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** Rewrites the named parts of `file` (a Markdown file in docs/), each to its new text. */
export function writeMeasured(file: URL, parts: Readonly<Record<string, string>>): void {
  let text = fs.readFileSync(file, 'utf8')
  for (const [name, body] of Object.entries(parts)) {
    const start = `<!-- measured: ${name} -->`
    const end = `<!-- /measured: ${name} -->`
    const block = `${start}\n${body.trim()}\n${end}`
    const from = text.indexOf(start)
    const to = text.indexOf(end)
    if (from === -1 || to === -1) text = `${text.trimEnd()}\n\n${block}\n`
    else text = text.slice(0, from) + block + text.slice(to + end.length)
  }
  fs.writeFileSync(file, text)
}
