import { parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { MeetingForm } from '#app/meetings/meeting-form.tsx'
import { NewMeetingSchema } from '#app/meetings/meeting.schema.ts'
import { createMeeting, requireGroupToPlan } from '#app/meetings/meetings.server.ts'
import { withNotice } from '#app/utils/notice.ts'
import { invalidForm } from '#app/utils/errors.ts'

export const meta: MetaFunction = () => [{ title: 'Nové setkání | Síťovka' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { group } = requireGroupToPlan(request, params.groupId)
	return { group: { id: group.id, name: group.name } }
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, group } = requireGroupToPlan(request, params.groupId)
	const formData = await request.formData()
	const submission = parseWithZod(formData, { schema: NewMeetingSchema })
	if (submission.status !== 'success') return invalidForm({ result: submission.reply() })
	const meeting = createMeeting(group.id, submission.value, user.id)
	return redirect(withNotice(`/meetings/${meeting.id}`, 'notice.meetingCreated'))
}

export default function NewMeetingPage() {
	const { t } = useTranslation()
	const { group } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<section className="stack" aria-labelledby="new-meeting-heading">
			<p>
				<Link to={`/groups/${group.id}`}>{t('meetings.backToGroup', { name: group.name })}</Link>
			</p>
			<h1 id="new-meeting-heading">{t('meetings.new.title')}</h1>
			<p>{t('meetings.new.intro', { group: group.name })}</p>
			<MeetingForm
				id="new-meeting"
				isNew
				lastResult={actionData?.result}
				defaultValue={{}}
				submitLabel={t('meetings.new.submit')}
				cancelTo={`/groups/${group.id}`}
			/>
		</section>
	)
}
