import {
	type ActionFunctionArgs,
	data,
	type LinksFunction,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { meetingLengthMinutes } from '#app/agenda/agenda-doc.ts'
import { AgendaClient } from '#app/agenda/agenda-client.tsx'
import agendaStyles from '#app/agenda/agenda.css?url'
import {
	addTaskReviewItem,
	carryOverOpenItems,
	getMeetingTimes,
	listOverdueTaskSuggestions,
} from '#app/agenda/agenda.server.ts'
import { requireUser } from '#app/auth/auth.server.ts'
import { formatDate } from '#app/i18n/format.ts'
import { getLocale } from '#app/i18n/locale.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { MeetingHeader } from '#app/meetings/meeting-header.tsx'
import {
	requireMeetingAccess,
	requireMeetingManager,
	requireWriteAccess,
} from '#app/meetings/meetings.server.ts'
import minutesStyles from '#app/minutes/minutes.css?url'
import { invariantResponse } from '#app/utils/errors.ts'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: minutesStyles },
	{ rel: 'stylesheet', href: agendaStyles },
]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `Program – ${data.meeting.title} | Síťovka` : 'Program | Síťovka' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const { meeting, access, canManage } = requireMeetingAccess(user, params.meetingId)
	const times = getMeetingTimes(meeting.id)!
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			groupId: meeting.groupId,
			groupName: meeting.groupName,
		},
		meetingMinutes: meetingLengthMinutes(times.startsAt, times.endsAt),
		canWrite: access === 'write',
		canManage: access === 'write' && canManage,
		user: { id: user.id, name: user.name },
		overdueTasks: listOverdueTaskSuggestions(user, meeting),
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = requireUser(request)
	const { meeting, access, canManage } = requireMeetingAccess(user, params.meetingId)
	requireWriteAccess(access)
	const formData = await request.formData()
	const intent = formData.get('intent')
	invariantResponse(intent === 'carry-over' || intent === 'task-review')
	requireMeetingManager(canManage)
	if (intent === 'task-review') {
		const result = {
			intent,
			...(await addTaskReviewItem(user, meeting, getLocale(request, user))),
		} as const
		return result.ok ? result : data(result, { status: 400 })
	}
	const result = { intent, ...(await carryOverOpenItems(meeting.id, user.id, user)) } as const
	return result.ok ? result : data(result, { status: 400 })
}

export default function MeetingAgendaPage() {
	const { t, locale } = useTranslation()
	const { meeting, meetingMinutes, canWrite, canManage, user, overdueTasks } =
		useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const result = actionData?.intent === 'carry-over' ? actionData : undefined
	const taskResult = actionData?.intent === 'task-review' ? actionData : undefined
	const busy = useNavigation().state !== 'idle'
	return (
		<div className="stack meeting">
			<MeetingHeader meeting={meeting} />
			<section aria-labelledby="agenda-title" className="stack">
				<div className="page-header">
					<h2 id="agenda-title">{t('agenda.title')}</h2>
					<a href={`/meetings/${meeting.id}/agenda.pdf`} className="button button--secondary">
						{t('meetings.agendaPdf.link')}
					</a>
				</div>
				<AgendaClient
					meetingId={meeting.id}
					user={user}
					canWrite={canWrite}
					meetingMinutes={meetingMinutes}
				/>
			</section>
			{overdueTasks.length > 0 || taskResult ? (
				<section aria-labelledby="agenda-tasks-title" className="stack card">
					<h2 id="agenda-tasks-title">{t('agenda.tasks.title')}</h2>
					<p className="muted">{t('agenda.tasks.hint')}</p>
					{overdueTasks.length > 0 ? (
						<ul aria-label={t('agenda.tasks.listLabel')}>
							{overdueTasks.map((task) => (
								<li key={task.id}>
									{task.meetingId ? (
										<Link to={`/meetings/${task.meetingId}/decisions`}>{task.title}</Link>
									) : (
										task.title
									)}
									{task.owner ? ` – ${task.owner}` : null}
									{', '}
									<time dateTime={task.dueDate}>
										{t('agenda.tasks.due', {
											date: formatDate(new Date(`${task.dueDate}T12:00:00Z`), locale),
										})}
									</time>
								</li>
							))}
						</ul>
					) : null}
					{canManage && overdueTasks.length > 0 ? (
						<Form method="post" preventScrollReset>
							<button
								type="submit"
								name="intent"
								value="task-review"
								className="button button--secondary"
								disabled={busy}
							>
								{t('agenda.tasks.submit')}
							</button>
						</Form>
					) : null}
					{taskResult ? (
						<p role="status" className={taskResult.ok ? 'notice' : 'form-errors'}>
							{taskResult.ok
								? taskResult.updated
									? t('agenda.tasks.updated')
									: t('agenda.tasks.added', { count: taskResult.count })
								: t(taskResult.error)}
						</p>
					) : null}
				</section>
			) : null}
			{canManage ? (
				<section aria-labelledby="agenda-carry-title" className="stack card">
					<h2 id="agenda-carry-title">{t('agenda.carry.title')}</h2>
					<p className="muted">{t('agenda.carry.hint')}</p>
					<Form method="post" preventScrollReset>
						<button
							type="submit"
							name="intent"
							value="carry-over"
							className="button button--secondary"
							disabled={busy}
						>
							{t('agenda.carry.submit')}
						</button>
					</Form>
					{result ? (
						<p role="status" className={result.ok ? 'notice' : 'form-errors'}>
							{result.ok ? (
								<>
									{t('agenda.carry.done', {
										count: result.count,
										title: result.nextMeeting.title,
									})}{' '}
									<Link to={`/meetings/${result.nextMeeting.id}/agenda`}>
										{result.nextMeeting.title}
									</Link>
								</>
							) : (
								t(result.error)
							)}
						</p>
					) : null}
				</section>
			) : null}
		</div>
	)
}
