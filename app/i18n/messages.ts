import { adminMessages } from '#app/admin/admin.messages.ts'
import { authMessages } from '#app/auth/auth.messages.ts'
import { groupsMessages } from '#app/groups/groups.messages.ts'
import { agendaMessages } from '#app/agenda/agenda.messages.ts'
import { calendarMessages } from '#app/meetings/calendar.messages.ts'
import { meetingNavMessages } from '#app/meetings/meeting-nav.messages.ts'
import { meetingsMessages } from '#app/meetings/meetings.messages.ts'
import { seriesMessages } from '#app/meetings/series.messages.ts'
import { minutesLifecycleMessages } from '#app/minutes/lifecycle.messages.ts'
import { minutesMessages } from '#app/minutes/minutes.messages.ts'
import { organisationsMessages } from '#app/organisations/organisations.messages.ts'
import { pollsMessages } from '#app/polls/polls.messages.ts'
import { searchMessages } from '#app/search/search.messages.ts'
import { tasksMessages } from '#app/tasks/tasks.messages.ts'
import { territoryMessages } from '#app/territory/territory.messages.ts'
import { errorsMessages } from '#app/utils/errors.messages.ts'
import { storageMessages } from '#app/utils/storage.messages.ts'
import { commonMessages } from './common.messages.ts'

// Each domain keeps its own messages beside its code; they meet only here.
const domains = [
	commonMessages,
	errorsMessages,
	storageMessages,
	authMessages,
	organisationsMessages,
	groupsMessages,
	territoryMessages,
	adminMessages,
	meetingsMessages,
	meetingNavMessages,
	seriesMessages,
	calendarMessages,
	minutesMessages,
	minutesLifecycleMessages,
	agendaMessages,
	pollsMessages,
	tasksMessages,
	searchMessages,
] as const

type Domain = (typeof domains)[number]
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
	x: infer I,
) => void
	? I
	: never
type AllCs = UnionToIntersection<Domain['cs']>

export type MessageKey = keyof AllCs & string

export const messages = {
	cs: Object.assign({}, ...domains.map((domain) => domain.cs)) as AllCs,
	en: Object.assign({}, ...domains.map((domain) => domain.en)) as Record<MessageKey, unknown>,
}
