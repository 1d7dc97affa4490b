import { parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LinksFunction,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { MeetingHeader } from '#app/meetings/meeting-header.tsx'
import { requireMeetingAccess, requireWriteAccess } from '#app/meetings/meetings.server.ts'
import { DecisionForm } from '#app/tasks/decision-form.tsx'
import { decisionSchema } from '#app/tasks/decision.schema.ts'
import {
	createDecision,
	deleteDecision,
	listAgendaItemOptions,
	listDecisionsForMeeting,
	presentCountFromAttendance,
	updateDecision,
} from '#app/tasks/decisions.server.ts'
import { TaskForm } from '#app/tasks/task-form.tsx'
import { TaskItem } from '#app/tasks/task-item.tsx'
import { TaskSchema, TaskStatusSchema } from '#app/tasks/task.schema.ts'
import {
	canChangeTaskStatus,
	createTask,
	deleteTask,
	isOverdue,
	listOwnerOptions,
	listTasksForMeeting,
	pragueToday,
	resolveOwner,
	setTaskStatus,
	updateTask,
} from '#app/tasks/tasks.server.ts'
import tasksStyles from '#app/tasks/tasks.css?url'
import { withNotice } from '#app/utils/notice.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: tasksStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{
		title: data
			? `Usnesení a úkoly – ${data.meeting.title} | Síťovka`
			: 'Usnesení a úkoly | Síťovka',
	},
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const { meeting, access } = requireMeetingAccess(user, params.meetingId)
	const canWrite = access === 'write'
	const url = new URL(request.url)
	const today = pragueToday()
	const decisions = listDecisionsForMeeting(meeting.id)
	const tasks = listTasksForMeeting(meeting.id).map((task) => ({
		...task,
		overdue: isOverdue(task, today),
		canChangeStatus: canWrite || canChangeTaskStatus(user, task.id),
	}))
	const editDecisionId = canWrite ? url.searchParams.get('decision') : null
	const editTaskId = canWrite ? url.searchParams.get('task') : null
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			groupId: meeting.groupId,
			groupName: meeting.groupName,
		},
		canWrite,
		today,
		decisions,
		tasks,
		agendaItems: listAgendaItemOptions(meeting.id).map(({ id, title }) => ({ id, title })),
		presentFromAttendance: presentCountFromAttendance(meeting.id),
		owners: canWrite ? listOwnerOptions(meeting.groupId) : null,
		editDecision: decisions.find((decision) => decision.id === editDecisionId) ?? null,
		editTask: tasks.find((task) => task.id === editTaskId) ?? null,
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = requireUser(request)
	const { meeting, access } = requireMeetingAccess(user, params.meetingId)
	const formData = await request.formData()
	const intent = formData.get('intent')
	const here = `/meetings/${meeting.id}/decisions`

	if (intent === 'task-status') {
		const submission = parseWithZod(formData, { schema: TaskStatusSchema })
		if (submission.status !== 'success') return { form: 'task-status', result: submission.reply() }
		const task = listTasksForMeeting(meeting.id).find((row) => row.id === submission.value.taskId)
		if (!task) throw new Response('Not found', { status: 404 })
		if (access !== 'write' && !canChangeTaskStatus(user, task.id)) {
			throw new Response('Forbidden', { status: 403 })
		}
		setTaskStatus(task.id, submission.value.status)
		return redirect(withNotice(here, 'notice.taskStatusChanged'))
	}

	requireWriteAccess(access)

	switch (intent) {
		case 'decision-create':
		case 'decision-update': {
			const schema = decisionSchema(presentCountFromAttendance(meeting.id))
			const submission = parseWithZod(formData, { schema })
			if (submission.status !== 'success') return { form: 'decision', result: submission.reply() }
			if (intent === 'decision-create') {
				createDecision(meeting, submission.value, user.id)
				return redirect(withNotice(here, 'notice.decisionAdded'))
			}
			const decisionId = String(formData.get('decisionId') ?? '')
			if (!updateDecision(meeting.id, decisionId, submission.value)) {
				throw new Response('Not found', { status: 404 })
			}
			return redirect(withNotice(here, 'notice.decisionSaved'))
		}
		case 'decision-delete': {
			if (!deleteDecision(meeting.id, String(formData.get('decisionId') ?? ''))) {
				throw new Response('Not found', { status: 404 })
			}
			return redirect(withNotice(here, 'notice.decisionDeleted'))
		}
		case 'task-create':
		case 'task-update': {
			const submission = parseWithZod(formData, { schema: TaskSchema })
			if (submission.status !== 'success') return { form: 'task', result: submission.reply() }
			const owner = resolveOwner(meeting.groupId, submission.value.owner)
			if (!owner) {
				return {
					form: 'task',
					result: submission.reply({ fieldErrors: { owner: ['tasks.owner.invalid'] } }),
				}
			}
			if (intent === 'task-create') {
				createTask(meeting, submission.value, owner, user.id)
				return redirect(withNotice(here, 'notice.taskAdded'))
			}
			const taskId = String(formData.get('taskId') ?? '')
			if (!updateTask(meeting.id, taskId, submission.value, owner)) {
				throw new Response('Not found', { status: 404 })
			}
			return redirect(withNotice(here, 'notice.taskSaved'))
		}
		case 'task-delete': {
			if (!deleteTask(meeting.id, String(formData.get('taskId') ?? ''))) {
				throw new Response('Not found', { status: 404 })
			}
			return redirect(withNotice(here, 'notice.taskDeleted'))
		}
		default:
			throw new Response('Bad request', { status: 400 })
	}
}

