import { parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LinksFunction,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { TaskItem, type TaskView } from '#app/tasks/task-item.tsx'
import { TaskStatusSchema } from '#app/tasks/task.schema.ts'
import {
	canChangeTaskStatus,
	listMyTasks,
	pragueToday,
	readableMeetingIds,
	setTaskStatus,
} from '#app/tasks/tasks.server.ts'
import tasksStyles from '#app/tasks/tasks.css?url'
import { withNotice } from '#app/utils/notice.ts'
import { badRequest, notFound } from '#app/utils/errors.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: tasksStyles }]

export const meta: MetaFunction = () => [{ title: 'Moje úkoly | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const today = pragueToday()
	const mine = listMyTasks(user.id, today)
	const all = [...mine.overdue, ...mine.upcoming, ...mine.finished]
	const readable = readableMeetingIds(
		user,
		all.map((task) => task.meetingId),
	)
	const view = (overdue: boolean) => (task: (typeof all)[number]) =>
		({
			id: task.id,
			title: task.title,
			description: task.description,
			status: task.status,
			dueDate: task.dueDate,
			ownerUserName: task.ownerUserName,
			ownerOrganisationName: task.ownerOrganisationName,
			groupName: task.groupName,
			// Only meetings the person may open are named and linked (confidential ones stay hidden).
			meeting:
				task.meetingId && readable.has(task.meetingId) && task.meetingTitle && task.meetingStartsAt
					? { id: task.meetingId, title: task.meetingTitle, startsAt: task.meetingStartsAt }
					: null,
			overdue,
		}) satisfies TaskView
	return {
		today,
		overdue: mine.overdue.map(view(true)),
		upcoming: mine.upcoming.map(view(false)),
		finished: mine.finished.map(view(false)),
	}
}

export async function action({ request }: ActionFunctionArgs) {
	const user = requireUser(request)
	const formData = await request.formData()
	const submission = parseWithZod(formData, { schema: TaskStatusSchema })
	if (submission.status !== 'success') badRequest()
	if (!canChangeTaskStatus(user, submission.value.taskId)) {
		notFound()
	}
	setTaskStatus(submission.value.taskId, submission.value.status)
	return redirect(withNotice('/tasks', 'notice.taskStatusChanged'))
}

export default function MyTasksPage() {
	const { t } = useTranslation()
	const { overdue, upcoming, finished } = useLoaderData<typeof loader>()
	const groups = [
		{
			id: 'overdue',
			title: t('tasks.mine.overdue'),
			tasks: overdue,
			empty: t('tasks.mine.noneOverdue'),
		},
		{
			id: 'upcoming',
			title: t('tasks.mine.upcoming'),
			tasks: upcoming,
			empty: t('tasks.mine.noneUpcoming'),
		},
		{
			id: 'finished',
			title: t('tasks.mine.finished'),
			tasks: finished,
			empty: t('tasks.mine.noneFinished'),
		},
	]
	return (
		<div className="stack">
			<h1>{t('tasks.mine.title')}</h1>
			<p className="muted">{t('tasks.mine.intro')}</p>
			{groups.map((group) => (
				<section key={group.id} className="stack" aria-labelledby={`tasks-${group.id}`}>
					<h2 id={`tasks-${group.id}`}>
						{group.title} <span className="badge">{group.tasks.length}</span>
					</h2>
					{group.tasks.length ? (
						<ul className="list task-list">
							{group.tasks.map((task) => (
								<TaskItem key={task.id} task={task} canChangeStatus />
							))}
						</ul>
					) : (
						<p className="muted">{group.empty}</p>
					)}
				</section>
			))}
		</div>
	)
}
