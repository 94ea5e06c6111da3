/**
 * `npm run fsync-check`: the system-call proof that every ack leaves the
 * server only after an fsync of the write that carried its entry
 * (tests/kit/fsync/checkAckOrder.ts has the rule). Traces the real server
 * under load with strace, then the two servers with a fault put in on
 * purpose (tests/kit/unsafeServer.ts), which must fail. Prints a table
 * and writes it to its part of docs/reliability.md; exits 1 if the real
 * server breaks the rule or a faulty one passes.
 */
import { REAL_SERVER, traceAckOrder, type AckOrderRun } from '../tests/kit/fsync/traceAckOrder.ts'
import { commandLine, writeReliability } from './reliabilityDoc.ts'

const startedAt = new Date()

const UNSAFE_SERVER = ['--import', 'tsx', 'tests/kit/unsafeServer.ts']
const runs: { server: string; mustPass: boolean; run: AckOrderRun }[] = [
  { server: 'ours (synchronous=FULL, ack after commit)', mustPass: true, run: await traceAckOrder(REAL_SERVER) },
  { server: 'fault: synchronous=OFF', mustPass: false, run: await traceAckOrder(UNSAFE_SERVER, { UNSAFE_FAULT: 'synchronous-off' }) },
  { server: 'fault: ack before commit', mustPass: false, run: await traceAckOrder(UNSAFE_SERVER, { UNSAFE_FAULT: 'ack-before-commit' }) },
]

const lines = [
  '| server | acks checked | WAL writes | WAL fsyncs | acks breaking the rule | verdict |',
  '| --- | ---: | ---: | ---: | ---: | --- |',
  ...runs.map(({ server, mustPass, run }) => {
    const passed = run.violations.length === 0
    const verdict = passed === mustPass ? (passed ? 'passes' : 'caught') : passed ? '**NOT caught**' : '**FAILS**'
    return `| ${server} | ${run.acks} | ${run.walWrites} | ${run.walSyncs} | ${run.violations.length} | ${verdict} |`
  }),
]
process.stdout.write(`${lines.join('\n')}\n`)
const real = runs[0]!.run
const faults = runs.filter(({ mustPass }) => !mustPass).map(({ run }) => run)
const faultsCaught = faults.every((run) => run.acks > 0 && run.violations.length === run.acks)
  ? 'both deliberate faults caught on every ack'
  : `deliberate faults caught on ${faults.map((run) => `${run.violations.length} of ${run.acks}`).join(' and ')} acks`
writeReliability('fsync-check', {
  command: commandLine('fsync-check', process.argv.slice(2)),
  startedAt,
  result: `${real.acks.toLocaleString('en')} acks traced, ${real.violations.length} sent before the fsync of their entry's write; ${faultsCaught}`,
  body: lines.join('\n'),
})
if (real.violations.length > 0) process.stderr.write(`fsync-check: first violation: ${real.violations[0]}\n`)
process.exit(runs.every(({ mustPass, run }) => (run.violations.length === 0) === mustPass) ? 0 : 1)
