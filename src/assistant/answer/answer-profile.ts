/** What a profile may let the assistant do beyond answering (answers themselves never run a tool). */
export const PROFILE_TOOLS = ['search', 'open', 'create_note'] as const;
export type ProfileTool = (typeof PROFILE_TOOLS)[number];

/** How the assistant answers: which model, in what voice, how freely. Profiles from the data folder take this shape. */
export interface AnswerProfile {
  name: string;
  /** Put before the fixed rules on quoted material (which no profile can remove). */
  systemPrompt?: string;
  /** A model name or role in the registry; 'chat' when absent. */
  model?: string;
  temperature?: number;
  tools?: ProfileTool[];
}
