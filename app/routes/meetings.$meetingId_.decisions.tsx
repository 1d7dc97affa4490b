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
import { getMeetingAccess } from '#app/meetings/meeting-access.server.ts'
import {
	type MeetingDetails,
	requireMeetingAccess,
	requireWriteAccess,
} from '#app/meetings/meetings.server.ts'
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
import {
	badRequest,
	domainErrorResponse,
	invalidForm,
	invariantResponse,
	requireFound,
} from '#app/utils/errors.ts'
import { withNotice } from '#app/utils/notice.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: tasksStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{
		title: data
			? `Usnesení a úkoly – ${data.meeting.title} | Síťovka`
			: 'Usnesení a úkoly | Síťovka',
	},
]

/**
 * Why the decisions cannot be changed by this person now, or null when they can: once the
 * minutes are approved they are part of the approved record (`locked.approved`); during a
 * correction or after the comments deadline only the managers change them (`locked.managers`).
 */
function decisionsLock(info: { access: string; minutesAccess: string; minutesState: string }) {
	if (info.minutesAccess === 'write') return null
	if (info.minutesState === 'approved' || info.minutesState === 'published') {
		return 'decisions.locked.approved' as const
	}
	return info.access === 'write' ? ('decisions.locked.managers' as const) : null
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const { meeting, access, info } = requireMeetingAccess(user, params.meetingId)
	const canWrite = access === 'write'
	// The decisions follow the minutes (frozen once approved; see `decisionsLock`).
	const canChangeDecisions = info.minutesAccess === 'write'
	const url = new URL(request.url)
	const today = pragueToday()
	const decisions = listDecisionsForMeeting(meeting.id)
	const tasks = listTasksForMeeting(meeting.id).map((task) => ({
		...task,
		overdue: isOverdue(task, today),
		canChangeStatus: canWrite || canChangeTaskStatus(user, task.id),
	}))
	const editDecisionId = canChangeDecisions ? url.searchParams.get('decision') : null
	const editTaskId = canWrite ? url.searchParams.get('task') : null
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			groupId: meeting.groupId,
			groupName: meeting.groupName,
		},
		canWrite,
		canChangeDecisions,
		decisionsLock: decisionsLock(info),
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
		if (submission.status !== 'success') {
			return invalidForm({ form: 'task-status' as const, result: submission.reply() })
		}
		const task = requireFound(
			listTasksForMeeting(meeting.id).find((row) => row.id === submission.value.taskId),
		)
		invariantResponse(access === 'write' || canChangeTaskStatus(user, task.id), undefined, {
			status: 403,
		})
		setTaskStatus(task.id, submission.value.status)
		return redirect(withNotice(here, 'notice.taskStatusChanged'))
	}

	requireWriteAccess(access)

	if (typeof intent === 'string' && intent.startsWith('decision-')) {
		// Asked again after reading the form: the minutes may have been approved meanwhile.
		const info = requireFound(getMeetingAccess(user, meeting.id))
		const lock = decisionsLock(info)
		invariantResponse(!lock, lock ?? undefined, { status: 403 })
		try {
			return changeDecisions(intent, formData, { meeting, userId: user.id, here })
		} catch (error) {
			throw domainErrorResponse(error)
		}
	}

	switch (intent) {
		case 'task-create':
		case 'task-update': {
			const submission = parseWithZod(formData, { schema: TaskSchema })
			if (submission.status !== 'success') {
				return invalidForm({ form: 'task' as const, result: submission.reply() })
			}
			const owner = resolveOwner(meeting.groupId, submission.value.owner)
			if (!owner) {
				return invalidForm({
					form: 'task' as const,
					result: submission.reply({ fieldErrors: { owner: ['tasks.owner.invalid'] } }),
				})
			}
			if (intent === 'task-create') {
				createTask(meeting, submission.value, owner, user.id)
				return redirect(withNotice(here, 'notice.taskAdded'))
			}
			const taskId = String(formData.get('taskId') ?? '')
			invariantResponse(updateTask(meeting.id, taskId, submission.value, owner), undefined, {
				status: 404,
			})
			return redirect(withNotice(here, 'notice.taskSaved'))
		}
		case 'task-delete': {
			invariantResponse(deleteTask(meeting.id, String(formData.get('taskId') ?? '')), undefined, {
				status: 404,
			})
			return redirect(withNotice(here, 'notice.taskDeleted'))
		}
		default:
			return badRequest()
	}
}

