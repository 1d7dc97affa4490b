import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useNavigation } from '@remix-run/react'
import { requireAnonymous } from '#app/auth/auth.server.ts'
import { ForgotPasswordSchema } from '#app/auth/auth.schema.ts'
import { sendPasswordResetMail } from '#app/auth/password-reset.server.ts'
import { findUserByEmail } from '#app/auth/users.server.ts'
import { Field } from '#app/components/ui/field.tsx'
import { getLocale } from '#app/i18n/locale.server.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { invalidForm } from '#app/utils/errors.ts'

export const meta: MetaFunction = () => [{ title: 'Obnovení hesla | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	requireAnonymous(request)
	return null
}

export async function action({ request }: ActionFunctionArgs) {
	const formData = await request.formData()
	const submission = parseWithZod(formData, { schema: ForgotPasswordSchema })
	if (submission.status !== 'success') {
		return invalidForm({ result: submission.reply(), sent: false })
	}
	const user = findUserByEmail(submission.value.email)
	// The answer is the same whether or not the account exists: no one learns who has an account.
	if (user) await sendPasswordResetMail(user, getLocale(request))
	return { result: submission.reply(), sent: true }
}

export default function ForgotPasswordPage() {
	const { t } = useTranslation()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: 'forgot-password',
		lastResult: actionData?.result,
		constraint: getZodConstraint(ForgotPasswordSchema),
		shouldValidate: 'onBlur',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
	})
	return (
		<section className="narrow stack" aria-labelledby="forgot-title">
			<h1 id="forgot-title">{t('auth.forgot.title')}</h1>
			{actionData?.sent ? (
				<p role="status" className="notice">
					{t('auth.forgot.sent')}
				</p>
			) : (
				<>
					<p>{t('auth.forgot.intro')}</p>
					<Form method="post" className="form" {...getFormProps(form)}>
						<Field
							label={t('auth.email')}
							inputProps={{
								...getInputProps(fields.email, { type: 'email' }),
								autoComplete: 'email',
							}}
							errors={fields.email.errors}
						/>
						<div className="actions">
							<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
								{t('auth.forgot.submit')}
							</button>
						</div>
					</Form>
				</>
			)}
		</section>
	)
}
