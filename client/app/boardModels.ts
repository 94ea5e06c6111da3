/**
 * One open board's models, built once when the board opens and handed to
 * its components through typed contexts. This is the one place that knows
 * every feature: it builds each feature's model over the session, and wires
 * what one feature does for another — a person joining is announced and
 * starts the first talk and the day's version; a move carries the private
 * notes along; a board retired on the server is forgotten on this device
 * when someone on it signed that, and asked about when only the server says so.
 */
import { BoardState } from '../core/boardState.svelte.ts'
import { BoardTrust } from '../core/boardTrust.svelte.ts'
import { registerDevice } from '../core/devices.ts'
import { setBoardContext } from '../core/boardContext.ts'
import { setBoardRecord } from '../core/boardRecord.ts'
import { Identity, type Me } from '../core/identity.svelte.ts'
import { Presence } from '../core/presence.svelte.ts'
import { ServerNow } from '../core/serverNow.svelte.ts'
import { CardsModel, setCards } from '../cards/cardsModel.svelte.ts'
import { PeoplesDevices, setPeoplesDevices } from '../checkTogether/peoplesDevices.svelte.ts'
import { RemovedCards } from '../cards/removedCards.svelte.ts'
import { CheckInsModel, setCheckIns } from '../checkIns/checkInsModel.svelte.ts'
import { DailyCheckInModel, setDailyCheckIn } from '../dailyCheckIn/dailyCheckInModel.svelte.ts'
import { FacilitationModel, setFacilitation } from '../facilitation/facilitationModel.svelte.ts'
import { BoardHistory, setHistory } from '../history/historyModel.ts'
import { PauseModel, setPause } from '../pause/pauseModel.svelte.ts'
import { PeopleModel, setPeople } from '../people/peopleModel.ts'
import { QuestionsModel, setQuestions } from '../questions/questionsModel.svelte.ts'
import { RepairModel, setRepair } from '../repair/repairModel.svelte.ts'
import { copyBoardNotes } from '../privateNotes/privateNotes.ts'
import { NextTalkModel, setNextTalkModel } from '../schedule/nextTalkModel.svelte.ts'
import { BoardRetirement, setBoardRetirement } from '../safety/boardRetirement.ts'
import { SettingsModel, setSettings } from '../settings/settingsModel.ts'
import { loadPins, storePins } from '../device/pins.ts'
import { deviceSigner } from '../device/signingKeys.ts'
import { loadVerified, rememberVerified } from '../device/verifiedClaims.ts'
import { openBoard, type BoardSession } from '../sync/openBoard.ts'
import { setTalks, TalksModel } from '../talks/talksModel.ts'
import { setTimeSource } from '../ui/timeSource.ts'
import type { Signer } from '../../shared/signing.ts'
import { believedKeys } from './believedKeys.ts'
import { heardFirstRule } from './heardFirstRule.ts'
import { forgetBoardOnThisDevice } from './forgetBoard.ts'
import { RetiredBoard } from './retiredBoard.svelte.ts'
import { boardRecord } from './talkRecord.ts'

export type BoardModels = {
  session: BoardSession
  board: BoardState
  /** This device's signer on the board; null where it cannot keep one (storage blocked). */
  signer: Promise<Signer | null>
  /** Which devices this one believes, and the verdict on every claim. */
  trust: BoardTrust
  identity: Identity
  presence: Presence
  now: ServerNow
  cards: CardsModel
  checkIns: CheckInsModel
  /** Each person's daily check-in: how safe, trusting and connected they feel, day by day. */
  dailyCheckIn: DailyCheckInModel
  facilitation: FacilitationModel
  history: BoardHistory
  /** The next talk, as set on the board. */
  nextTalk: NextTalkModel
  pause: PauseModel
  people: PeopleModel
  questions: QuestionsModel
  repair: RepairModel
  /** People's devices: the code to compare, new devices to vouch for, keys that changed. */
  devices: PeoplesDevices
  retirement: BoardRetirement
  /** What this device does, and asks, once the server says the board was deleted or moved. */
  retired: RetiredBoard
  settings: SettingsModel
  talks: TalksModel
  /** Resolves once this device's copy and who it is here have been read (and a returning person is back on the board). */
  opened: Promise<void>
  destroy(): void
}

