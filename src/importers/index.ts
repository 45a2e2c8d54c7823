export * from './importer.js';
export * from './import-service.js';
export * from './progress.js';
export { AttachmentStore, ATTACHMENTS_FOLDER } from './attachment-store.js';
export { IMPORTERS, importerFor, supportedExtensions } from './importers.js';
export type { OriginalReader } from './original-reader.js';
