import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import { InvitationSchema } from '#app/auth/invitation.schema.ts'
import {
	checkInvitationAllowed,
	createInvitation,
	invitationNotice,
	listInvitableOrganisations,
} from '#app/auth/invitations.server.ts'
import { ErrorList, Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { listManagedGroups } from '#app/groups/groups.server.ts'
import { useResetAfterRedirect } from '#app/groups/use-reset-after-redirect.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { withNotice } from '#app/utils/notice.ts'
import { GROUP_ROLES } from '#db/schema/groups.ts'
import { forbidden, invalidForm } from '#app/utils/errors.ts'

export const meta: MetaFunction = () => [{ title: 'Pozvat do Síťovky | Síťovka' }]

/** Administrators invite anyone; convenors only into groups they convene. */
function requireInviter(request: Request) {
	const user = requireUser(request)
	const groups = listManagedGroups(user)
	if (!user.isAdmin && groups.length === 0) forbidden()
	return { user, groups }
}

export async function loader({ request }: LoaderFunctionArgs) {
	const { user, groups } = requireInviter(request)
	const organisations = listInvitableOrganisations(user)
	const url = new URL(request.url)
	const groupId = url.searchParams.get('groupId')
	const organisationId = url.searchParams.get('organisationId')
	return {
		isAdmin: user.isAdmin,
		groups,
		organisations,
		defaults: {
			groupId: groups.some((group) => group.id === groupId)
				? (groupId ?? undefined)
				: // A convenor of one group has nothing to choose.
					!user.isAdmin && groups.length === 1
					? groups[0]!.id
					: undefined,
			organisationId: organisations.some((organisation) => organisation.id === organisationId)
				? (organisationId ?? undefined)
				: undefined,
		},
	}
}

export async function action({ request }: ActionFunctionArgs) {
	const { user } = requireInviter(request)
	const formData = await request.formData()
	const submission = parseWithZod(formData, { schema: InvitationSchema })
	if (submission.status !== 'success') return invalidForm({ result: submission.reply() })
	const value = submission.value
	const fieldErrors = checkInvitationAllowed(user, value)
	if (fieldErrors) return invalidForm({ result: submission.reply({ fieldErrors }) })
	const outcome = await createInvitation({
		...value,
		invitedBy: user,
		locale: user.locale,
	})
	// Back to an empty form for the next person, keeping the chosen group and organisation.
	const next = new URLSearchParams()
	if (value.groupId) next.set('groupId', value.groupId)
	if (value.organisationId) next.set('organisationId', value.organisationId)
	const query = next.toString()
	return redirect(
		withNotice(`/invitations/new${query ? `?${query}` : ''}`, invitationNotice(outcome)),
	)
}

export default function NewInvitationPage() {
	const { t } = useTranslation()
	const { isAdmin, groups, organisations, defaults } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: 'invitation',
		lastResult: actionData?.result,
		defaultValue: { ...defaults, groupRole: 'member' },
		constraint: getZodConstraint(InvitationSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: InvitationSchema }),
	})
	useResetAfterRedirect(form, (formData) => formData.has('email'))
	return (
		<section className="narrow stack" aria-labelledby="invitation-title">
			<h1 id="invitation-title">{t('groups.invite.pageTitle')}</h1>
			<p>{t('groups.invite.pageIntro')}</p>
			<Form method="post" className="form" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<Field
					label={t('groups.invite.email')}
					inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
					errors={fields.email.errors}
				/>
				<Field
					label={t('groups.invite.name')}
					hint={t('groups.invite.name.hint')}
					optional
					inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }}
					errors={fields.name.errors}
				/>
				{organisations.length > 0 ? (
					<SelectField
						label={t('groups.invite.organisation')}
						optional
						selectProps={getSelectProps(fields.organisationId)}
						placeholder={t('groups.invite.noOrganisation')}
						options={organisations.map((organisation) => ({
							value: organisation.id,
							label: organisation.name,
						}))}
						errors={fields.organisationId.errors}
					/>
				) : null}
				<SelectField
					label={t('groups.invite.group')}
					optional={isAdmin}
					selectProps={getSelectProps(fields.groupId)}
					placeholder={isAdmin ? t('groups.invite.noGroup') : t('groups.invite.chooseGroup')}
					options={groups.map((group) => ({ value: group.id, label: group.name }))}
					errors={fields.groupId.errors}
				/>
				<SelectField
					label={t('groups.invite.role')}
					selectProps={getSelectProps(fields.groupRole)}
					options={GROUP_ROLES.map((role) => ({ value: role, label: t(`groups.role.${role}`) }))}
					errors={fields.groupRole.errors}
				/>
				{isAdmin ? (
					<div className="field">
						<div className="checkbox">
							<input
								{...getInputProps(fields.isAdmin, { type: 'checkbox' })}
								aria-describedby={`${fields.isAdmin.id}-hint`}
							/>
							<label htmlFor={fields.isAdmin.id}>{t('groups.invite.isAdmin')}</label>
						</div>
						<p id={`${fields.isAdmin.id}-hint`} className="field-hint">
							{t('groups.invite.isAdmin.hint')}
						</p>
						<ErrorList errors={fields.isAdmin.errors} />
					</div>
				) : null}
				<div className="actions">
					<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
						{t('groups.invite.submit')}
					</button>
				</div>
			</Form>
		</section>
	)
}
