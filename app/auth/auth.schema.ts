import { z } from 'zod'

// Messages are keys into the i18n dictionaries; the page translates them.
export const EmailSchema = z
	.string({ required_error: 'error.required' })
	.trim()
	.min(1, 'error.required')
	.max(254, 'error.tooLong|max=254')
	.email('error.email')
	.transform((value) => value.toLowerCase())

export const NameSchema = z
	.string({ required_error: 'error.required' })
	.trim()
	.min(1, 'error.required')
	.max(120, 'error.tooLong|max=120')

/** Length only; the strength check (zxcvbn-ts) runs in a refinement with the person's name. */
export const NewPasswordSchema = z
	.string({ required_error: 'error.required' })
	.min(10, 'auth.password.tooShort')
	.max(200, 'error.tooLong|max=200')

export const LoginSchema = z.object({
	email: EmailSchema,
	password: z.string({ required_error: 'error.required' }).min(1, 'error.required'),
	redirectTo: z.string().optional(),
})

export const SetupSchema = z.object({
	name: NameSchema,
	email: EmailSchema,
	password: NewPasswordSchema,
	loadDemo: z.boolean().optional(),
})

export const ForgotPasswordSchema = z.object({ email: EmailSchema })

export const ResetPasswordSchema = z
	.object({
		password: NewPasswordSchema,
		confirmPassword: z.string({ required_error: 'error.required' }),
	})
	.refine((value) => value.password === value.confirmPassword, {
		path: ['confirmPassword'],
		message: 'auth.password.mismatch',
	})

export const AcceptInviteSchema = z.object({
	name: NameSchema,
	password: NewPasswordSchema,
})

export const ChangePasswordSchema = z.object({
	intent: z.literal('change-password'),
	currentPassword: z.string({ required_error: 'error.required' }).min(1, 'error.required'),
	password: NewPasswordSchema,
})
