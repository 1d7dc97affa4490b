import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { serializeSessionCookie } from '#app/auth/cookie.server.ts'
import { AcceptInvitationSchema } from '#app/auth/invitation.schema.ts'
import { acceptInvitation, inspectInvitation } from '#app/auth/invitations.server.ts'
import { requireStrongPassword } from '#app/auth/password-check.server.ts'
import { PasswordStrengthMeter } from '#app/auth/password-strength-meter.tsx'
import { createSession } from '#app/auth/session.server.ts'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { getLocale } from '#app/i18n/locale.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { withNotice } from '#app/utils/notice.ts'
import { invalidForm } from '#app/utils/errors.ts'

export const meta: MetaFunction = () => [{ title: 'Pozvánka | Síťovka' }]

/** What the accept page may show about an invitation: never its id or token hash. */
function describeInvitation(token: string) {
	const { state, invitation } = inspectInvitation(token)
	if (state !== 'valid' || !invitation) return { state, invitation: null }
	return {
		state,
		invitation: {
			email: invitation.email,
			name: invitation.name,
			inviterName: invitation.inviterName,
			organisationName: invitation.organisationName,
			groupName: invitation.groupName,
			groupRole: invitation.groupRole,
			isAdmin: invitation.isAdmin,
		},
	}
}

export async function loader({ params }: LoaderFunctionArgs) {
	return describeInvitation(params.token ?? '')
}

export async function action({ request, params }: ActionFunctionArgs) {
	const token = params.token ?? ''
	const locale = getLocale(request)
	const { invitation } = describeInvitation(token)
	const formData = await request.formData()
	const submission = parseWithZod(formData, {
		schema: AcceptInvitationSchema.superRefine((value, ctx) =>
			requireStrongPassword(ctx, value.password, locale, [value.name, invitation?.email]),
		),
	})
	if (submission.status !== 'success') {
		return invalidForm({ result: submission.reply({ hideFields: ['password'] }) })
	}
	const accepted = await acceptInvitation(token, { ...submission.value, locale })
	if (!accepted.ok) {
		return invalidForm({
			result: submission.reply({
				formErrors: [`groups.invite.${accepted.reason}`],
				hideFields: ['password'],
			}),
		})
	}
	const session = createSession(accepted.userId, request.headers.get('User-Agent'))
	const to = accepted.groupId ? `/groups/${accepted.groupId}` : '/'
	return redirect(withNotice(to, 'notice.invitationAccepted'), {
		headers: { 'Set-Cookie': serializeSessionCookie(session.token, session.expiresAt) },
	})
}

export default function AcceptInvitationPage() {
	const { t } = useTranslation()
	const { state, invitation } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const [password, setPassword] = useState('')
	const [form, fields] = useForm({
		id: 'accept-invitation',
		lastResult: actionData?.result,
		defaultValue: { name: invitation?.name ?? '' },
		constraint: getZodConstraint(AcceptInvitationSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: AcceptInvitationSchema }),
	})
	if (!invitation) {
		return (
			<section className="narrow stack" aria-labelledby="invite-title">
				<h1 id="invite-title">{t('groups.invite.accept.title')}</h1>
				<p role="alert" className="form-errors">
					{t(`groups.invite.${state}`)}
				</p>
				<p>
					<Link to="/login">{t('groups.invite.toLogin')}</Link>
				</p>
			</section>
		)
	}
	return (
		<section className="narrow stack" aria-labelledby="invite-title">
			<h1 id="invite-title">{t('groups.invite.accept.title')}</h1>
			<p>
				{invitation.inviterName
					? t('groups.invite.accept.from', { inviter: invitation.inviterName })
					: t('groups.invite.accept.fromUnknown')}
			</p>
			{invitation.groupName || invitation.organisationName || invitation.isAdmin ? (
				<dl className="details">
					{invitation.groupName ? (
						<>
							<dt>{t('groups.invite.group')}</dt>
							<dd>
								{invitation.groupName} ({t(`groups.role.${invitation.groupRole ?? 'member'}`)})
							</dd>
						</>
					) : null}
					{invitation.organisationName ? (
						<>
							<dt>{t('groups.invite.organisation')}</dt>
							<dd>{invitation.organisationName}</dd>
						</>
					) : null}
					{invitation.isAdmin ? (
						<>
							<dt>{t('groups.invite.accept.admin')}</dt>
							<dd>{t('groups.invite.accept.adminYes')}</dd>
						</>
					) : null}
				</dl>
			) : null}
			<p>{t('groups.invite.accept.account', { email: invitation.email })}</p>
			<p className="muted">{t('groups.invite.accept.intro')}</p>
			<Form method="post" className="form" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<Field
					label={t('auth.name')}
					inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name' }}
					errors={fields.name.errors}
				/>
				<Field
					label={t('auth.password')}
					hint={t('auth.password.hint')}
					inputProps={{
						...getInputProps(fields.password, { type: 'password' }),
						autoComplete: 'new-password',
						onChange: (event) => setPassword(event.currentTarget.value),
					}}
					errors={fields.password.errors}
				>
					<PasswordStrengthMeter
						password={password}
						userInputs={[fields.name.value ?? '', invitation.email]}
					/>
				</Field>
				<div className="actions">
					<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
						{t('groups.invite.accept.submit')}
					</button>
				</div>
			</Form>
		</section>
	)
}
