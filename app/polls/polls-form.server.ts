import { POLL_ANSWERS } from '#db/schema.ts'
import type { PollAnswer } from './poll-results.ts'

const PREFIX = 'answer-'

/**
 * The answers a form sent (`answer-<slotId>` → yes / maybe / no); unanswered slots are left out.
 * Slot ids are checked by the poll commands, so answers for a removed slot are reported.
 */
export function readAnswers(formData: FormData) {
	const answers: Record<string, PollAnswer> = {}
	for (const [key, value] of formData.entries()) {
		if (!key.startsWith(PREFIX) || typeof value !== 'string') continue
		if ((POLL_ANSWERS as readonly string[]).includes(value)) {
			answers[key.slice(PREFIX.length)] = value as PollAnswer
		}
	}
	return answers
}
