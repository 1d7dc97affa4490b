import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import {
	Form,
	NavLink,
	Outlet,
	useActionData,
	useLoaderData,
	useNavigation,
} from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { requireUser } from '#app/auth/auth.server.ts'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { formatDateTime } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { requireMeetingAccess, requireWriteAccess } from '#app/meetings/meetings.server.ts'
import { useMinutesContext } from '#app/minutes/minutes-context.ts'
import { useDocState } from '#app/minutes/use-doc-state.ts'
import { SaveVersionSchema } from '#app/minutes/version.schema.ts'
import { listVersions, recordVersion } from '#app/minutes/versions.server.ts'
import { docStatus } from '#app/realtime/status.ts'
import { invalidForm } from '#app/utils/errors.ts'
import { withNotice } from '#app/utils/notice.ts'
import { meetingMinutesDocumentName } from '#app/minutes/minutes-doc.ts'

export const meta: MetaFunction = ({ matches }) => {
	const meeting = matches.find((match) => match.id === 'routes/meetings.$meetingId')?.data as
		{ meeting?: { title: string } } | undefined
	return [{ title: `Historie verzí – ${meeting?.meeting?.title ?? 'Setkání'} | Síťovka` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const { meeting, access } = requireMeetingAccess(user, params.meetingId)
	return {
		versions: listVersions(meetingMinutesDocumentName(meeting.id)),
		canWrite: access === 'write',
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = requireUser(request)
	const { meeting, access } = requireMeetingAccess(user, params.meetingId)
	requireWriteAccess(access)
	const formData = await request.formData()
	const submission = parseWithZod(formData, { schema: SaveVersionSchema })
	if (submission.status !== 'success') return invalidForm({ result: submission.reply() })
	await recordVersion(meetingMinutesDocumentName(meeting.id), {
		kind: 'manual',
		name: submission.value.name,
		userId: user.id,
	})
	return redirect(withNotice(`/meetings/${meeting.id}/versions`, 'notice.versionSaved'))
}

export default function VersionsPanel() {
	const { t, locale } = useTranslation()
	const { versions, canWrite } = useLoaderData<typeof loader>()
	const context = useMinutesContext()
	const headingRef = useRef<HTMLHeadingElement>(null)
	// Opening the history from the button moves the reader there.
	useEffect(() => headingRef.current?.focus(), [])
	return (
		<section aria-labelledby="versions-title" className="card stack versions">
			<h2 id="versions-title" ref={headingRef} tabIndex={-1}>
				{t('minutes.versions.title')}
			</h2>
			<p className="muted">{t('minutes.versions.intro')}</p>
			{/* A new key after each saved version empties the name field. */}
			{canWrite ? <SaveVersionForm key={versions.length} /> : null}
			<Outlet context={context} />
			{versions.length ? (
				<div className="table-wrap">
					<table className="table versions-table">
						<caption className="visually-hidden">{t('minutes.versions.caption')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('minutes.versions.name.column')}</th>
								<th scope="col">{t('minutes.versions.time')}</th>
								<th scope="col">{t('minutes.versions.author')}</th>
								<th scope="col">{t('minutes.versions.kind')}</th>
							</tr>
						</thead>
						<tbody>
							{versions.map((version) => (
								<tr key={version.id}>
									<td>
										<NavLink to={version.id} preventScrollReset>
											{version.name ?? t('minutes.versions.autoName')}
										</NavLink>
									</td>
									<td>{formatDateTime(new Date(version.createdAt), locale)}</td>
									<td>
										{version.authorName ??
											(version.kind === 'auto' ? t('minutes.versions.system') : '—')}
									</td>
									<td>
										<span className="badge">{t(`minutes.versions.kind.${version.kind}`)}</span>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			) : (
				<p className="muted">{t('minutes.versions.none')}</p>
			)}
		</section>
	)
}

function SaveVersionForm() {
	const { t } = useTranslation()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const { session } = useMinutesContext()
	const state = useDocState(session?.handle)
	const status = docStatus(state)
	// A version holds what the server stored; wait until every change is there.
	const waiting = session !== null && status !== 'saved' && status !== 'synced'
	const [form, fields] = useForm({
		id: 'save-version',
		lastResult: actionData?.result,
		constraint: getZodConstraint(SaveVersionSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: SaveVersionSchema }),
	})
	return (
		<Form method="post" className="form" preventScrollReset {...getFormProps(form)}>
			<input type="hidden" name="intent" value="saveVersion" />
			<FormErrors id={form.errorId} errors={form.errors} />
			<Field
				label={t('minutes.versions.name')}
				hint={waiting ? t('minutes.versions.save.wait') : t('minutes.versions.name.hint')}
				inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }}
				errors={fields.name.errors}
			/>
			<div className="actions">
				<button
					type="submit"
					className="button"
					disabled={waiting || navigation.state === 'submitting'}
				>
					{t('minutes.versions.save.submit')}
				</button>
			</div>
		</Form>
	)
}
