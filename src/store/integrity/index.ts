export { checkDatabase, type DatabaseCheck, type DatabaseState } from './check-database.js';
export { repairDatabase, type RepairResult } from './repair-database.js';
export { embeddedDatabaseDir } from '../connection/store-url.js';
