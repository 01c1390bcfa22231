// A question an agent asks the person through a form (ACP `elicitation/create`, form mode):
// persisted like a permission request, shown as a card in the chat, answered by API or CLI.
import { z } from 'zod';

export const ELICITATION_ACTIONS = ['accept', 'decline', 'cancel'] as const;
export const ElicitationActionSchema = z.enum(ELICITATION_ACTIONS);

/** A form answer: field → value, as the requested schema's property types allow. */
export const ElicitationContentSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]),
);
export type ElicitationContent = z.infer<typeof ElicitationContentSchema>;

export const ElicitationRequestSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  turnId: z.string().nullable(),
  message: z.string(),
  /** The JSON schema of the form (ACP `ElicitationSchema`: flat properties of string, number, boolean, enum). */
  requestedSchema: z.record(z.string(), z.unknown()),
  state: z.enum(['pending', 'answered', 'cancelled']),
  action: ElicitationActionSchema.nullable(),
  content: ElicitationContentSchema.nullable(),
  answeredBy: z.enum(['user', 'system']).nullable(),
  createdAt: z.string().min(1),
  answeredAt: z.string().nullable(),
});
export type ElicitationRequest = z.infer<typeof ElicitationRequestSchema>;
