/**
 * The daily check-in's words, in one place (a later change translates the
 * app): the questions asked, the measures' short names for the chart and the
 * table, and the sentences the board shows.
 */
import type { DailyMeasure } from '../core/dailyCheckIns.ts'

export const QUESTIONS: Record<DailyMeasure, string> = {
  safety: 'How safe do you feel today?',
  trust: 'How much do you trust today?',
  connection: 'How connected do you feel today?',
}

export const MEASURE_NAMES: Record<DailyMeasure, string> = { safety: 'Safety', trust: 'Trust', connection: 'Connection' }

export const LINE_LABEL = "What I'd like you to know about my day"

/** "Safety 6, trust 5, connection 7": a day's answers in a sentence. */
export function describeAnswers(answers: Record<DailyMeasure, number>): string {
  return `Safety ${answers.safety}, trust ${answers.trust}, connection ${answers.connection}`
}

/** A YYYY-MM-DD day in the viewer's own way ("Mon, 7 Dec"): the day is the person's own, so it is read as a date, not a moment. */
export function dayLabel(day: string, style: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' }): string {
  const [year, month, date] = day.split('-').map(Number)
  return new Intl.DateTimeFormat(undefined, { ...style, timeZone: 'UTC' }).format(Date.UTC(year!, month! - 1, date!))
}
