export { AnswerService, type AnswerServices, type AskOptions, type ChatModels } from './answer-service.js';
export type { Answer, AnswerStatus, ConversationTurn } from './answer.js';
export type { AnswerProfile } from './answer-profile.js';
export type { Citation } from './citation.js';
export { fitPrompt, type FittedPrompt, type PromptBudget } from './fit-prompt.js';
export { findPassages, type FoundPassage } from './found-passage.js';
export { PROFILE_TOOLS, type ProfileTool } from './answer-profile.js';
export { ProfileFolder } from './profile-folder.js';