/** `linkFingerprint`: the inviter's key fingerprint the link carried, if it did. */
export function openBoardModels(boardId: string, secret: Uint8Array, linkFingerprint: string | null = null): BoardModels {
  const signer = deviceSigner(boardId).catch((error: unknown) => {
    console.info('This device could not keep a signing key for this board:', error)
    return null
  })
  // The transport signs this device's changes and checks the others' against the devices believed here.
  let believed: BoardTrust | null = null
  const session = openBoard(boardId, secret, { signer, keyOf: believedKeys(() => believed) })
  const { doc, clock } = session
  const board = new BoardState(doc)
  const trust = new BoardTrust({
    boardId,
    doc,
    signer,
    pins: { load: () => loadPins(boardId), save: (pins) => storePins(boardId, pins) },
    linkFingerprint,
    verified: { load: () => loadVerified(boardId), save: (keys) => rememberVerified(boardId, keys) },
  })
  believed = trust
  const identity = new Identity(boardId)
  const presence = new Presence(session.awareness)
  const questions = new QuestionsModel(doc, clock, { boardId, signer }, trust)
  // Questions not yet answered come along into the next talk, brought in by the device that started it.
  const carryOpenQuestions = async (talkId: string) => {
    const byId = identity.me?.personId
    if (byId === undefined) return
    const open = await questions.openBefore(talkId)
    // An origin of its own: the carry is no step of the starter's undo.
    doc.transact(() => open.forEach((card) => cards.carryForward(card.id, talkId, byId)), 'carry-open-questions')
  }
  const talks = new TalksModel(session, signer, (talkId) => void carryOpenQuestions(talkId))
  const history = new BoardHistory(session, () => identity.me?.personId ?? null, trust, {
    afterRestore: () => cards.signWhereUncovered(),
  })
  const removed = new RemovedCards(doc, { senderOfChange: session.senderOfChange, trust })
  const facilitation = new FacilitationModel(doc, clock, identity)
  const cards = new CardsModel(doc, clock, () => talks.start(), { boardId, signer, removed }, heardFirstRule(board, facilitation, trust))
  let closed = false

  // Said once, when it happens: a person joins here, or this device comes back as someone who had.
  const arrive = (me: Me) => {
    presence.announce(me)
    void signer.then((mine) => mine && registerDevice(doc, boardId, mine, me.personId, clock.now()))
    talks.ensureFirst()
    void history.keepDailyPoint()
  }
  const people = new PeopleModel(doc, clock, identity, arrive)
  const devices = new PeoplesDevices({ boardId, doc, clock, signer, trust, identity })
  const opened = Promise.all([session.whenLocalLoaded, identity.loaded]).then(() => {
    const me = identity.me
    if (closed || me === null) return
    people.putBack(me)
    arrive(me)
  })

  // A deleted or moved board leaves nothing behind on this device, when someone on it signed that; else the person is asked.
  const retired = new RetiredBoard({ session, trust, board, identity })
  session.onRetired((reason) => void retired.decide(reason))

  return {
    session,
    board,
    signer,
    trust,
    identity,
    presence,
    now: new ServerNow(clock),
    cards,
    checkIns: new CheckInsModel(doc, clock, { boardId, signer }, trust),
    dailyCheckIn: new DailyCheckInModel(doc, clock, { boardId, signer }, trust),
    facilitation,
    history,
    nextTalk: new NextTalkModel(doc, clock, { boardId, signer }, trust),
    pause: new PauseModel(doc, clock, board, { boardId, signer }, trust),
    people,
    questions,
    repair: new RepairModel(doc, clock, { boardId, signer }, trust),
    devices,
    retirement: new BoardRetirement(session, identity, signer, {
      carryAlong: (toBoardId) =>
        copyBoardNotes(boardId, toBoardId).catch((error: unknown) => console.warn('Private notes stayed behind:', error)),
      forgetHere: async () => {
        await forgetBoardOnThisDevice(boardId, 'moved', session.clearLocalCopy)
      },
    }),
    retired,
    settings: new SettingsModel(doc),
    talks,
    opened,
    destroy() {
      closed = true
      cards.destroy()
      devices.destroy()
      trust.destroy()
      session.destroy()
    },
  }
}

/** Hands every model to the components below; call while the board's component is being made. */
export function provideBoardModels(models: BoardModels): void {
  const { session, board, identity, presence, now, signer, trust } = models
  setBoardContext({ session, board, identity, presence, now, signer, trust })
  setTimeSource(session.clock)
  setCards(models.cards)
  setCheckIns(models.checkIns)
  setDailyCheckIn(models.dailyCheckIn)
  setFacilitation(models.facilitation)
  setHistory(models.history)
  setNextTalkModel(models.nextTalk)
  setPause(models.pause)
  setPeople(models.people)
  setQuestions(models.questions)
  setRepair(models.repair)
  setPeoplesDevices(models.devices)
  setBoardRetirement(models.retirement)
  setSettings(models.settings)
  setTalks(models.talks)
  setBoardRecord(boardRecord(board, models))
}
