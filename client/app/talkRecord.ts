/**
 * A talk's record gathered from the features that hold its parts — the
 * pauses, the check-ins, the phases — for the talks feature's summary and
 * for the copy of the whole board. Only the shell knows every feature.
 */
import type { CheckInsModel } from '../checkIns/checkInsModel.svelte.ts'
import type { BoardRecord } from '../core/boardRecord.ts'
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import { authorshipOf } from '../core/cardAuthorship.ts'
import { verifiedYeses } from '../core/verifiedYeses.ts'
import type { FacilitationModel } from '../facilitation/facilitationModel.svelte.ts'
import type { PauseModel } from '../pause/pauseModel.svelte.ts'
import type { QuestionsModel } from '../questions/questionsModel.svelte.ts'
import type { RepairModel } from '../repair/repairModel.svelte.ts'
import { summaryAsMarkdown } from '../talks/summaryMarkdown.ts'
import { summarizeTalk, type SummarySource, type TalkRecord } from '../talks/talkSummary.ts'

export type RecordKeepers = {
  pause: PauseModel
  checkIns: CheckInsModel
  facilitation: FacilitationModel
  trust: BoardTrust
  questions: QuestionsModel
  repair: RepairModel
}

export function talkRecord({ pause, checkIns, facilitation, trust, questions, repair }: RecordKeepers, talkId: string): TalkRecord {
  const phase = facilitation.phase(talkId)
  return {
    pauses: pause.records,
    // Only marks that verify as their marker's: a summary counts what the trust account counts.
    checkIns: checkIns.counted,
    phases: phase && { titles: phase.phases.map((each) => each.title), reached: phase.index },
    authorshipOf: (card) => authorshipOf(trust, card),
    verifiedYesesOf: (card) => verifiedYeses(trust, card),
    questionOf: (card) => questions.status(card),
    // Only phrases that verify as their sender's are listed under a name.
    repairs: repair.vouched.map((sent) => ({ talkId: sent.talkId, byId: sent.byId, text: sent.phrase.text, at: sent.at })),
  }
}

/** Every talk's summary, for `Download a copy` before a delete. */
export function boardRecord(board: SummarySource, keepers: RecordKeepers): BoardRecord {
  return {
    talksAsMarkdown: (headingLevel) =>
      board.talks
        .flatMap((talk) => summarizeTalk(board, talk.id, talkRecord(keepers, talk.id)) ?? [])
        .map((summary) => summaryAsMarkdown(summary, '', headingLevel))
        .join('\n'),
  }
}
