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
import { ResetPasswordSchema } from '#app/auth/auth.schema.ts'
import { requireStrongPassword } from '#app/auth/password-check.server.ts'
import { findValidPasswordReset, resetPassword } from '#app/auth/password-reset.server.ts'
import { PasswordStrengthMeter } from '#app/auth/password-strength-meter.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { getLocale } from '#app/i18n/locale.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { withNotice } from '#app/utils/notice.ts'
import { invalidForm } from '#app/utils/errors.ts'

export const meta: MetaFunction = () => [{ title: 'Nové heslo | Síťovka' }]

export async function loader({ params }: LoaderFunctionArgs) {
	return { valid: Boolean(findValidPasswordReset(params.token ?? '')) }
}

export async function action({ request, params }: ActionFunctionArgs) {
	const token = params.token ?? ''
	const locale = getLocale(request)
	const formData = await request.formData()
	const submission = parseWithZod(formData, {
		schema: ResetPasswordSchema.superRefine((value, ctx) =>
			requireStrongPassword(ctx, value.password, locale, []),
		),
	})
	if (submission.status !== 'success') {
		return invalidForm({
			result: submission.reply({ hideFields: ['password', 'confirmPassword'] }),
		})
	}
	const userId = await resetPassword(token, submission.value.password)
	if (!userId) {
		return invalidForm({
			result: submission.reply({
				formErrors: ['auth.reset.invalid'],
				hideFields: ['password', 'confirmPassword'],
			}),
		})
	}
	return redirect(withNotice('/login', 'notice.passwordReset'))
}

export default function ResetPasswordPage() {
	const { t } = useTranslation()
	const { valid } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const [password, setPassword] = useState('')
	const [form, fields] = useForm({
		id: 'reset-password',
		lastResult: actionData?.result,
		constraint: getZodConstraint(ResetPasswordSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
	})
	return (
		<section className="narrow stack" aria-labelledby="reset-title">
			<h1 id="reset-title">{t('auth.reset.title')}</h1>
			{valid ? (
				<Form method="post" className="form" {...getFormProps(form)}>
					<FormErrors id={form.errorId} errors={form.errors} />
					<Field
						label={t('auth.newPassword')}
						hint={t('auth.password.hint')}
						inputProps={{
							...getInputProps(fields.password, { type: 'password' }),
							autoComplete: 'new-password',
							onChange: (event) => setPassword(event.currentTarget.value),
						}}
						errors={fields.password.errors}
					>
						<PasswordStrengthMeter password={password} userInputs={[]} />
					</Field>
					<Field
						label={t('auth.confirmPassword')}
						inputProps={{
							...getInputProps(fields.confirmPassword, { type: 'password' }),
							autoComplete: 'new-password',
						}}
						errors={fields.confirmPassword.errors}
					/>
					<div className="actions">
						<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
							{t('auth.reset.submit')}
						</button>
					</div>
				</Form>
			) : (
				<>
					<p role="alert" className="form-errors">
						{t('auth.reset.invalid')}
					</p>
					<p>
						<Link to="/forgot-password">{t('auth.login.forgot')}</Link>
					</p>
				</>
			)}
		</section>
	)
}
