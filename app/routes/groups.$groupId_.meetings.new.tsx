import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { getGroup, requireGroupManager } from '#app/groups/groups.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { MeetingSchema } from '#app/meetings/meeting.schema.ts'
import { createMeeting } from '#app/meetings/meetings.server.ts'
import { withNotice } from '#app/utils/notice.ts'

export const meta: MetaFunction = () => [{ title: 'Nové setkání | Síťovka' }]

/** Administrators and the group's convenors create its meetings. */
function requireManagedGroup(request: Request, groupId: string | undefined) {
	const user = requireUser(request)
	const group = groupId ? getGroup(groupId) : null
	if (!group) throw new Response('Not found', { status: 404 })
	requireGroupManager(user, group.id)
	return { user, group }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { group } = requireManagedGroup(request, params.groupId)
	return { group: { id: group.id, name: group.name } }
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, group } = requireManagedGroup(request, params.groupId)
	const formData = await request.formData()
	const submission = parseWithZod(formData, { schema: MeetingSchema })
	if (submission.status !== 'success') return { result: submission.reply() }
	const meeting = createMeeting(group.id, submission.value, user.id)
	return redirect(withNotice(`/meetings/${meeting.id}`, 'notice.meetingCreated'))
}

export default function NewMeetingPage() {
	const { t } = useTranslation()
	const { group } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: 'new-meeting',
		lastResult: actionData?.result,
		constraint: getZodConstraint(MeetingSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: MeetingSchema }),
	})
	return (
		<section className="stack" aria-labelledby="new-meeting-heading">
			<p>
				<Link to={`/groups/${group.id}`}>{t('meetings.backToGroup', { name: group.name })}</Link>
			</p>
			<h1 id="new-meeting-heading">{t('meetings.new.title')}</h1>
			<p>{t('meetings.new.intro', { group: group.name })}</p>
			<Form method="post" className="form" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<Field
					label={t('meetings.name')}
					hint={t('meetings.name.hint')}
					inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoComplete: 'off' }}
					errors={fields.title.errors}
				/>
				<Field
					label={t('meetings.startsAt')}
					hint={t('meetings.startsAt.hint')}
					inputProps={getInputProps(fields.startsAt, { type: 'datetime-local' })}
					errors={fields.startsAt.errors}
				/>
				<Field
					label={t('meetings.place')}
					hint={t('meetings.place.hint')}
					optional
					inputProps={{ ...getInputProps(fields.place, { type: 'text' }), autoComplete: 'off' }}
					errors={fields.place.errors}
				/>
				<div className="actions">
					<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
						{t('meetings.new.submit')}
					</button>
					<Link to={`/groups/${group.id}`}>{t('form.cancel')}</Link>
				</div>
			</Form>
		</section>
	)
}
