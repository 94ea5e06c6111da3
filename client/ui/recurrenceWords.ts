import type { Recurrence } from '../../shared/schema.ts'

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const

/** "Every Sunday": how an agreement repeats, wherever it is shown or written down. */
export function describeRecurrence(recurrence: Recurrence): string {
  switch (recurrence.every) {
    case 'day':
      return 'Every day'
    case 'week':
      return `Every ${WEEKDAYS[recurrence.weekday]}`
    case 'month':
      return 'Every month'
  }
}
