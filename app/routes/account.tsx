import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { requireSession } from '#app/auth/auth.server.ts'
import { ChangePasswordSchema } from '#app/auth/auth.schema.ts'
import { requireStrongPassword } from '#app/auth/password-check.server.ts'
import { PasswordStrengthMeter } from '#app/auth/password-strength-meter.tsx'
import { verifyPassword } from '#app/auth/password.server.ts'
import { invalidateOtherSessions, listSessions } from '#app/auth/session.server.ts'
import { findUserByEmail, setPassword } from '#app/auth/users.server.ts'
import { Field } from '#app/components/ui/field.tsx'
import { formatDateTime } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { withNotice } from '#app/utils/notice.ts'

export const meta: MetaFunction = () => [{ title: 'Můj účet | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const session = requireSession(request)
	const sessions = listSessions(session.user.id).map((row) => ({
		id: row.id,
		current: row.id === session.id,
		lastUsedAt: row.lastUsedAt.getTime(),
		userAgent: row.userAgent,
	}))
	return { user: session.user, sessions }
}

export async function action({ request }: ActionFunctionArgs) {
	const session = requireSession(request)
	const formData = await request.formData()
	if (formData.get('intent') === 'sign-out-others') {
		invalidateOtherSessions(session.user.id, session.id)
		return redirect(withNotice('/account', 'notice.signedOutOthers'))
	}
	const user = findUserByEmail(session.user.email)
	if (!user) throw redirect('/login')
	const submission = await parseWithZod(formData, {
		schema: ChangePasswordSchema.superRefine(async (value, ctx) => {
			if (
				value.currentPassword &&
				!(await verifyPassword(user.passwordHash, value.currentPassword))
			) {
				ctx.addIssue({
					code: 'custom',
					path: ['currentPassword'],
					message: 'auth.account.wrongPassword',
				})
			}
			requireStrongPassword(ctx, value.password, session.user.locale, [user.name, user.email])
		}),
		async: true,
	})
	if (submission.status !== 'success') {
		return { result: submission.reply({ hideFields: ['currentPassword', 'password'] }) }
	}
	await setPassword(user.id, submission.value.password)
	invalidateOtherSessions(user.id, session.id)
	return redirect(withNotice('/account', 'notice.passwordChanged'))
}

/** "Chrome na Linuxu" is more useful than the raw user-agent string. */
function describeDevice(userAgent: string | null) {
	if (!userAgent) return null
	const browser = /Edg\//.test(userAgent)
		? 'Edge'
		: /Firefox\//.test(userAgent)
			? 'Firefox'
			: /Chrome\//.test(userAgent)
				? 'Chrome'
				: /Safari\//.test(userAgent)
					? 'Safari'
					: null
	const system = /Android/.test(userAgent)
		? 'Android'
		: /iPhone|iPad/.test(userAgent)
			? 'iOS'
			: /Windows/.test(userAgent)
				? 'Windows'
				: /Mac OS X/.test(userAgent)
					? 'macOS'
					: /Linux/.test(userAgent)
						? 'Linux'
						: null
	return [browser, system].filter(Boolean).join(', ') || null
}

export default function AccountPage() {
	const { t, locale } = useTranslation()
	const { user, sessions } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const [password, setNewPassword] = useState('')
	const [form, fields] = useForm({
		id: 'change-password',
		lastResult: actionData?.result,
		constraint: getZodConstraint(ChangePasswordSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
	})
	const others = sessions.filter((session) => !session.current)
	return (
		<div className="stack">
			<h1>{t('auth.account.title')}</h1>
			<dl className="details">
				<dt>{t('auth.name')}</dt>
				<dd>{user.name}</dd>
				<dt>{t('auth.email')}</dt>
				<dd>{user.email}</dd>
			</dl>
			<section aria-labelledby="sessions-title" className="card">
				<h2 id="sessions-title">{t('auth.account.sessions')}</h2>
				<ul className="list">
					{sessions.map((session) => (
						<li key={session.id}>
							{describeDevice(session.userAgent) ?? t('auth.account.unknownDevice')}{' '}
							{session.current ? (
								<span className="badge">{t('auth.account.current')}</span>
							) : (
								<span className="muted">
									{t('auth.account.lastUsed', { date: formatDateTime(session.lastUsedAt, locale) })}
								</span>
							)}
						</li>
					))}
				</ul>
				{others.length > 0 ? (
					<Form method="post">
						<input type="hidden" name="intent" value="sign-out-others" />
						<button type="submit" className="button button--secondary">
							{t('auth.account.signOutOthers')}
						</button>
					</Form>
				) : (
					<p className="muted">{t('auth.account.noOthers')}</p>
				)}
			</section>
			<section aria-labelledby="password-title" className="card">
				<h2 id="password-title">{t('auth.account.changePassword')}</h2>
				<Form method="post" className="form" {...getFormProps(form)}>
					<input type="hidden" name="intent" value="change-password" />
					<Field
						label={t('auth.account.currentPassword')}
						inputProps={{
							...getInputProps(fields.currentPassword, { type: 'password' }),
							autoComplete: 'current-password',
						}}
						errors={fields.currentPassword.errors}
					/>
					<Field
						label={t('auth.newPassword')}
						hint={t('auth.password.hint')}
						inputProps={{
							...getInputProps(fields.password, { type: 'password' }),
							autoComplete: 'new-password',
							onChange: (event) => setNewPassword(event.currentTarget.value),
						}}
						errors={fields.password.errors}
					>
						<PasswordStrengthMeter password={password} userInputs={[user.name, user.email]} />
					</Field>
					<div className="actions">
						<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
							{t('form.save')}
						</button>
					</div>
				</Form>
			</section>
		</div>
	)
}
