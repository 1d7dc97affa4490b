import { z } from 'zod'
import { TASK_STATUSES } from '#db/schema/meeting-work.ts'

// Messages are keys into the i18n dictionaries; the form translates them.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar day `YYYY-MM-DD` between 2000 and 2100. */
export function isCalendarDay(value: string) {
	const match = DATE.exec(value)
	if (!match) return false
	const [year, month, day] = match.slice(1).map(Number) as [number, number, number]
	if (year < 2000 || year > 2100) return false
	const check = new Date(Date.UTC(year, month - 1, day))
	return check.getUTCMonth() === month - 1 && check.getUTCDate() === day
}

/** The owner select sends `user:<id>` or `organisation:<id>`. */
export const OWNER = /^(user|organisation):([A-Za-z0-9_-]+)$/

export const TaskSchema = z.object({
	title: z
		.string({ required_error: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(200, 'error.tooLong|max=200'),
	description: z.string().trim().max(4000, 'error.tooLong|max=4000').optional(),
	owner: z.string({ required_error: 'tasks.owner.required' }).regex(OWNER, 'tasks.owner.required'),
	dueDate: z
		.string()
		.trim()
		.refine((value) => isCalendarDay(value), 'tasks.dueDate.invalid')
		.optional(),
	status: z.enum(TASK_STATUSES, { message: 'error.invalidChoice' }).default('open'),
	agendaItemId: z.string().trim().optional(),
})

export type TaskInput = z.infer<typeof TaskSchema>

export const TaskStatusSchema = z.object({
	taskId: z.string({ required_error: 'error.required' }),
	status: z.enum(TASK_STATUSES, { message: 'error.invalidChoice' }),
})
