import { Form, Link } from '@remix-run/react'
import { useId } from 'react'
import { formatDate } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { TASK_STATUSES } from '#db/schema/meeting-work.ts'

export type TaskView = {
	id: string
	title: string
	description: string | null
	status: (typeof TASK_STATUSES)[number]
	dueDate: string | null
	ownerUserName: string | null
	ownerOrganisationName: string | null
	agendaItemTitle?: string | null
	meeting?: { id: string; title: string; startsAt: string | Date } | null
	groupName?: string
	overdue: boolean
}

/** A due date `YYYY-MM-DD` (a Prague day) shown in the locale's date format. */
function dueDateLabel(dueDate: string, locale: 'cs' | 'en') {
	// Noon UTC is the same calendar day in Prague.
	return formatDate(new Date(`${dueDate}T12:00:00Z`), locale)
}

/**
 * One task: title, owner, due date, status, "Po termínu" (words and a border, not colour alone),
 * a quick status change when allowed, and edit/delete links on the meeting page.
 */
export function TaskItem({
	task,
	canChangeStatus,
	editHref,
	canDelete,
}: {
	task: TaskView
	canChangeStatus: boolean
	editHref?: string
	canDelete?: boolean
}) {
	const { t, locale } = useTranslation()
	const statusId = useId()
	const owner = task.ownerUserName ?? task.ownerOrganisationName
	return (
		<li className={task.overdue ? 'task task--overdue' : 'task'}>
			<div className="task__head">
				<strong className="task__title">{task.title}</strong>{' '}
				{task.overdue ? <span className="badge badge--overdue">{t('tasks.overdue')}</span> : null}{' '}
				<span className={`badge badge--task-${task.status}`}>
					{t(`tasks.status.${task.status}`)}
				</span>
			</div>
			<p className="task__meta">
				<span>{t('tasks.owner.value', { name: owner ?? t('tasks.owner.none') })}</span>
				{' · '}
				<span>
					{task.dueDate ? (
						<time dateTime={task.dueDate}>
							{t('tasks.dueDate.value', { date: dueDateLabel(task.dueDate, locale) })}
						</time>
					) : (
						t('tasks.dueDate.none')
					)}
				</span>
				{task.agendaItemTitle ? (
					<>
						{' · '}
						<span>{t('decisions.agendaItem.label', { title: task.agendaItemTitle })}</span>
					</>
				) : null}
			</p>
			{task.groupName ? (
				<p className="task__meta">{t('tasks.group', { name: task.groupName })}</p>
			) : null}
			{task.meeting ? (
				<p className="task__meta">
					<Link to={`/meetings/${task.meeting.id}/decisions`}>
						{t('tasks.fromMeeting', {
							title: task.meeting.title,
							date: formatDate(new Date(task.meeting.startsAt), locale),
						})}
					</Link>
				</p>
			) : null}
			{task.description ? <p className="task__description">{task.description}</p> : null}
			{canChangeStatus || editHref || canDelete ? (
				<div className="task__actions">
					{canChangeStatus ? (
						<Form method="post" className="inline-form task__status-form" preventScrollReset>
							<input type="hidden" name="intent" value="task-status" />
							<input type="hidden" name="taskId" value={task.id} />
							<label htmlFor={statusId} className="visually-hidden">
								{t('tasks.status.changeLabel', { title: task.title })}
							</label>
							<select id={statusId} name="status" defaultValue={task.status}>
								{TASK_STATUSES.map((status) => (
									<option key={status} value={status}>
										{t(`tasks.status.${status}`)}
									</option>
								))}
							</select>
							<button type="submit" className="button button--secondary">
								{t('tasks.status.change')}
							</button>
						</Form>
					) : null}
					{editHref ? (
						<Link
							to={editHref}
							preventScrollReset
							aria-label={`${t('tasks.editLink')}: ${task.title}`}
						>
							{t('tasks.editLink')}
						</Link>
					) : null}
					{canDelete ? (
						<Form method="post" className="inline-form" preventScrollReset>
							<input type="hidden" name="intent" value="task-delete" />
							<input type="hidden" name="taskId" value={task.id} />
							<button
								type="submit"
								className="button button--danger"
								aria-label={t('tasks.deleteLabel', { title: task.title })}
							>
								{t('tasks.delete')}
							</button>
						</Form>
					) : null}
				</div>
			) : null}
		</li>
	)
}
