import { z } from 'zod'

// Messages are keys into the i18n dictionaries; the form translates them.

/** How a vote is judged; stored with the result. */
export const DECISION_RULES = ['majority_of_present', 'majority_of_votes'] as const
export type DecisionRule = (typeof DECISION_RULES)[number]

const voteCount = z
	.number({ invalid_type_error: 'decisions.votes.notNumber' })
	.int('decisions.votes.notNumber')
	.min(0, 'decisions.votes.negative')
	.max(100_000, 'decisions.votes.tooMany')
	.optional()

/**
 * A decision (usnesení). A vote is recorded when any of the three counts is filled in (the
 * empty ones count as 0). `presentFromAttendance` is the number of people marked present at the
 * meeting, or null when nobody's attendance is marked yet: then the convenor types the number.
 * The same schema runs in the browser (with the loader's count) and on the server.
 */
export function decisionSchema(presentFromAttendance: number | null) {
	return z
		.object({
			text: z
				.string({ required_error: 'error.required' })
				.trim()
				.min(1, 'error.required')
				.max(4000, 'error.tooLong|max=4000'),
			agendaItemId: z.string().trim().optional(),
			votesFor: voteCount,
			votesAgainst: voteCount,
			votesAbstain: voteCount,
			rule: z
				.enum(DECISION_RULES, { message: 'error.invalidChoice' })
				.default('majority_of_present'),
			presentCount: voteCount,
		})
		.superRefine((value, ctx) => {
			const voted =
				value.votesFor !== undefined ||
				value.votesAgainst !== undefined ||
				value.votesAbstain !== undefined
			if (!voted) return
			const present = presentFromAttendance ?? value.presentCount
			if (present === undefined) {
				if (value.rule === 'majority_of_present') {
					ctx.addIssue({
						code: 'custom',
						path: ['presentCount'],
						message: 'decisions.present.required',
					})
				}
				return
			}
			const cast = (value.votesFor ?? 0) + (value.votesAgainst ?? 0) + (value.votesAbstain ?? 0)
			if (cast > present) {
				ctx.addIssue({
					code: 'custom',
					path: ['votesFor'],
					message: `decisions.votes.moreThanPresent|present=${present}|cast=${cast}`,
				})
			}
		})
}

export type DecisionInput = z.infer<ReturnType<typeof decisionSchema>>