export default function MeetingDecisionsPage() {
	const { t } = useTranslation()
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { meeting, canWrite, decisions, tasks } = data
	const base = `/meetings/${meeting.id}/decisions`
	return (
		<div className="stack meeting">
			<MeetingHeader meeting={meeting} />

			<section className="stack" aria-labelledby="decisions-heading">
				<h2 id="decisions-heading">{t('decisions.title')}</h2>
				{decisions.length ? (
					<ol className="list decision-list">
						{decisions.map((decision) => (
							<li key={decision.id} className="decision">
								<h3 className="decision__number">
									{t('decisions.number', { number: decision.number ?? '' })}
								</h3>
								<p className="decision__text">{decision.text}</p>
								{decision.agendaItemTitle ? (
									<p className="muted">
										{t('decisions.agendaItem.label', { title: decision.agendaItemTitle })}
									</p>
								) : null}
								{decision.outcome ? (
									<p>
										<span className={`badge badge--${decision.outcome}`}>
											{t(`decisions.outcome.${decision.outcome}`)}
										</span>{' '}
										{decision.presentCount !== null
											? t('decisions.result', {
													for: decision.votesFor ?? 0,
													against: decision.votesAgainst ?? 0,
													abstain: decision.votesAbstain ?? 0,
													present: decision.presentCount,
												})
											: t('decisions.result.noPresent', {
													for: decision.votesFor ?? 0,
													against: decision.votesAgainst ?? 0,
													abstain: decision.votesAbstain ?? 0,
												})}{' '}
										{decision.rule ? (
											<span className="muted">({t(`decisions.rule.${decision.rule}`)})</span>
										) : null}
									</p>
								) : (
									<p className="muted">{t('decisions.noVote')}</p>
								)}
								{canWrite ? (
									<div className="task__actions">
										<Link
											to={`${base}?decision=${decision.id}#decision-form`}
											aria-label={t('decisions.edit', { number: decision.number ?? '' })}
										>
											{t('decisions.editLink')}
										</Link>
										<Form method="post" className="inline-form" preventScrollReset>
											<input type="hidden" name="intent" value="decision-delete" />
											<input type="hidden" name="decisionId" value={decision.id} />
											<button
												type="submit"
												className="button button--danger"
												aria-label={t('decisions.deleteLabel', { number: decision.number ?? '' })}
											>
												{t('decisions.delete')}
											</button>
										</Form>
									</div>
								) : null}
							</li>
						))}
					</ol>
				) : (
					<p className="muted">{t('decisions.none')}</p>
				)}
				{canWrite ? (
					<DecisionForm
						key={data.editDecision?.id ?? 'new'}
						meetingId={meeting.id}
						agendaItems={data.agendaItems}
						presentFromAttendance={data.presentFromAttendance}
						editing={data.editDecision}
						lastResult={actionData?.form === 'decision' ? actionData.result : undefined}
					/>
				) : (
					<p className="muted">{t('decisions.readOnly')}</p>
				)}
			</section>

			<section className="stack" aria-labelledby="tasks-heading">
				<h2 id="tasks-heading">{t('tasks.title')}</h2>
				{tasks.length ? (
					<ul className="list task-list">
						{tasks.map((task) => (
							<TaskItem
								key={task.id}
								task={task}
								canChangeStatus={task.canChangeStatus}
								editHref={canWrite ? `${base}?task=${task.id}#task-form` : undefined}
								canDelete={canWrite}
							/>
						))}
					</ul>
				) : (
					<p className="muted">{t('tasks.none')}</p>
				)}
				{canWrite && data.owners ? (
					<TaskForm
						key={data.editTask?.id ?? 'new'}
						meetingId={meeting.id}
						agendaItems={data.agendaItems}
						owners={data.owners}
						today={data.today}
						editing={data.editTask}
						lastResult={actionData?.form === 'task' ? actionData.result : undefined}
					/>
				) : null}
			</section>
		</div>
	)
}