/**
 * `decision-create`, `decision-update`, `decision-delete` (the caller checked that the person
 * may change the decisions now). Deleting asks first: without `confirm=yes` the answer is 400
 * with the decision to confirm, and the page shows the question.
 */
function changeDecisions(
	intent: string,
	formData: FormData,
	{ meeting, userId, here }: { meeting: MeetingDetails; userId: string; here: string },
) {
	switch (intent) {
		case 'decision-create':
		case 'decision-update': {
			const schema = decisionSchema(presentCountFromAttendance(meeting.id))
			const submission = parseWithZod(formData, { schema })
			if (submission.status !== 'success') {
				return invalidForm({ form: 'decision' as const, result: submission.reply() })
			}
			if (intent === 'decision-create') {
				createDecision(meeting, submission.value, userId)
				return redirect(withNotice(here, 'notice.decisionAdded'))
			}
			const decisionId = String(formData.get('decisionId') ?? '')
			invariantResponse(updateDecision(meeting.id, decisionId, submission.value), undefined, {
				status: 404,
			})
			return redirect(withNotice(here, 'notice.decisionSaved'))
		}
		case 'decision-delete': {
			const decisionId = String(formData.get('decisionId') ?? '')
			const decision = requireFound(
				listDecisionsForMeeting(meeting.id).find((row) => row.id === decisionId),
			)
			if (formData.get('confirm') !== 'yes') {
				return invalidForm({
					form: 'decision-delete' as const,
					confirm: { id: decision.id, number: decision.number ?? '' },
				})
			}
			invariantResponse(deleteDecision(meeting.id, decision.id), undefined, { status: 404 })
			return redirect(withNotice(here, 'notice.decisionDeleted'))
		}
		default:
			return badRequest()
	}
}

export default function MeetingDecisionsPage() {
	const { t } = useTranslation()
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { meeting, canWrite, canChangeDecisions, decisions, tasks } = data
	const base = `/meetings/${meeting.id}/decisions`
	// The first "Smazat" asks; the question is answered here (see `changeDecisions`).
	const confirmDelete = actionData?.form === 'decision-delete' ? actionData.confirm : null
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
								{canChangeDecisions && confirmDelete?.id === decision.id ? (
									<DeleteDecisionConfirm
										decisionId={decision.id}
										number={decision.number ?? ''}
										cancelHref={base}
									/>
								) : canChangeDecisions ? (
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
				{canChangeDecisions ? (
					<DecisionForm
						key={data.editDecision?.id ?? 'new'}
						meetingId={meeting.id}
						agendaItems={data.agendaItems}
						presentFromAttendance={data.presentFromAttendance}
						editing={data.editDecision}
						lastResult={actionData?.form === 'decision' ? actionData.result : undefined}
					/>
				) : (
					<p className="muted">{t(data.decisionsLock ?? 'decisions.readOnly')}</p>
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

/**
 * The question before a decision is deleted, with the focus on it so that keyboard and screen
 * reader users hear it at once: "Ano, smazat" sends `confirm=yes`, "Ne, ponechat" goes back.
 */
function DeleteDecisionConfirm({
	decisionId,
	number,
	cancelHref,
}: {
	decisionId: string
	number: string
	cancelHref: string
}) {
	const { t } = useTranslation()
	const headingId = `delete-decision-${decisionId}`
	return (
		<Form
			method="post"
			className="stack decision__confirm"
			role="alertdialog"
			aria-labelledby={headingId}
			preventScrollReset
		>
			<p id={headingId} className="decision__confirm-title" tabIndex={-1} ref={focusOnMount}>
				<strong>{t('decisions.delete.confirmTitle', { number })}</strong>
			</p>
			<p>{t('decisions.delete.confirmText')}</p>
			<input type="hidden" name="intent" value="decision-delete" />
			<input type="hidden" name="decisionId" value={decisionId} />
			<input type="hidden" name="confirm" value="yes" />
			<div className="task__actions">
				<button type="submit" className="button button--danger">
					{t('decisions.delete.confirm', { number })}
				</button>
				<Link to={cancelHref} preventScrollReset>
					{t('decisions.delete.keep')}
				</Link>
			</div>
		</Form>
	)
}

function focusOnMount(element: HTMLElement | null) {
	element?.focus()
}
