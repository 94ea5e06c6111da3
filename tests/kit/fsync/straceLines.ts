/**
 * Reads what `strace -f -tt -yy -xx -s N -o FILE` wrote into one record per
 * system call. Those options make every line machine-readable: each starts
 * with the thread's id and a time, every fd carries what it points at
 * (`19</tmp/d/common-ground.sqlite-wal>`, `24<TCP:[a:1->b:2]>`, paths
 * hex-escaped like strings) and every buffer is printed in `\xHH`, whole
 * unless longer than -s (then the record says it was cut).
 *
 * A call that another thread's event interrupts is printed in two lines,
 * `name(args <unfinished ...>` then `<... name resumed>) = result`; the two
 * make one record. The order of lines is the order in which strace saw the
 * events, so a record keeps the line of its entry and of its exit: "A
 * finished before B started" is `A.endLine < B.startLine`.
 */

export type Syscall = {
  name: string
  /** The thread that made it. */
  tid: number
  /** The lines of its entry and of its exit (the same line unless another thread's event came between). */
  startLine: number
  endLine: number
  /** Wall-clock time of its entry, as strace printed it (HH:MM:SS.micro). */
  time: string
  /** What its fd pointed at: a file's path, or a socket such as `TCP:[127.0.0.1:80->127.0.0.1:5000]`. */
  target: string
  /** Every buffer it was handed, joined in order (a writev's iovecs, a sendmsg's msg_iov). */
  data: Buffer
  /** True when strace printed only the start of a buffer (it was longer than -s). */
  cut: boolean
  /** Its return value; null when the thread ended inside it. */
  result: number | null
}

/** A trace this reader cannot vouch for; checking it anyway could pass for the wrong reason. */
export class TraceFormatError extends Error {
  constructor(message: string, line: number, text: string) {
    super(`${message} (trace line ${line}: ${text.slice(0, 160)})`)
    this.name = 'TraceFormatError'
  }
}

const LINE = /^(\d+)\s+(\d\d:\d\d:\d\d\.\d+) (.*)$/
// The target ends at the first '>' followed by the next argument, the closing parenthesis or the
// unfinished marker: a socket's description holds '->' but never '>, '.
const CALL = /^(\w+)\((\d+)<(.*?)>(?=, |\)| <unfinished)(.*)$/
const RESUMED = /^<\.\.\. (\w+) resumed>(.*)$/
const RESULT = /\) = (-?\d+|\?)(?: .*)?$/
const UNFINISHED = ' <unfinished ...>'
const HEX_STRING = /"((?:\\x[0-9a-f]{2})*)"(\.\.\.)?/g

/** Every call in the trace with an fd as its first argument, in the order they started. */
export function parseStraceOutput(text: string): Syscall[] {
  const calls: Syscall[] = []
  const unfinished = new Map<number, Syscall>()
  const lines = text.split('\n')
  lines.forEach((raw, index) => {
    const lineNumber = index + 1
    if (raw === '') return
    const line = LINE.exec(raw)
    if (line === null) throw new TraceFormatError('not a line of `strace -f -tt`', lineNumber, raw)
    const [, tid, time, body] = line as unknown as [string, string, string, string]
    // Signals and exits.
    if (body.startsWith('---') || body.startsWith('+++')) return
    const resumed = RESUMED.exec(body)
    if (resumed !== null) {
      const call = unfinished.get(Number(tid))
      if (call === undefined || call.name !== resumed[1]) throw new TraceFormatError('a call resumed that never started', lineNumber, raw)
      unfinished.delete(Number(tid))
      call.endLine = lineNumber
      call.result = readResult(resumed[2]!, lineNumber, raw)
      return
    }
    const started = CALL.exec(body)
    if (started === null) throw new TraceFormatError('a call this reader does not know', lineNumber, raw)
    const [, name, , target, rest] = started as unknown as [string, string, string, string, string]
    const call: Syscall = {
      name,
      tid: Number(tid),
      startLine: lineNumber,
      endLine: lineNumber,
      time,
      target: unescapeText(target),
      ...readBuffers(rest),
      result: null,
    }
    calls.push(call)
    if (rest.endsWith(UNFINISHED)) unfinished.set(call.tid, call)
    else call.result = readResult(rest, lineNumber, raw)
  })
  return calls
}

function readResult(rest: string, lineNumber: number, raw: string): number | null {
  const result = RESULT.exec(rest)
  if (result === null) throw new TraceFormatError('a call without a result', lineNumber, raw)
  return result[1] === '?' ? null : Number(result[1])
}

function readBuffers(args: string): { data: Buffer; cut: boolean } {
  const buffers: Buffer[] = []
  let cut = false
  for (const [, hex, ellipsis] of args.matchAll(HEX_STRING)) {
    cut ||= ellipsis !== undefined
    buffers.push(Buffer.from(hex!.replaceAll('\\x', ''), 'hex'))
  }
  return { data: Buffer.concat(buffers), cut }
}

/** A path or socket description with its `\xHH` escapes undone (paths are UTF-8 bytes). */
function unescapeText(text: string): string {
  const bytes = text.replace(/\\x([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
  return Buffer.from(bytes, 'latin1').toString('utf8')
}
