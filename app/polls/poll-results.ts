import type { POLL_ANSWERS } from '#db/schema.ts'

export type PollAnswer = (typeof POLL_ANSWERS)[number]

export type SlotTotals = { slotId: string; yes: number; maybe: number; no: number }

/** The answer field of one slot in the answer forms. */
export const answerField = (slotId: string) => `answer-${slotId}`

/**
 * Yes / if-need-be / no counts per slot, and the best slots: the most "yes", and among those the
 * most "if need be". No best slot while nobody has said yes or maybe anywhere.
 */
export function pollTotals(
	slotIds: string[],
	answers: Array<{ slotId: string; answer: PollAnswer }>,
): { totals: SlotTotals[]; bestSlotIds: string[] } {
	const bySlot = new Map(slotIds.map((slotId) => [slotId, { slotId, yes: 0, maybe: 0, no: 0 }]))
	for (const { slotId, answer } of answers) {
		const row = bySlot.get(slotId)
		if (row) row[answer] += 1
	}
	const totals = [...bySlot.values()]
	const topYes = Math.max(0, ...totals.map((row) => row.yes))
	const withTopYes = totals.filter((row) => row.yes === topYes)
	const topMaybe = Math.max(0, ...withTopYes.map((row) => row.maybe))
	const bestSlotIds =
		topYes === 0 && topMaybe === 0
			? []
			: withTopYes.filter((row) => row.maybe === topMaybe).map((row) => row.slotId)
	return { totals, bestSlotIds }
}
