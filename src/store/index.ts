export * from './records.js';
export * from './changes.js';
export * from './graph-store.js';
export * from './open-store.js';
export { hasOpenedEmbeddedStore } from './connection/open-databases.js';
export { STORE_URL_ENV } from './connection/store-url.js';
export { importSnapshot, type ImportedSnapshot } from './snapshot/import-snapshot.js';
export { embeddedDatabaseDir } from './connection/store-url.js';
export { databaseLockHolder } from './integrity/database-lock.js';
